import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, errors } from './api-error.js';
import { binanceApiUrls } from './ccxt-urls.js';
import { FaultPlan, type Fault, type FaultRoute } from './faults.js';
import { formatUnits } from './fixed-point.js';
import { DEFAULT_MARKETS, exchangeInfo, marketId, type MarketSpec } from './markets.js';
import { cancelJson, myTradeJson, newOrderJson, orderJson, ticker24hJson } from './render.js';
import { SpotAccount, type DoubleTrade, type OrderRef } from './spot-account.js';

export interface BinanceSpotDoubleOptions {
  markets?: readonly MarketSpec[];
  /** Free balances to start with, e.g. { USDC: '10000' }. */
  balances?: Record<string, string>;
  takerCommission?: string;
  makerCommission?: string;
  marketFillParts?: number;
  /** binance's "pay fees with BNB" from the start; `account.payFeesWithBnb` switches it later. */
  payFeesWithBnb?: boolean;
  /** The double's clock runs this far ahead of the machine's (negative: behind): clock drift. */
  clockOffsetMs?: number;
}

/** One request as the double received it; the signature's value is never kept. */
export interface RequestRecord {
  at: number;
  method: string;
  path: string;
  params: Record<string, string>;
  /** X-MBX-APIKEY was sent. */
  apiKey: boolean;
  fault?: Fault['kind'];
  /** The HTTP status sent, or what happened instead. */
  outcome: number | 'dropped' | 'held';
}

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const SIGNED = new Set(['/api/v3/account', '/api/v3/order', '/api/v3/openOrders', '/api/v3/myTrades']);
const DAY_MS = 86_400_000;

/**
 * Test-only: a local stand-in for binance's spot REST API, enough for ccxt's binance class to load
 * markets, read the clock, balances and tickers, and place, look up, list and cancel orders and
 * read fills — with binance's response shapes and error codes. Signed endpoints need an API key
 * header, a timestamp inside recvWindow and a signature parameter (its value is not checked).
 * Tests steer it: prices, balances, filling resting orders, and faults (rate limits, timeouts,
 * dropped connections before or after an order is accepted). Every request is recorded.
 */
export class BinanceSpotDouble {
  readonly account: SpotAccount;
  readonly requests: RequestRecord[] = [];
  readonly faults = new FaultPlan();
  clockOffsetMs: number;
  private server!: Server;
  private readonly held = new Set<ServerResponse>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(opts: BinanceSpotDoubleOptions) {
    this.clockOffsetMs = opts.clockOffsetMs ?? 0;
    this.account = new SpotAccount({
      markets: opts.markets ?? DEFAULT_MARKETS,
      balances: opts.balances ?? { USDC: '10000', USDT: '10000', BTC: '0', ETH: '0', BNB: '0' },
      takerCommission: opts.takerCommission ?? '0.001',
      makerCommission: opts.makerCommission ?? '0.001',
      marketFillParts: opts.marketFillParts ?? 1,
      payFeesWithBnb: opts.payFeesWithBnb ?? false,
      now: () => this.now(),
    });
  }

