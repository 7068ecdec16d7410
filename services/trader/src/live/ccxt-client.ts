import type { Exchange, Order, Trade } from 'ccxt';
import { dec, toPlain, type Decimal } from '@roottrading/accounting';
import { createBinanceExchange, type BinanceClientOptions } from './binance-exchange.js';
import { sideOf, statusOf, toLiveMarket } from './ccxt-mapping.js';
import type { ExchangeClient, NewOrder, OrderRef } from './exchange-client.js';
import { toExchangeFailure } from './exchange-errors.js';
import { decimalOf } from './order-rules.js';
import { SecretScrubber } from './scrub-secrets.js';
import type { BalanceReading, ExchangeBalance, ExchangeFill, ExchangeOrder, LiveMarket, Markets } from './types.js';

/** The exchange through ccxt, in our terms (see ExchangeClient); every error is scrubbed of the key and secret. */
export class CcxtExchangeClient implements ExchangeClient {
  private markets: Map<string, LiveMarket> | undefined;
  private loading: Promise<Map<string, LiveMarket>> | undefined;
  private loadFailed = false;
  private clockSyncedAt = 0;
  private readonly now: () => number;
  private readonly clockSyncMs: number;

  constructor(
    private readonly exchange: Exchange,
    private readonly scrubber: SecretScrubber,
    opts: { clockSyncMs?: number; now?: () => number } = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.clockSyncMs = opts.clockSyncMs ?? 3_600_000;
  }

  /** The usual way in: the exchange built from options, with a scrubber that knows its credentials. */
  static binance(opts: BinanceClientOptions): CcxtExchangeClient {
    return new CcxtExchangeClient(createBinanceExchange(opts), new SecretScrubber([opts.apiKey, opts.secret]), opts);
  }

  get id(): string {
    return this.exchange.id;
  }

  loadMarkets(): Promise<Markets> {
    if (this.markets) return Promise.resolve(this.markets);
    this.loading ??= this.call(async () => {
      // ccxt keeps a failed load's rejected promise: after a failure, ask it to load again.
      const raw = await this.exchange.loadMarkets(this.loadFailed);
      const out = new Map<string, LiveMarket>();
      for (const m of Object.values(raw)) if (m && m.spot) out.set(m.symbol, toLiveMarket(m));
      this.clockSyncedAt = this.now(); // adjustForTimeDifference read the clock during the load
      this.markets = out;
      return out;
    }).catch((err: unknown) => {
      this.loading = undefined;
      this.loadFailed = true;
      throw err;
    });
    return this.loading;
  }

  market(symbol: string): LiveMarket | undefined {
    return this.markets?.get(symbol);
  }

  syncClock(): Promise<void> {
    return this.call(async () => {
      await this.exchange.loadTimeDifference();
      this.clockSyncedAt = this.now();
    });
  }

  async createOrder(o: NewOrder): Promise<ExchangeOrder> {
    if (this.now() - this.clockSyncedAt > this.clockSyncMs) {
      // Best effort: a stale offset is what recvWindow errors come from, but an order must not wait on it.
      await this.syncClock().catch(() => undefined);
    }
    const params: Record<string, unknown> = { clientOrderId: o.clientOrderId, newOrderRespType: 'FULL' };
    if (o.type === 'limit') params.timeInForce = 'GTC';
    return this.call(async () => {
      const order = await this.exchange.createOrder(
        o.symbol,
        o.type,
        o.side === 'BUY' ? 'buy' : 'sell',
        // Already on the step and tick; ccxt turns the number back into the same short decimal.
        Number(toPlain(o.amount)),
        o.price === undefined ? undefined : Number(toPlain(o.price)),
        params,
      );
      return this.toOrder(order);
    });
  }

  fetchOrder(symbol: string, ref: OrderRef): Promise<ExchangeOrder> {
    return this.call(async () => {
      const order =
        'id' in ref
          ? await this.exchange.fetchOrder(ref.id, symbol)
          : await this.exchange.fetchOrder('', symbol, { origClientOrderId: ref.clientOrderId });
      return this.toOrder(order);
    });
  }

  fetchOpenOrders(symbol?: string): Promise<ExchangeOrder[]> {
    return this.call(async () => (await this.exchange.fetchOpenOrders(symbol)).map((o) => this.toOrder(o)));
  }

  cancelOrder(symbol: string, ref: OrderRef): Promise<ExchangeOrder> {
    return this.call(async () => {
      const order =
        'id' in ref
          ? await this.exchange.cancelOrder(ref.id, symbol)
          : await this.exchange.cancelOrder('', symbol, { origClientOrderId: ref.clientOrderId });
      return this.toOrder(order);
    });
  }

  fetchOrderFills(symbol: string, orderId: string): Promise<ExchangeFill[]> {
    return this.call(async () => (await this.exchange.fetchOrderTrades(orderId, symbol)).map((t) => this.toFill(t)));
  }

  fetchFills(symbol: string, since: number, until: number, limit: number): Promise<ExchangeFill[]> {
    return this.call(async () =>
      (await this.exchange.fetchMyTrades(symbol, since, limit, { until })).map((t) => this.toFill(t)),
    );
  }

