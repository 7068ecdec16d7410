import { randomBytes } from 'node:crypto';
import { errors } from './api-error.js';
import { formatUnits, minUnits, mulDivUnits, mulUnits, parseUnits, units } from './fixed-point.js';
import { marketId, splitSymbol, type MarketSpec } from './markets.js';

export type OrderSide = 'BUY' | 'SELL';
export type OrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED';

interface Market {
  spec: MarketSpec;
  id: string;
  base: string;
  quote: string;
  tick: bigint;
  step: bigint;
  minQty: bigint;
  maxQty: bigint;
  minNotional: bigint;
  price: bigint;
}

export interface DoubleTrade {
  symbol: string;
  id: number;
  orderId: number;
  price: bigint;
  qty: bigint;
  quoteQty: bigint;
  commission: bigint;
  commissionAsset: string;
  time: number;
  isBuyer: boolean;
  isMaker: boolean;
}

export interface DoubleOrder {
  symbol: string;
  orderId: number;
  clientOrderId: string;
  side: OrderSide;
  type: 'MARKET' | 'LIMIT';
  timeInForce: string;
  /** 0 for market orders (binance writes "0.00000000"). */
  price: bigint;
  origQty: bigint;
  executedQty: bigint;
  cummulativeQuoteQty: bigint;
  status: OrderStatus;
  time: number;
  updateTime: number;
  /** Still reserved for the open part: quote for a buy, base for a sell. */
  reserved: bigint;
  trades: DoubleTrade[];
}

export interface SpotAccountOptions {
  markets: readonly MarketSpec[];
  balances: Record<string, string>;
  /** Fraction of the traded amount, charged in the asset received (binance's default without BNB). */
  takerCommission: string;
  makerCommission: string;
  /** A market order fills in this many parts, each one tick worse than the last (a thin book). */
  marketFillParts: number;
  /** binance's "pay fees with BNB": see SpotAccount.payFeesWithBnb. */
  payFeesWithBnb?: boolean;
  now: () => number;
}

const OPEN: readonly OrderStatus[] = ['NEW', 'PARTIALLY_FILLED'];
const BNB = 'BNB';
/** binance takes 25 % off a fee paid in BNB: the rate × 3/4. */
const BNB_DISCOUNT = { num: 3n, den: 4n };
const CLIENT_ID = /^[a-zA-Z0-9-_]{1,36}$/;

/**
 * The exchange's side of one spot account: balances (free and locked), orders, fills. Market
 * orders fill at the market's price; a limit order that crosses it fills at once as a taker,
 * otherwise it rests (its funds locked) until the test fills it as a maker or it is cancelled.
 */
export class SpotAccount {
  private readonly markets = new Map<string, Market>();
  private readonly balances = new Map<string, { free: bigint; locked: bigint }>();
  private readonly orders = new Map<number, DoubleOrder>();
  private readonly trades: DoubleTrade[] = [];
  private nextOrderId = 1001;
  private nextTradeId = 50001;
  private readonly taker: bigint;
  private readonly maker: bigint;
  /**
   * binance's "pay fees with BNB" (settable at any time): while on, a fill whose fee the free BNB
   * covers pays it in BNB — the trade's quote value × rate × 0.75 ÷ the BNB/<quote> price — and
   * receives the whole base or quote amount; otherwise (too little BNB, no BNB market for the
   * quote) it pays in the asset received as usual.
   */
  payFeesWithBnb: boolean;

  constructor(private readonly opts: SpotAccountOptions) {
    this.payFeesWithBnb = opts.payFeesWithBnb ?? false;
    for (const spec of opts.markets) {
      const { base, quote } = splitSymbol(spec.symbol);
      this.markets.set(marketId(spec.symbol), {
        spec,
        id: marketId(spec.symbol),
        base,
        quote,
        tick: units(spec.tickSize),
        step: units(spec.stepSize),
        minQty: units(spec.minQty),
        maxQty: units(spec.maxQty),
        minNotional: units(spec.minNotional),
        price: units(spec.price),
      });
    }
    for (const [asset, amount] of Object.entries(opts.balances)) this.setBalance(asset, amount);
    this.taker = units(opts.takerCommission);
    this.maker = units(opts.makerCommission);
  }

