import { toPlain, type Decimal } from '@roottrading/accounting';

export interface LastPrice {
  price: Decimal;
  /** Close time of the candle it came from (ms). */
  candleCloseTime: number;
  /** Wall-clock time it arrived (ms): freshness is judged on this, since a replay sends old candles. */
  receivedAt: number;
}

export type PriceLookup = { ok: true; price: Decimal } | { ok: false; reason: string };

/** The latest close per symbol, as the market-data feed delivers it. */
export class LastPrices {
  private readonly prices = new Map<string, LastPrice>();

  set(symbol: string, price: Decimal, candleCloseTime: number, receivedAt: number): void {
    this.prices.set(symbol, { price, candleCloseTime, receivedAt });
  }

  get(symbol: string): LastPrice | undefined {
    return this.prices.get(symbol);
  }

  /** Every known price, whatever its age: valuation uses the best price known. */
  all(): Map<string, Decimal> {
    return new Map([...this.prices].map(([symbol, p]) => [symbol, p.price]));
  }

  /** A price to trade on now: refused when there is none or it is older than maxAgeMs. */
  fresh(symbol: string, now: number, maxAgeMs: number): PriceLookup {
    return freshPrice(symbol, this.prices.get(symbol), now, maxAgeMs);
  }

  /** For /health: price and age per symbol. */
  describe(now: number): Record<string, { price: string; ageMs: number; candleCloseTime: number }> {
    const out: Record<string, { price: string; ageMs: number; candleCloseTime: number }> = {};
    for (const [symbol, p] of this.prices) {
      out[symbol] = { price: toPlain(p.price), ageMs: now - p.receivedAt, candleCloseTime: p.candleCloseTime };
    }
    return out;
  }
}

export function freshPrice(symbol: string, last: LastPrice | undefined, now: number, maxAgeMs: number): PriceLookup {
  if (!last) return { ok: false, reason: `no price known for ${symbol} yet; is market data flowing?` };
  const age = now - last.receivedAt;
  if (age > maxAgeMs) {
    return {
      ok: false,
      reason: `last price of ${symbol} is ${Math.round(age / 1000)}s old (limit ${Math.round(maxAgeMs / 1000)}s); is market data flowing?`,
    };
  }
  return { ok: true, price: last.price };
}
