import type { Logger } from '@roottrading/logger';

/**
 * Live mode trades real money, so only prices from the exchange it trades on may move its stops,
 * its equity and its kill switch: a replay or a synthetic walk on the market channel (a gateway
 * left on MARKET_SOURCE=replay) must never sell a real position. Other candles are ignored,
 * counted per source for /health, and reported once per source at error level.
 */
export class LiveCandleSource {
  readonly expected: string;
  readonly ignored = new Map<string, number>();

  constructor(
    exchangeId: string,
    private readonly logger: Logger,
  ) {
    // The gateway's ccxt source names its candles so (services/gateway/src/sources/ccxt.ts).
    this.expected = `ccxt:${exchangeId}`;
  }

  accepts(source: string): boolean {
    if (source === this.expected) return true;
    const seen = (this.ignored.get(source) ?? 0) + 1;
    this.ignored.set(source, seen);
    if (seen === 1) {
      this.logger.error(
        { source, expected: this.expected },
        `live mode ignores candles from "${source}": only ${this.expected} prices move live stops and the kill switch (run the gateway with MARKET_SOURCE=ccxt)`,
      );
    }
    return false;
  }

  health(): { expected: string; ignored: Record<string, number> } {
    return { expected: this.expected, ignored: Object.fromEntries(this.ignored) };
  }
}