  fetchBalances(): Promise<BalanceReading> {
    return this.call(async () => {
      const balance = await this.exchange.fetchBalance();
      const info = balance.info as
        { balances?: { asset: string; free: string; locked: string }[]; updateTime?: number | string } | undefined;
      const raw = info?.balances;
      const updateTime = Number(info?.updateTime);
      const asOf = Number.isFinite(updateTime) && updateTime > 0 ? updateTime : null;
      const out: ExchangeBalance[] = [];
      if (Array.isArray(raw)) {
        // binance's own strings: exact, where ccxt's parsed numbers could lose digits on large balances.
        for (const b of raw) {
          const free = dec(b.free);
          const locked = dec(b.locked);
          if (free.gt(0) || locked.gt(0)) out.push({ asset: this.currency(b.asset), free, locked });
        }
        return { balances: out, asOf };
      }
      for (const [asset, v] of Object.entries(balance)) {
        if (['info', 'timestamp', 'datetime', 'free', 'used', 'total', 'debt'].includes(asset)) continue;
        const entry = v as { free?: number; used?: number };
        const free = decimalOf(entry.free) ?? dec(0);
        const locked = decimalOf(entry.used) ?? dec(0);
        if (free.gt(0) || locked.gt(0)) out.push({ asset, free, locked });
      }
      return { balances: out, asOf };
    });
  }

  fetchLastPrices(symbols: readonly string[]): Promise<Map<string, Decimal>> {
    if (symbols.length === 0) return Promise.resolve(new Map());
    return this.call(async () => {
      const tickers = await this.exchange.fetchTickers([...symbols]);
      const out = new Map<string, Decimal>();
      for (const t of Object.values(tickers)) {
        const info = t.info as { lastPrice?: string } | undefined;
        const price = decimalOf(info?.lastPrice) ?? decimalOf(t.last) ?? decimalOf(t.close);
        if (t.symbol && price && price.gt(0)) out.set(t.symbol, price);
      }
      return out;
    });
  }

  async close(): Promise<void> {
    await this.exchange.close().catch(() => undefined);
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toExchangeFailure(err, this.scrubber, this.retryAfterMs());
    }
  }

  /** Retry-After of the last reply (binance sends it with 429 and 418). */
  private retryAfterMs(): number | undefined {
    const headers = this.exchange.last_response_headers ?? {};
    const value = Object.entries(headers).find(([k]) => k.toLowerCase() === 'retry-after')?.[1];
    const seconds = value === undefined ? NaN : Number(value);
    return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
  }

  private currency(id: string): string {
    return this.exchange.safeCurrencyCode(id) ?? id;
  }

  private toOrder(o: Order): ExchangeOrder {
    const info = (o.info ?? {}) as Record<string, unknown>;
    const str = (k: string) => (typeof info[k] === 'string' || typeof info[k] === 'number' ? String(info[k]) : null);
    const symbol = o.symbol ?? '';
    const side = sideOf(o.side);
    const type = (o.type ?? 'unknown').toLowerCase();
    const price = type === 'market' ? null : (decimalOf(str('price')) ?? decimalOf(o.price));
    const timestamp = o.timestamp ?? this.now();
    const rawFills = Array.isArray(info.fills) ? (info.fills as Record<string, unknown>[]) : null;
    return {
      id: String(o.id),
      // A cancel reply's clientOrderId is the cancel request's own id; ours is origClientOrderId.
      clientOrderId: str('origClientOrderId') ?? o.clientOrderId ?? null,
      symbol,
      side,
      type,
      status: statusOf(o.status),
      amount: decimalOf(str('origQty')) ?? decimalOf(o.amount) ?? dec(0),
      filled: decimalOf(str('executedQty')) ?? decimalOf(o.filled) ?? dec(0),
      cost: decimalOf(str('cummulativeQuoteQty')) ?? decimalOf(o.cost) ?? dec(0),
      price: price && price.gt(0) ? price : null,
      timestamp,
      fills:
        rawFills?.map((f) => {
          const fillPrice = dec(String(f.price));
          const quantity = dec(String(f.qty));
          return {
            tradeId: String(f.tradeId),
            orderId: String(o.id),
            symbol,
            side,
            price: fillPrice,
            quantity,
            quoteQuantity: fillPrice.mul(quantity),
            fee: dec(String(f.commission ?? '0')),
            feeCurrency: this.currency(String(f.commissionAsset ?? '')),
            // Fills in the placement reply matched resting orders as the order arrived: it took liquidity.
            role: 'taker' as const,
            timestamp,
          };
        }) ?? null,
    };
  }

  private toFill(t: Trade): ExchangeFill {
    const info = (t.info ?? {}) as Record<string, unknown>;
    const str = (k: string) => (typeof info[k] === 'string' || typeof info[k] === 'number' ? String(info[k]) : null);
    const price = decimalOf(str('price')) ?? decimalOf(t.price) ?? dec(0);
    const quantity = decimalOf(str('qty')) ?? decimalOf(t.amount) ?? dec(0);
    const isMaker = info.isMaker;
    return {
      tradeId: String(str('id') ?? t.id),
      orderId: String(str('orderId') ?? t.order),
      symbol: t.symbol ?? '',
      side: sideOf(t.side),
      price,
      quantity,
      quoteQuantity: decimalOf(str('quoteQty')) ?? price.mul(quantity),
      fee: decimalOf(str('commission')) ?? decimalOf(t.fee?.cost) ?? dec(0),
      feeCurrency: t.fee?.currency ?? this.currency(str('commissionAsset') ?? ''),
      role:
        typeof isMaker === 'boolean'
          ? isMaker
            ? 'maker'
            : 'taker'
          : t.takerOrMaker === 'maker' || t.takerOrMaker === 'taker'
            ? t.takerOrMaker
            : null,
      timestamp: t.timestamp ?? this.now(),
    };
  }
}
