import { dec, type Decimal } from '@roottrading/accounting';
import { quoteOf } from '@roottrading/contracts';
import type { ClosedPosition, EngineOrder, EngineOutput, EngineState, EngineTrade } from '@roottrading/engine';

export interface EquityPoint {
  time: number;
  value: Decimal;
}

/** A trade with the account's sequence number of its output (records that share a time keep their order). */
export type RecordedTrade = EngineTrade & { seq: number };

/** How much of the run a quote currency had a position open. */
export interface Exposure {
  /** Candle times stepped. */
  steps: number;
  /** Of those, the ones ending with a position open in this currency. */
  inMarket: number;
}

/** First and last price of a symbol over the run: its buy-and-hold. */
export interface HoldPrices {
  firstOpen: Decimal;
  lastClose: Decimal;
}

/**
 * Keeps what a backtest reports from the engine's outputs: every order in its final state (in the
 * order placed), the trades, the closed positions, and an equity point per quote currency each time
 * candle time crosses a multiple of `everyMs` (the trader's EQUITY_SNAPSHOT_EVERY), plus the last.
 */
export class Recorder {
  readonly orders = new Map<string, EngineOrder>();
  readonly trades: RecordedTrade[] = [];
  readonly closed: ClosedPosition[] = [];
  readonly equity = new Map<string, EquityPoint[]>();
  readonly exposure = new Map<string, Exposure>();
  readonly hold = new Map<string, HoldPrices>();
  private readonly quotes: string[];
  private lastBucket: number | null = null;
  private lastTime: number | null = null;

  constructor(
    private readonly symbols: readonly string[],
    private readonly everyMs: number,
  ) {
    this.quotes = [...new Set(symbols.map(quoteOf))];
    for (const q of this.quotes) {
      this.equity.set(q, []);
      this.exposure.set(q, { steps: 0, inMarket: 0 });
    }
  }

  outputs(outputs: readonly EngineOutput[]): void {
    for (const o of outputs) {
      if (o.type === 'order' || o.type === 'order-updated') this.orders.set(o.order.id, o.order);
      else if (o.type === 'trade') this.trades.push({ ...o.trade, seq: o.seq });
      else if (o.type === 'position-closed') this.closed.push(o.closed);
    }
  }

  /** A candle's prices, for buy-and-hold. */
  price(symbol: string, open: Decimal, close: Decimal): void {
    const held = this.hold.get(symbol);
    if (held) held.lastClose = close;
    else this.hold.set(symbol, { firstOpen: open, lastClose: close });
  }

  /** Every symbol's candle at one time has been stepped: the account as of that close. */
  stepped(closeTime: number, state: Readonly<EngineState>): void {
    const open = new Set<string>();
    for (const [symbol, quantity] of state.valuation.held) if (quantity.gt(0)) open.add(quoteOf(symbol));
    for (const q of this.quotes) {
      const e = this.exposure.get(q)!;
      e.steps++;
      if (open.has(q)) e.inMarket++;
    }
    const bucket = Math.floor(closeTime / this.everyMs);
    if (this.lastBucket === null || bucket !== this.lastBucket) this.point(closeTime, state);
    this.lastBucket = bucket;
    this.lastTime = closeTime;
    this.lastState = state;
  }

  /** The run is over: the last close's equity closes the curve. */
  finish(): void {
    if (this.lastTime === null || !this.lastState) return;
    const last = this.equity.get(this.quotes[0]!)!.at(-1);
    if (last?.time !== this.lastTime) this.point(this.lastTime, this.lastState);
  }

  private lastState: Readonly<EngineState> | undefined;

  private point(time: number, state: Readonly<EngineState>): void {
    for (const q of this.quotes) {
      const cash = state.balances.get(q);
      const value = (cash ? cash.free.plus(cash.locked) : dec(0)).plus(state.valuation.value.get(q) ?? 0);
      this.equity.get(q)!.push({ time, value });
    }
  }
}
