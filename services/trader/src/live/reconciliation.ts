import { dec, toPlain, type Decimal } from '@roottrading/accounting';
import { baseOf, quoteOf, type Side } from '@roottrading/contracts';
import { CLIENT_ORDER_PREFIX } from '../orders/client-order-id.js';
import { ExchangeFailure } from './exchange-errors.js';
import { feeInQuote, feePriceSymbols, readFeePrices, unvaluedFees } from './fee-valuation.js';
import type { GuardedExchange } from './guarded-exchange.js';
import type { ExecutedFill } from './order-executor.js';
import type { ExchangeBalance, ExchangeFill, ExchangeOrder, ExchangeOrderStatus } from './types.js';

/** An order the database holds as sent but not final ('pending' after an unknown outcome, or 'open'). */
export interface PendingOrder {
  symbol: string;
  clientOrderId: string;
}

export interface ReconcileInput {
  /** SYMBOLS: fills are listed per symbol (binance has no all-symbol fill list). */
  symbols: readonly string[];
  /** The watermark: fills before this were recorded. On a first start: now − RECONCILE_LOOKBACK. */
  since: number;
  pending: readonly PendingOrder[];
  /** Exchange order id → our client id, for orders the database knows (saves a lookup per order). */
  knownOrders?: ReadonlyMap<string, string>;
  /** Already recorded? (live_fills is unique on symbol + trade id.) */
  isRecorded(symbol: string, tradeId: string): boolean | Promise<boolean>;
  /** What our positions say we hold, per asset; anything more on the exchange is reported. */
  tracked?: ReadonlyMap<string, Decimal>;
  /** What this account's client ids start with (default `rt-`): anything else is someone else's. */
  prefix?: string;
  /** Re-read before the watermark, so a fill stamped at the boundary is never missed (default 60 s). */
  overlapMs?: number;
  now?: () => number;
}

export interface ReconciledFill extends ExecutedFill {
  tradeId: string;
  clientOrderId: string;
  exchangeOrderId: string;
  symbol: string;
  side: Side;
}

export interface SettledOrder {
  clientOrderId: string;
  symbol: string;
  exchangeOrderId: string | null;
  /** 'absent': the exchange has no such order — it never took it; record it as rejected. */
  status: ExchangeOrderStatus | 'absent';
  quantity: Decimal | null;
  filledQuantity: Decimal;
}

export interface UntrackedBalance {
  asset: string;
  exchange: string;
  tracked: string;
  difference: string;
}

export interface ReconcileResult {
  /** Fills of our orders that are not recorded yet, oldest first: record each exactly once. */
  fills: ReconciledFill[];
  /** Where each pending order stands now. */
  orders: SettledOrder[];
  /** Our orders still open on the exchange. */
  openOrders: ExchangeOrder[];
  /** Open orders we did not place: reported, never adopted or cancelled. */
  foreignOrders: ExchangeOrder[];
  /** Fills in the window of orders we did not place: reported. */
  foreignFills: ExchangeFill[];
  /** Assets on the exchange beyond what our positions account for: reported, not adopted. */
  untrackedBalances: UntrackedBalance[];
  balances: ExchangeBalance[];
  /** The next run's `since`: the newest fill seen, or the old watermark when a symbol could not be read. */
  watermark: number;
  /** What could not be checked (the run goes on without it). */
  problems: string[];
}

const DAY_MS = 86_400_000;
/** binance's largest page of fills. */
const PAGE = 1_000;

/**
 * Start-up reconciliation: what happened on the exchange while the trader was not watching. It
 * reads open orders, fills since the watermark and balances, and returns — without writing
 * anything — the fills of our orders still to record, the state of orders the database left
 * pending, and everything on the account we did not place (for the log and /health). The caller
 * records the fills (each one once: the database refuses a trade id twice) and keeps the watermark.
 */
