import { quoteOf } from '@roottrading/contracts';
import { applyFill } from './account/apply-fill.js';
import { stepCandle } from './account/candle-step.js';
import { cancel, manualOrder } from './account/manual-order.js';
import { control } from './account/operator-controls.js';
import { lateSignals } from './account/late-signals.js';
import { settleUnfilled } from './account/settle-order.js';
import { revalue } from './account/valuation.js';
import { addFree, emitBalances, lock } from './core/balances.js';
import type { BalancesEvent, EngineEvent, FillEvent, OrderUpdateEvent, QuoteEvent } from './core/events.js';
import { OutputLog, type EngineOutput } from './core/outputs.js';
import { cloneState, initialState, type EngineState, type StepContext } from './core/state.js';
import type { EngineConfig } from './core/types.js';

/**
 * The trading core: one account, fed events in order, answering with what must happen. Pure and
 * synchronous — no database, no bus, no clock, no promise — so the trader (paper or live) and the
 * backtester run the very same decisions. `clone()` is a snapshot: a runner steps a clone through a
 * batch and keeps it only once the batch's outputs are committed.
 */
export class TradingEngine {
  private constructor(
    readonly config: EngineConfig,
    private current: EngineState,
  ) {}

  static create(config: EngineConfig, state?: EngineState): TradingEngine {
    return new TradingEngine(config, state ?? initialState(config));
  }

  get state(): Readonly<EngineState> {
    return this.current;
  }

  clone(): TradingEngine {
    return new TradingEngine(this.config, cloneState(this.current));
  }

  /** Steps one event; returns its outputs, numbered from the account's sequence. */
  step(event: EngineEvent): EngineOutput[] {
    const state = this.current;
    const at = event.type === 'candle' ? event.candle.closeTime : event.at;
    const ctx: StepContext = {
      config: this.config,
      state,
      log: new OutputLog(state.seq, at),
      dirtyAssets: new Set(),
      paperFills: [],
    };
    if (event.type !== 'candle') state.clock = Math.max(state.clock ?? at, at);
    dispatch(ctx, event);
    // A fill may place another order (an exit waiting for its resting SELLs): filled in turn.
    for (let next = ctx.paperFills.shift(); next; next = ctx.paperFills.shift())
      applyFill(ctx, next.orderId, next.fill);
    emitBalances(ctx);
    state.seq = ctx.log.seq;
    return ctx.log.outputs;
  }

  /** Steps events in order; the outputs of all of them. */
  run(events: Iterable<EngineEvent>): EngineOutput[] {
    const out: EngineOutput[] = [];
    for (const e of events) out.push(...this.step(e));
    return out;
  }
}

function dispatch(ctx: StepContext, event: EngineEvent): void {
  switch (event.type) {
    case 'candle':
      return stepCandle(ctx, event);
    case 'manual-order':
      return manualOrder(ctx, event.request);
    case 'cancel':
      return cancel(ctx, event);
    case 'fill':
      return fill(ctx, event);
    case 'order-update':
      return orderUpdate(ctx, event);
    case 'balances':
      return balances(ctx, event);
    case 'quote':
      return quote(ctx, event);
    case 'late-signals':
      return lateSignals(ctx, event);
    default:
      return control(ctx, event);
  }
}

function fill(ctx: StepContext, e: FillEvent): void {
  const applied = applyFill(ctx, e.orderId, {
    tradeId: e.tradeId,
    time: e.at,
    price: e.price,
    quantity: e.quantity,
    fee: e.fee,
    feeCurrency: e.feeCurrency,
    feeQuote: e.feeQuote ?? null,
    role: e.role ?? 'taker',
  });
  if (!applied && !ctx.state.orders.has(e.orderId) && !ctx.state.settled.has(e.orderId)) {
    ctx.log.emit({ type: 'refused', event: 'fill', reason: `no live order ${e.orderId} for trade ${e.tradeId}` });
  }
}

function orderUpdate(ctx: StepContext, e: OrderUpdateEvent): void {
  const order = ctx.state.orders.get(e.orderId);
  if (!order) {
    ctx.log.emit({ type: 'refused', event: 'order-update', reason: `no live order ${e.orderId}` });
    return;
  }
  if (e.status === 'open') {
    const next = { ...order, status: 'open' as const };
    ctx.state.orders.set(order.id, next);
    ctx.log.emit({ type: 'order-updated', order: next });
    return;
  }
  settleUnfilled(ctx, order, e.status, e.reason);
}

/** The exchange's last price (exchange execution): prices manual orders and closes while it is the freshest. */
function quote(ctx: StepContext, e: QuoteEvent): void {
  const { config, state } = ctx;
  if (config.execution !== 'exchange') {
    ctx.log.emit({ type: 'refused', event: 'quote', reason: 'a paper account prices on its candles' });
  } else if (!config.symbols.includes(e.symbol) || !e.price.gt(0)) {
    ctx.log.emit({ type: 'refused', event: 'quote', reason: `no quote ${e.price.toString()} for ${e.symbol}` });
  } else {
    state.quotes.set(e.symbol, { price: e.price, at: e.at });
  }
}

/**
 * The exchange's balances replace the account's (exchange execution): the exchange is the truth of
 * what the account holds. Fills booked since that are not in the reading yet are laid over it, and
 * what orders not yet on the exchange hold is locked again, so no fill counts twice or not at all.
 */
function balances(ctx: StepContext, e: BalancesEvent): void {
  const { state, config } = ctx;
  if (config.execution !== 'exchange') {
    ctx.log.emit({ type: 'refused', event: 'balances', reason: 'a paper account keeps its own balances' });
    return;
  }
  for (const asset of state.balances.keys()) ctx.dirtyAssets.add(asset);
  state.balances = new Map([...e.balances].map(([asset, b]) => [asset, { free: b.free, locked: b.locked }]));
  state.balancesAsOf = e.asOf;
  state.unread = state.unread.filter((m) => m.time > e.asOf);
  for (const m of state.unread) for (const [asset, delta] of m.moves) addFree(ctx, asset, delta);
  for (const o of state.orders.values()) if (o.status === 'pending' && o.reserved) lock(ctx, o.reserved);
  for (const asset of e.balances.keys()) ctx.dirtyAssets.add(asset);
  for (const quote of new Set(config.symbols.map(quoteOf))) revalue(state, quote);
}