  get commissionRates(): { maker: bigint; taker: bigint } {
    return { maker: this.maker, taker: this.taker };
  }

  marketSpecs(): MarketSpec[] {
    return [...this.markets.values()].map((m) => ({ ...m.spec, price: formatUnits(m.price) }));
  }

  market(id: string | undefined): Market {
    const m = id === undefined ? undefined : this.markets.get(id);
    if (!m) throw errors.invalidSymbol();
    return m;
  }

  /** Moves the market: later market orders fill here and tickers show it. Resting orders do not fill by themselves. */
  setPrice(symbol: string, price: string): void {
    this.market(marketId(symbol)).price = units(price);
  }

  setBalance(asset: string, free: string, locked = '0'): void {
    this.balances.set(asset, { free: units(free), locked: units(locked) });
  }

  balance(asset: string): { free: string; locked: string } {
    const b = this.wallet(asset);
    return { free: formatUnits(b.free), locked: formatUnits(b.locked) };
  }

  balanceList(): { asset: string; free: string; locked: string }[] {
    return [...this.balances].map(([asset, b]) => ({
      asset,
      free: formatUnits(b.free),
      locked: formatUnits(b.locked),
    }));
  }

  lastPrice(id: string): bigint {
    return this.market(id).price;
  }

  allMarketIds(): string[] {
    return [...this.markets.keys()];
  }

  /** POST /api/v3/order, after the request passed the signature checks. */
  placeOrder(p: Record<string, string>): { order: DoubleOrder; fills: DoubleTrade[] } {
    const m = this.market(required(p, 'symbol'));
    const side = required(p, 'side');
    if (side !== 'BUY' && side !== 'SELL') throw errors.invalidSide();
    const type = required(p, 'type');
    if (type !== 'MARKET' && type !== 'LIMIT') throw errors.invalidOrderType();
    const qty = parseUnits(required(p, 'quantity'));
    if (qty === undefined) throw errors.precision();
    const clientOrderId = p.newClientOrderId ?? `web_${randomBytes(11).toString('hex')}`;
    if (!CLIENT_ID.test(clientOrderId)) throw errors.illegalChars('newClientOrderId', '^[a-zA-Z0-9-_]{1,36}$');
    if (this.findByClientId(clientOrderId, OPEN)) throw errors.duplicateOrder();

    let price = 0n;
    if (type === 'LIMIT') {
      required(p, 'timeInForce');
      const parsed = parseUnits(required(p, 'price'));
      if (parsed === undefined) throw errors.precision();
      if (parsed <= 0n || parsed % m.tick !== 0n) throw errors.filter('PRICE_FILTER');
      price = parsed;
    }
    if (qty < m.minQty || qty > m.maxQty || (qty - m.minQty) % m.step !== 0n) throw errors.filter('LOT_SIZE');
    const notionalPrice = type === 'LIMIT' ? price : m.price;
    if (mulUnits(qty, notionalPrice) < m.minNotional) throw errors.filter('NOTIONAL');

    const crosses = type === 'MARKET' || (side === 'BUY' ? price >= m.price : price <= m.price);
    // Binance checks the balance against the order as sent (a buy at its limit price, or the market price).
    const need = side === 'BUY' ? mulUnits(qty, notionalPrice) : qty;
    const paying = this.wallet(side === 'BUY' ? m.quote : m.base);
    if (paying.free < need) throw errors.insufficientBalance();

    const now = this.opts.now();
    const order: DoubleOrder = {
      symbol: m.id,
      orderId: this.nextOrderId++,
      clientOrderId,
      side,
      type,
      timeInForce: p.timeInForce ?? 'GTC',
      price,
      origQty: qty,
      executedQty: 0n,
      cummulativeQuoteQty: 0n,
      status: 'NEW',
      time: now,
      updateTime: now,
      reserved: 0n,
      trades: [],
    };
    this.orders.set(order.orderId, order);

    if (crosses) {
      const parts = type === 'MARKET' ? Math.max(1, this.opts.marketFillParts) : 1;
      return { order, fills: this.takeLiquidity(m, order, parts) };
    }
    if (order.timeInForce !== 'GTC') {
      order.status = 'EXPIRED';
      return { order, fills: [] };
    }
    // Resting: lock what the order may spend.
    paying.free -= need;
    paying.locked += need;
    order.reserved = need;
    return { order, fills: [] };
  }