export async function reconcile(exchange: GuardedExchange, input: ReconcileInput): Promise<ReconcileResult> {
  const now = (input.now ?? Date.now)();
  const prefix = input.prefix ?? CLIENT_ORDER_PREFIX;
  const isOurs = (clientOrderId: string | null | undefined) => !!clientOrderId?.startsWith(prefix);
  const problems: string[] = [];
  const [open, { balances }] = await Promise.all([
    exchange.read('open orders', (c) => c.fetchOpenOrders()),
    exchange.read('balances', (c) => c.fetchBalances()),
  ]);

  const clientIds = new Map(input.knownOrders ?? []);
  for (const o of open) if (o.clientOrderId) clientIds.set(o.id, o.clientOrderId);
  const clientIdOf = async (fill: ExchangeFill): Promise<string | null> => {
    const known = clientIds.get(fill.orderId);
    if (known !== undefined) return known;
    const order = await exchange.read('fetch order', (c) => c.fetchOrder(fill.symbol, { id: fill.orderId }));
    clientIds.set(fill.orderId, order.clientOrderId ?? '');
    return order.clientOrderId;
  };

  const candidates = new Map<string, { fill: ExchangeFill; clientOrderId: string }>();
  const foreignFills: ExchangeFill[] = [];
  let watermark = input.since;
  let complete = true;
  const symbols = [...new Set([...input.symbols, ...input.pending.map((p) => p.symbol)])];
  for (const symbol of symbols) {
    try {
      const fills = await listFills(exchange, symbol, input.since - (input.overlapMs ?? 60_000), now);
      for (const fill of fills) {
        watermark = Math.max(watermark, fill.timestamp);
        const clientOrderId = await clientIdOf(fill);
        if (isOurs(clientOrderId)) candidates.set(key(fill), { fill, clientOrderId: clientOrderId! });
        else foreignFills.push(fill);
      }
    } catch (err) {
      complete = false;
      problems.push(`fills of ${symbol} could not be read: ${messageOf(err)}`);
    }
  }

  const orders: SettledOrder[] = [];
  for (const p of input.pending) {
    try {
      const order = await exchange.read('find order', (c) =>
        c.fetchOrder(p.symbol, { clientOrderId: p.clientOrderId }),
      );
      orders.push({
        clientOrderId: p.clientOrderId,
        symbol: p.symbol,
        exchangeOrderId: order.id,
        status: order.status,
        quantity: order.amount,
        filledQuantity: order.filled,
      });
      // Its fills may predate the window (an order pending for longer than the lookback).
      if (order.filled.gt(0)) {
        const fills = await exchange.read('order fills', (c) => c.fetchOrderFills(p.symbol, order.id));
        for (const fill of fills) candidates.set(key(fill), { fill, clientOrderId: p.clientOrderId });
      }
    } catch (err) {
      if (err instanceof ExchangeFailure && err.kind === 'not-found') {
        orders.push({
          clientOrderId: p.clientOrderId,
          symbol: p.symbol,
          exchangeOrderId: null,
          status: 'absent',
          quantity: null,
          filledQuantity: dec(0),
        });
      } else {
        problems.push(`order ${p.clientOrderId} could not be looked up: ${messageOf(err)}`);
      }
    }
  }

  const fills: ReconciledFill[] = [];
  for (const { fill, clientOrderId } of candidates.values()) {
    if (await input.isRecorded(fill.symbol, fill.tradeId)) continue;
    fills.push({
      tradeId: fill.tradeId,
      clientOrderId,
      exchangeOrderId: fill.orderId,
      symbol: fill.symbol,
      side: fill.side,
      price: fill.price,
      quantity: fill.quantity,
      quoteQuantity: fill.quoteQuantity,
      fee: fill.fee,
      feeCurrency: fill.feeCurrency,
      role: fill.role ?? 'taker',
      timestamp: fill.timestamp,
    });
  }
  fills.sort((a, b) => a.timestamp - b.timestamp || a.tradeId.localeCompare(b.tradeId, 'en', { numeric: true }));

  return {
    fills: await valueReconciledFees(exchange, fills, problems),
    orders,
    openOrders: open.filter((o) => isOurs(o.clientOrderId)),
    foreignOrders: open.filter((o) => !isOurs(o.clientOrderId)),
    foreignFills,
    untrackedBalances: untracked(balances, input.symbols, input.tracked ?? new Map()),
    balances,
    // Read through to now: with no fill seen the window still moves on (the overlap covers the boundary).
    watermark: complete ? Math.max(watermark, now - (input.overlapMs ?? 60_000)) : input.since,
    problems,
  };
}