  /** Listens on 127.0.0.1, on a free port. */
  static async start(opts: BinanceSpotDoubleOptions = {}): Promise<BinanceSpotDouble> {
    const double = new BinanceSpotDouble(opts);
    double.server = createServer((req, res) => {
      double.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`exchange double failed: ${(err as Error).message}`);
      });
    });
    await new Promise<void>((resolve) => double.server.listen(0, '127.0.0.1', resolve));
    return double;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The exchange's clock (ms). */
  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  /** What to merge into ccxt binance's `urls` so that every REST family points here (see binanceApiUrls). */
  ccxtUrls(): { api: Record<string, string> } {
    return { api: binanceApiUrls(this.baseUrl) };
  }

  /** The next `times` requests to `route` fail with `fault`. */
  fail(route: FaultRoute, fault: Fault, times = 1): void {
    this.faults.add(route, fault, times);
  }

  /** Requests received for a route (whatever their outcome), e.g. count('POST', '/api/v3/order'). */
  count(method: string, path: string): number {
    return this.requests.filter((r) => r.method === method && r.path === path).length;
  }

  /** Order placements received: what "never twice" is measured on. */
  placements(): RequestRecord[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path === '/api/v3/order');
  }

  /** Places an order as if someone else (the web UI, another bot) did: no HTTP, no faults. */
  placeOrderDirectly(p: {
    symbol: string;
    side: 'BUY' | 'SELL';
    type: 'MARKET' | 'LIMIT';
    quantity: string;
    price?: string;
    clientOrderId?: string;
  }): { orderId: number; clientOrderId: string; fills: DoubleTrade[] } {
    const params: Record<string, string> = {
      symbol: marketId(p.symbol),
      side: p.side,
      type: p.type,
      quantity: p.quantity,
    };
    if (p.price !== undefined) params.price = p.price;
    if (p.type === 'LIMIT') params.timeInForce = 'GTC';
    if (p.clientOrderId !== undefined) params.newClientOrderId = p.clientOrderId;
    const { order, fills } = this.account.placeOrder(params);
    return { orderId: order.orderId, clientOrderId: order.clientOrderId, fills };
  }

  /** Fills a resting limit order as a maker (e.g. while the trader is down). */
  fillOrder(ref: OrderRef, opts?: { quantity?: string; price?: string }): DoubleTrade {
    return this.account.fillRestingOrder(ref, opts);
  }

  /** Sends every held reply's connection away and stops listening. */
  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    for (const res of this.held) res.destroy();
    this.held.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://double.local');
    const method = (req.method ?? 'GET').toUpperCase();
    const body = await readBody(req);
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    if (body && String(req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
      Object.assign(params, Object.fromEntries(new URLSearchParams(body)));
    }
    const record: RequestRecord = {
      at: Date.now(),
      method,
      path: url.pathname,
      params: params.signature === undefined ? { ...params } : { ...params, signature: '<present>' },
      apiKey: typeof req.headers['x-mbx-apikey'] === 'string' && req.headers['x-mbx-apikey'] !== '',
      outcome: 0,
    };
    this.requests.push(record);
    const fault = this.faults.take(method, url.pathname);
    if (fault) record.fault = fault.kind;

    const send = (reply: Reply) => {
      record.outcome = reply.status;
      if (res.destroyed) return;
      const json = typeof reply.body !== 'string';
      res.writeHead(reply.status, {
        'content-type': json ? 'application/json;charset=UTF-8' : 'text/plain',
        ...reply.headers,
      });
      res.end(json ? JSON.stringify(reply.body) : reply.body);
    };
    const run = (): Reply => {
      try {
        return this.route(method, url.pathname, params, record.apiKey);
      } catch (err) {
        if (err instanceof ApiError) return { status: err.status, body: err.body() };
        throw err;
      }
    };
    const hold = () => {
      record.outcome = 'held';
      this.held.add(res);
      res.on('close', () => this.held.delete(res));
    };
    const later = (ms: number, fn: () => void) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        fn();
      }, ms);
      this.timers.add(t);
    };

    switch (fault?.kind) {
      case undefined:
        return send(run());
      case 'rate-limit':
        return send({
          status: 429,
          body: errors.rateLimited().body(),
          headers: { 'retry-after': String(fault.retryAfterSeconds ?? 1) },
        });
      case 'insufficient-balance':
        return send({ status: 400, body: errors.insufficientBalance().body() });
      case 'unavailable':
        return send({ status: 503, body: 'Service Unavailable.' });
      case 'drop': {
        if (fault.afterAccept) run();
        record.outcome = 'dropped';
        req.socket.destroy();
        return;
      }
      case 'timeout': {
        hold();
        if (fault.afterAccept) {
          const reply = run();
          if (fault.releaseAfterMs !== undefined) later(fault.releaseAfterMs, () => send(reply));
        } else if (fault.releaseAfterMs !== undefined) {
          later(fault.releaseAfterMs, () => send(run()));
        }
        return;
      }
    }
  }

  private route(method: string, path: string, p: Record<string, string>, apiKey: boolean): Reply {
    const ok = (body: unknown): Reply => ({ status: 200, body });
    if (SIGNED.has(path)) this.checkSigned(p, apiKey);
    const a = this.account;
    switch (`${method} ${path}`) {
      case 'GET /api/v3/ping':
        return ok({});
      case 'GET /api/v3/time':
        return ok({ serverTime: this.now() });
      case 'GET /api/v3/exchangeInfo':
        return ok(exchangeInfo(a.marketSpecs(), this.now()));
      case 'GET /api/v3/ticker/24hr':
        return ok(this.tickers(p, (id, price) => ticker24hJson(id, price, this.now())));
      case 'GET /api/v3/ticker/price':
        return ok(this.tickers(p, (id, price) => ({ symbol: id, price: formatUnits(price) })));
      case 'GET /api/v3/account':
        return ok(this.accountJson(p.omitZeroBalances === 'true'));
      case 'POST /api/v3/order': {
        const { order, fills } = a.placeOrder(p);
        return ok(newOrderJson(order, fills, p.newOrderRespType ?? 'FULL'));
      }
      case 'GET /api/v3/order':
        return ok(orderJson(a.getOrder(requiredParam(p, 'symbol'), orderRef(p))));
      case 'DELETE /api/v3/order': {
        const symbol = requiredParam(p, 'symbol');
        const canceled = a.cancelOrder(orderRef(p), symbol);
        return ok(cancelJson(canceled, p.newClientOrderId ?? `cancel_${randomBytes(8).toString('hex')}`));
      }
      case 'GET /api/v3/openOrders':
        return ok(a.openOrders(p.symbol).map(orderJson));
      case 'GET /api/v3/myTrades':
        return ok(this.myTrades(p));
      default:
        return { status: 404, body: { code: -1, msg: `the exchange double has no ${method} ${path}` } };
    }
  }

  /** Loose: present, not verified — the double has no secret to check an HMAC against. */
  private checkSigned(p: Record<string, string>, apiKey: boolean): void {
    if (!apiKey) throw errors.badApiKey();
    if (!p.signature) throw errors.mandatory('signature');
    const timestamp = Number(requiredParam(p, 'timestamp'));
    const recvWindow = p.recvWindow === undefined ? 5_000 : Number(p.recvWindow);
    const now = this.now();
    // binance refuses a request that arrives after its window, or one from a clock too far ahead.
    if (!Number.isFinite(timestamp) || timestamp < now - recvWindow || timestamp > now + 1_000) {
      throw errors.recvWindow();
    }
  }

  private accountJson(omitZero: boolean): Record<string, unknown> {
    const rates = this.account.commissionRates;
    const bps = (v: bigint) => Number(v / 100_000n);
    return {
      makerCommission: bps(rates.maker),
      takerCommission: bps(rates.taker),
      buyerCommission: 0,
      sellerCommission: 0,
      commissionRates: {
        maker: formatUnits(rates.maker),
        taker: formatUnits(rates.taker),
        buyer: '0.00000000',
        seller: '0.00000000',
      },
      canTrade: true,
      canWithdraw: false,
      canDeposit: true,
      brokered: false,
      requireSelfTradePrevention: false,
      preventSor: false,
      updateTime: this.now(),
      accountType: 'SPOT',
      balances: this.account
        .balanceList()
        .filter((b) => !omitZero || b.free !== '0.00000000' || b.locked !== '0.00000000'),
      permissions: ['SPOT'],
      uid: 354937868,
    };
  }

  private tickers(p: Record<string, string>, render: (id: string, price: bigint) => unknown): unknown {
    const a = this.account;
    if (p.symbol !== undefined) return render(p.symbol, a.lastPrice(p.symbol));
    let ids = a.allMarketIds();
    if (p.symbols !== undefined) {
      let wanted: unknown;
      try {
        wanted = JSON.parse(p.symbols);
      } catch {
        throw errors.illegalChars('symbols', 'a JSON array of symbols');
      }
      if (!Array.isArray(wanted)) throw errors.illegalChars('symbols', 'a JSON array of symbols');
      ids = wanted.map(String);
    }
    return ids.map((id) => render(id, a.lastPrice(id)));
  }

  private myTrades(p: Record<string, string>): unknown {
    const symbol = requiredParam(p, 'symbol');
    const num = (name: string) => (p[name] === undefined ? undefined : Number(p[name]));
    let startTime = num('startTime');
    let endTime = num('endTime');
    if (startTime !== undefined && endTime !== undefined && endTime - startTime > DAY_MS) throw errors.tooLongRange();
    // binance answers a one-sided range with the 24 hours next to it.
    if (startTime !== undefined && endTime === undefined) endTime = startTime + DAY_MS;
    if (endTime !== undefined && startTime === undefined) startTime = endTime - DAY_MS;
    const limit = Math.min(Math.max(num('limit') ?? 500, 1), 1000);
    return this.account
      .myTrades(symbol, { orderId: num('orderId'), startTime, endTime, fromId: num('fromId'), limit })
      .map(myTradeJson);
  }
}

function requiredParam(p: Record<string, string>, name: string): string {
  const v = p[name];
  if (v === undefined || v === '') throw errors.mandatory(name);
  return v;
}

function orderRef(p: Record<string, string>): OrderRef {
  if (p.orderId !== undefined) return { orderId: Number(p.orderId) };
  if (p.origClientOrderId !== undefined) return { clientOrderId: p.origClientOrderId };
  throw errors.eitherParam('origClientOrderId', 'orderId');
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