  /** Fills a resting limit order as a maker (all that is left, or `quantity`), at its price unless told otherwise. */
  fillRestingOrder(ref: OrderRef, opts: { quantity?: string; price?: string } = {}): DoubleTrade {
    const order = this.find(ref);
    if (!order || !OPEN.includes(order.status) || order.type !== 'LIMIT') {
      throw new Error(`no resting limit order ${JSON.stringify(ref)} to fill`);
    }
    const m = this.market(order.symbol);
    const left = order.origQty - order.executedQty;
    const qty = opts.quantity === undefined ? left : minUnits(units(opts.quantity), left);
    const price = opts.price === undefined ? order.price : units(opts.price);
    return this.fill(m, order, qty, price, true);
  }

  /** DELETE /api/v3/order; binance answers -2011 for an order that is unknown or no longer open. */
  cancelOrder(ref: OrderRef, symbol?: string): DoubleOrder {
    if (symbol !== undefined) this.market(symbol);
    const order = this.find(ref);
    if (!order || !OPEN.includes(order.status) || (symbol !== undefined && order.symbol !== symbol)) {
      throw errors.unknownOrder();
    }
    const m = this.market(order.symbol);
    const wallet = this.wallet(order.side === 'BUY' ? m.quote : m.base);
    wallet.locked -= order.reserved;
    wallet.free += order.reserved;
    order.reserved = 0n;
    order.status = 'CANCELED';
    order.updateTime = this.opts.now();
    return order;
  }

  /** GET /api/v3/order: by orderId, else the latest order with that client id (binance allows reuse once closed). */
  getOrder(symbol: string, ref: OrderRef): DoubleOrder {
    this.market(symbol);
    const order = this.find(ref);
    if (!order || order.symbol !== symbol) throw errors.orderNotFound();
    return order;
  }

  openOrders(symbol?: string): DoubleOrder[] {
    if (symbol !== undefined) this.market(symbol);
    return [...this.orders.values()].filter(
      (o) => OPEN.includes(o.status) && (symbol === undefined || o.symbol === symbol),
    );
  }

  allOrders(): DoubleOrder[] {
    return [...this.orders.values()];
  }

  myTrades(
    symbol: string,
    q: { orderId?: number; startTime?: number; endTime?: number; fromId?: number; limit: number },
  ): DoubleTrade[] {
    this.market(symbol);
    return this.trades
      .filter(
        (t) =>
          t.symbol === symbol &&
          (q.orderId === undefined || t.orderId === q.orderId) &&
          (q.startTime === undefined || t.time >= q.startTime) &&
          (q.endTime === undefined || t.time <= q.endTime) &&
          (q.fromId === undefined || t.id >= q.fromId),
      )
      .slice(0, q.limit);
  }

  findByClientId(clientOrderId: string, statuses?: readonly OrderStatus[]): DoubleOrder | undefined {
    let found: DoubleOrder | undefined;
    for (const o of this.orders.values()) {
      if (o.clientOrderId === clientOrderId && (!statuses || statuses.includes(o.status))) found = o;
    }
    return found;
  }

  private find(ref: OrderRef): DoubleOrder | undefined {
    if (ref.orderId !== undefined) return this.orders.get(ref.orderId);
    if (ref.clientOrderId !== undefined) return this.findByClientId(ref.clientOrderId);
    return undefined;
  }