/** A short account of a reconciliation for the log line and /health (ids, not whole objects). */
export function describeReconciliation(r: ReconcileResult, at: number = Date.now()) {
  return {
    at: new Date(at).toISOString(),
    fillsToRecord: r.fills.length,
    pendingSettled: r.orders.map((o) => ({ clientOrderId: o.clientOrderId, status: o.status })),
    openOrders: r.openOrders.map((o) => o.clientOrderId),
    foreignOpenOrders: r.foreignOrders.map((o) => ({
      symbol: o.symbol,
      id: o.id,
      clientOrderId: o.clientOrderId,
      side: o.side,
      amount: toPlain(o.amount),
    })),
    foreignFills: r.foreignFills.length,
    untrackedBalances: r.untrackedBalances,
    problems: r.problems,
  };
}

/**
 * The fills to record with their fees in the quote currency: one tickers request for every fee in
 * a third asset (BNB) of the run, none when all are in the base or quote. That price is today's,
 * not the fill's — close enough for a fee, and far better than none. A fee that could not be
 * valued stays null (the fill is recorded all the same) and is reported in `problems`.
 */
async function valueReconciledFees(
  exchange: GuardedExchange,
  fills: ReconciledFill[],
  problems: string[],
): Promise<ReconciledFill[]> {
  const { prices, problem } = await readFeePrices(exchange, feePriceSymbols(fills));
  const valued = fills.map((f) => ({ ...f, feeQuote: feeInQuote(f.symbol, f, prices) }));
  const unvalued = unvaluedFees(valued);
  if (problem && unvalued.length > 0) {
    problems.push(`fees of ${unvalued.length} fill(s) recorded unvalued (${unvalued.join(', ')}): ${problem}`);
  }
  return valued;
}

/** Fills of one symbol from `from` to `to`, in binance's 24-hour windows and 1000-fill pages. */
async function listFills(exchange: GuardedExchange, symbol: string, from: number, to: number): Promise<ExchangeFill[]> {
  const out = new Map<string, ExchangeFill>();
  let start = from;
  while (start <= to) {
    const end = Math.min(start + DAY_MS - 1, to);
    const page = await exchange.read('fills', (c) => c.fetchFills(symbol, start, end, PAGE));
    for (const f of page) out.set(key(f), f);
    const last = page.at(-1)?.timestamp;
    // A full page: carry on from its last fill (duplicates at that millisecond are merged by trade id).
    start = page.length >= PAGE && last !== undefined && last > start ? last : end + 1;
  }
  return [...out.values()];
}

/** Non-quote assets the exchange holds beyond our positions. Quote currencies are cash, not reported. */
function untracked(
  balances: readonly ExchangeBalance[],
  symbols: readonly string[],
  tracked: ReadonlyMap<string, Decimal>,
): UntrackedBalance[] {
  const quotes = new Set(symbols.map(quoteOf));
  const out: UntrackedBalance[] = [];
  for (const b of balances) {
    if (quotes.has(b.asset)) continue;
    const total = b.free.plus(b.locked);
    const ours = tracked.get(b.asset) ?? dec(0);
    if (total.gt(ours)) {
      out.push({
        asset: b.asset,
        exchange: toPlain(total),
        tracked: toPlain(ours),
        difference: toPlain(total.minus(ours)),
      });
    }
  }
  // Configured bases first: those are the ones a strategy might otherwise try to sell.
  const bases = new Set(symbols.map(baseOf));
  return out.sort((a, b) => Number(bases.has(b.asset)) - Number(bases.has(a.asset)) || a.asset.localeCompare(b.asset));
}

function key(f: ExchangeFill): string {
  return `${f.symbol}:${f.tradeId}`;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
