import type { Candle, TotalBalanceMessage } from '@roottrading/contracts';

export interface KnownPrice {
  price: string;
  /** "market": the close of the latest candle on market:data; "account": the trader's last published valuation. */
  source: 'market' | 'account';
  /** Candle open time (market) or the message's time (account). */
  time: Date;
  /** Wall-clock time this service received it, for /health's age (a replay's candle time is far in the past). */
  receivedAt: Date;
}

/**
 * The latest close per symbol from the market channels. The newest message received wins, not the
 * newest candle time: a channel is ordered, so an older candle time only arrives when a replay
 * starts over, and then it is what the market shows now.
 */
export class LastPrices {
  private readonly closes = new Map<string, KnownPrice>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  acceptCandle(candle: Candle): void {
    this.closes.set(candle.symbol, {
      price: candle.close,
      source: 'market',
      time: new Date(candle.startTime),
      receivedAt: this.now(),
    });
  }

  /** The candle close, or else the price the trader last valued the symbol at (so a restart has prices at once). */
  get(symbol: string, totals: TotalBalanceMessage | undefined): KnownPrice | undefined {
    const market = this.closes.get(symbol);
    if (market) return market;
    for (const t of totals?.totals ?? []) {
      const price = t.prices[symbol];
      if (price !== undefined) {
        const time = new Date(totals!.timestamp);
        return { price, source: 'account', time, receivedAt: time };
      }
    }
    return undefined;
  }
}