  private takeLiquidity(m: Market, order: DoubleOrder, parts: number): DoubleTrade[] {
    const out: DoubleTrade[] = [];
    const total = order.origQty;
    // Whole steps per part, the last part takes the rest, so every fill is a valid quantity.
    const perPart = (total / BigInt(parts) / m.step) * m.step;
    for (let i = 0; i < parts; i++) {
      const qty = i === parts - 1 ? total - order.executedQty : perPart;
      if (qty <= 0n) continue;
      const slip = m.tick * BigInt(i);
      const price = order.side === 'BUY' ? m.price + slip : m.price - slip;
      out.push(this.fill(m, order, qty, price, false));
    }
    return out;
  }

  private fill(m: Market, order: DoubleOrder, qty: bigint, price: bigint, isMaker: boolean): DoubleTrade {
    const quoteQty = mulUnits(qty, price);
    const rate = isMaker ? this.maker : this.taker;
    const base = this.wallet(m.base);
    const quote = this.wallet(m.quote);
    const done = order.executedQty + qty === order.origQty;
    const inBnb = this.bnbCommission(m, quoteQty, rate);
    let commission: bigint;
    let commissionAsset: string;
    if (inBnb !== null) this.wallet(BNB).free -= inBnb;
    if (order.side === 'BUY') {
      // A resting buy pays from what it locked at its limit price; the last fill releases the rest.
      const fromLocked = order.reserved > 0n ? (done ? order.reserved : mulUnits(qty, order.price)) : 0n;
      if (fromLocked > 0n) {
        quote.locked -= fromLocked;
        quote.free += fromLocked - quoteQty;
        order.reserved -= fromLocked;
      } else {
        quote.free -= quoteQty;
      }
      commission = inBnb ?? mulUnits(qty, rate);
      commissionAsset = inBnb === null ? m.base : BNB;
      base.free += inBnb === null ? qty - commission : qty;
    } else {
      if (order.reserved > 0n) {
        base.locked -= qty;
        order.reserved -= qty;
      } else {
        base.free -= qty;
      }
      commission = inBnb ?? mulUnits(quoteQty, rate);
      commissionAsset = inBnb === null ? m.quote : BNB;
      quote.free += inBnb === null ? quoteQty - commission : quoteQty;
    }
    const now = this.opts.now();
    const trade: DoubleTrade = {
      symbol: m.id,
      id: this.nextTradeId++,
      orderId: order.orderId,
      price,
      qty,
      quoteQty,
      commission,
      commissionAsset,
      time: now,
      isBuyer: order.side === 'BUY',
      isMaker,
    };
    this.trades.push(trade);
    order.trades.push(trade);
    order.executedQty += qty;
    order.cummulativeQuoteQty += quoteQty;
    order.status = done ? 'FILLED' : 'PARTIALLY_FILLED';
    order.updateTime = now;
    return trade;
  }

  /**
   * The fee of a fill in BNB when "pay fees with BNB" is on and the free BNB covers it, else null.
   * quote value × rate × 3/4 ÷ BNB price, truncated to 8 decimals once at the end — the same
   * rounding down as every other amount and fee here (mulUnits).
   */
  private bnbCommission(m: Market, quoteQty: bigint, rate: bigint): bigint | null {
    if (!this.payFeesWithBnb) return null;
    const bnbMarket = m.quote === BNB ? undefined : this.markets.get(marketId(`${BNB}/${m.quote}`));
    if (m.quote !== BNB && !bnbMarket) return null;
    // A market quoted in BNB needs no conversion: the quote value is already in BNB.
    const price = bnbMarket ? bnbMarket.price : units('1');
    const commission = mulDivUnits(quoteQty, rate * BNB_DISCOUNT.num, price * BNB_DISCOUNT.den);
    return (this.balances.get(BNB)?.free ?? 0n) >= commission ? commission : null;
  }

  private wallet(asset: string): { free: bigint; locked: bigint } {
    let b = this.balances.get(asset);
    if (!b) {
      b = { free: 0n, locked: 0n };
      this.balances.set(asset, b);
    }
    return b;
  }
}

export interface OrderRef {
  orderId?: number;
  clientOrderId?: string;
}

function required(p: Record<string, string>, name: string): string {
  const v = p[name];
  if (v === undefined || v === '') throw errors.mandatory(name);
  return v;
}
