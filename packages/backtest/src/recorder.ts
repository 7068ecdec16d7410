import { dec, toPlain, type Decimal } from '@roottrading/accounting';
import { quoteOf } from '@roottrading/contracts';
import type {
  ClosedPosition,
  EngineCandle,
  EngineOrder,
  EngineOutput,
  EngineState,
  EngineTrade,
} from '@roottrading/engine';

export interface EquityPoint {
  time: number;
  value: Decimal;
}

/** An order in its final state, as the ledger records it (a limit's price; a market order's is its fills'). */
export interface OrderRow {
  id: string;
  strategy: string;
  symbol: string;
  side: string;
  type: string;
  status: string;
  reason: string | null;
  price: string | null;
  quantity: string;
  signalId: string | null;
  placedAt: number;
}

/** A trade, money as decimal strings, with the account's sequence number (records sharing a time keep their order). */
export interface TradeRow {
  seq: number;
  strategy: string;
  symbol: string;
  side: string;
  time: number;
  price: string;
  quantity: string;
  quoteQuantity: string;
  fee: string;
  feeCurrency: string;
  feeQuote: string | null;
  role: string;
  realizedPnl: string | null;
  exitReason: string | null;
  signalId: string | null;
}

export interface ClosedRow {
  strategy: string;
  symbol: string;
  exitReason: string;
  quantity: string;
  entryPrice: string;
  exitPrice: string;
  openedAt: number;
  closedAt: number;
  grossPnl: string;
  fees: string;
  netPnl: string;
}

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

const plainOrNull = (v: Decimal | null) => (v === null ? null : toPlain(v));

/**
 * Keeps what a backtest reports from the engine's outputs, as compact plain rows (a long run's
 * records are the bulk of its memory): every order in its final state (in the order placed), the
 * trades, the closed positions, the fees per quote currency, and an equity point per quote currency
 * each time candle time crosses a multiple of `everyMs` (the trader's EQUITY_SNAPSHOT_EVERY), plus the last.
 */
export class Recorder {
  readonly orders = new Map<string, OrderRow>();
  readonly trades: TradeRow[] = [];
  readonly closed: ClosedRow[] = [];
  readonly fees = new Map<string, Decimal>();
  readonly equity = new Map<string, EquityPoint[]>();
  readonly exposure = new Map<string, Exposure>();
  readonly hold = new Map<string, HoldPrices>();
  private readonly quotes: string[];
  private lastBucket: number | null = null;
  private lastTime: number | null = null;
  private lastState: Readonly<EngineState> | undefined;

  constructor(
    symbols: readonly string[],
    private readonly everyMs: number,
  ) {
    this.quotes = [...new Set(symbols.map(quoteOf))];
    for (const q of this.quotes) {
      this.equity.set(q, []);
      this.exposure.set(q, { steps: 0, inMarket: 0 });
      this.fees.set(q, dec(0));
    }
  }

  outputs(outputs: readonly EngineOutput[]): void {
    for (const o of outputs) {
      if (o.type === 'order' || o.type === 'order-updated') this.order(o.order);
      else if (o.type === 'trade') this.trade(o.trade, o.seq);
      else if (o.type === 'position-closed') this.close(o.closed);
    }
  }

  /**
   * A candle's prices, for buy-and-hold. Takes the candle, not its prices: only the first candle's
   * open is read (an engine candle may parse a price when it is first read).
   */
  price(candle: Pick<EngineCandle, 'symbol' | 'open' | 'close'>): void {
    const held = this.hold.get(candle.symbol);
    if (held) held.lastClose = candle.close;
    else this.hold.set(candle.symbol, { firstOpen: candle.open, lastClose: candle.close });
  }

  /** Every symbol's candle at one time has been stepped: the account as of that close. */
  stepped(closeTime: number, state: Readonly<EngineState>): void {
    for (const q of this.quotes) this.exposure.get(q)!.steps++;
    for (const [symbol, quantity] of state.valuation.held) {
      // gt(0) without making a Decimal of 0 for every held symbol at every candle time.
      if (quantity.isZero() || !quantity.isPos()) continue;
      const e = this.exposure.get(quoteOf(symbol));
      // Counted once per currency and time, however many of its symbols are held.
      if (e && e.inMarket < e.steps) e.inMarket++;
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

  private order(o: EngineOrder): void {
    this.orders.set(o.id, {
      id: o.id,
      strategy: o.strategy,
      symbol: o.symbol,
      side: o.side,
      type: o.type,
      status: o.status,
      reason: o.reason,
      price: o.type === 'limit' && o.price ? toPlain(o.price) : null,
      quantity: toPlain(o.quantity),
      signalId: o.signalId,
      placedAt: o.placedAt,
    });
  }

  private trade(t: EngineTrade, seq: number): void {
    const quote = quoteOf(t.symbol);
    if (t.feeQuote) this.fees.set(quote, (this.fees.get(quote) ?? dec(0)).plus(t.feeQuote));
    this.trades.push({
      seq,
      strategy: t.strategy,
      symbol: t.symbol,
      side: t.side,
      time: t.time,
      price: toPlain(t.price),
      quantity: toPlain(t.quantity),
      quoteQuantity: toPlain(t.quoteQuantity),
      fee: toPlain(t.fee),
      feeCurrency: t.feeCurrency,
      feeQuote: plainOrNull(t.feeQuote),
      role: t.role,
      realizedPnl: plainOrNull(t.realizedPnl),
      exitReason: t.exitReason,
      signalId: t.signalId,
    });
  }

  private close(c: ClosedPosition): void {
    this.closed.push({
      strategy: c.strategy,
      symbol: c.symbol,
      exitReason: c.exitReason,
      quantity: toPlain(c.quantity),
      entryPrice: toPlain(c.entryPrice),
      exitPrice: toPlain(c.exitPrice),
      openedAt: c.openedAt.getTime(),
      closedAt: c.closedAt.getTime(),
      grossPnl: toPlain(c.grossPnl),
      fees: toPlain(c.fees),
      netPnl: toPlain(c.netPnl),
    });
  }

  private point(time: number, state: Readonly<EngineState>): void {
    for (const q of this.quotes) {
      const cash = state.balances.get(q);
      const value = (cash ? cash.free.plus(cash.locked) : dec(0)).plus(state.valuation.value.get(q) ?? 0);
      this.equity.get(q)!.push({ time, value });
    }
  }
}
