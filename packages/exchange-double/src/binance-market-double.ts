/**
 * Test-only: a local stand-in for binance's public spot market data, enough for ccxt's loadMarkets,
 * fetchOHLCV and watchOHLCV. REST under /api/v3 (ping, time, exchangeInfo, klines with binance's
 * startTime/endTime/limit paging) and the kline websocket stream (SUBSCRIBE to
 * `<symbol>@kline_<interval>`), with binance's response shapes. The test drives it: loads history
 * (gaps are simply candles it leaves out), opens and updates candles, drops the websocket
 * connections, takes it down.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { binanceApiUrls } from './ccxt-urls.js';
import { DEFAULT_MARKETS, exchangeInfo, marketId, type MarketSpec } from './markets.js';

export interface DoubleCandle {
  t: number;
  o: string;
  h: string;
  l: string;
  c: string;
  v: string;
}

export interface BinanceMarketDoubleOptions {
  /** Unified symbols, e.g. BTC/USDC. */
  symbols: string[];
  interval: string;
  intervalMs: number;
}

export class BinanceMarketDouble {
  /** Every REST path requested, e.g. "/api/v3/klines?symbol=BTCUSDC&…". */
  readonly requests: string[] = [];
  private readonly klines = new Map<string, DoubleCandle[]>();
  private readonly subscriptions = new Map<WebSocket, Set<string>>();
  private readonly wss = new WebSocketServer({ noServer: true });
  private down = false;
  private readonly failures: { path: string; status: number }[] = [];
  private server!: Server;

  private constructor(private readonly opts: BinanceMarketDoubleOptions) {
    for (const s of opts.symbols) this.klines.set(marketId(s), []);
  }

  static async start(opts: BinanceMarketDoubleOptions): Promise<BinanceMarketDouble> {
    const double = new BinanceMarketDouble(opts);
    double.server = createServer((req, res) => double.rest(req, res));
    double.server.on('upgrade', (req, socket, head) => {
      if (double.down) {
        socket.destroy();
        return;
      }
      double.wss.handleUpgrade(req, socket, head, (ws) => double.connected(ws));
    });
    await new Promise<void>((r) => double.server.listen(0, '127.0.0.1', r));
    return double;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /**
   * What CCXT_URLS_JSON must hold to point ccxt's binance here (every REST family: see
   * binanceApiUrls). The websocket path keeps "/stream": ccxt tells spot from futures streams by
   * that part of binance's host name.
   */
  ccxtUrls(): { api: Record<string, unknown> } {
    const base = `http://127.0.0.1:${this.port}`;
    return { api: { ...binanceApiUrls(base), ws: { spot: `ws://127.0.0.1:${this.port}/stream/ws` } } };
  }

  /**
   * Adds closed candles to the history REST serves, streaming nothing: what a download pages
   * through. Kept in open-time order; a time already there is replaced. A gap is a time left out.
   */
  history(symbol: string, candles: readonly DoubleCandle[]): void {
    const list = this.list(symbol);
    const byTime = new Map(list.map((k) => [k.t, k]));
    for (const c of candles) byTime.set(c.t, { ...c });
    list.splice(0, list.length, ...[...byTime.values()].sort((a, b) => a.t - b.t));
  }

  /** The klines requests received, as their query parameters. */
  klinesRequests(): URLSearchParams[] {
    return this.requests
      .filter((r) => r.startsWith('/api/v3/klines?'))
      .map((r) => new URLSearchParams(r.slice(r.indexOf('?') + 1)));
  }

  /** Opens a new candle: the previous one's final state goes out (x: true), then the new one. */
  open(symbol: string, candle: DoubleCandle): void {
    const list = this.list(symbol);
    const previous = list.at(-1);
    if (previous) this.broadcast(symbol, previous, true);
    list.push({ ...candle });
    this.broadcast(symbol, candle, false);
  }

  /** Changes the open candle and streams the update. */
  update(symbol: string, patch: Partial<Omit<DoubleCandle, 't'>>): void {
    const list = this.list(symbol);
    const last = list.at(-1);
    if (!last) throw new Error(`no candle open for ${symbol}`);
    Object.assign(last, patch);
    this.broadcast(symbol, last, false);
  }

  /** Clients subscribed to a stream name like "btcusdc@kline_1m". */
  subscribers(stream: string): number {
    let n = 0;
    for (const streams of this.subscriptions.values()) if (streams.has(stream)) n++;
    return n;
  }

  /** Kills every websocket connection, as a network failure would. */
  dropConnections(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.subscriptions.clear();
  }

  /** The next requests to `path` (e.g. /api/v3/klines) fail with these HTTP statuses, one each: 429 (binance's JSON), 503 … (text). */
  failRequests(path: string, statuses: number[]): void {
    for (const status of statuses) this.failures.push({ path, status });
  }

  /** While down, REST answers 503 and websocket upgrades are refused. */
  setDown(down: boolean): void {
    this.down = down;
    if (down) this.dropConnections();
  }

  async close(): Promise<void> {
    this.dropConnections();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.wss.close(() => r()));
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private list(symbol: string): DoubleCandle[] {
    const list = this.klines.get(marketId(symbol));
    if (!list) throw new Error(`the double does not list ${symbol}`);
    return list;
  }

  private connected(ws: WebSocket): void {
    this.subscriptions.set(ws, new Set());
    ws.on('close', () => this.subscriptions.delete(ws));
    ws.on('message', (raw) => {
      let msg: { method?: string; params?: string[]; id?: number };
      try {
        msg = JSON.parse(String(raw)) as typeof msg;
      } catch {
        ws.send(JSON.stringify({ error: { code: 2, msg: 'Invalid request' } }));
        return;
      }
      const streams = this.subscriptions.get(ws);
      if (!streams) return;
      if (msg.method === 'SUBSCRIBE') for (const p of msg.params ?? []) streams.add(p);
      if (msg.method === 'UNSUBSCRIBE') for (const p of msg.params ?? []) streams.delete(p);
      ws.send(JSON.stringify({ result: null, id: msg.id }));
    });
  }

  private broadcast(symbol: string, candle: DoubleCandle, closed: boolean): void {
    const id = marketId(symbol);
    const stream = `${id.toLowerCase()}@kline_${this.opts.interval}`;
    const message = JSON.stringify({
      e: 'kline',
      E: Date.now(),
      s: id,
      k: {
        t: candle.t,
        T: candle.t + this.opts.intervalMs - 1,
        s: id,
        i: this.opts.interval,
        f: 100,
        L: 200,
        o: fixed(candle.o),
        c: fixed(candle.c),
        h: fixed(candle.h),
        l: fixed(candle.l),
        v: fixed(candle.v),
        n: 101,
        x: closed,
        q: '0.00000000',
        V: '0.00000000',
        Q: '0.00000000',
        B: '0',
      },
    });
    for (const [ws, streams] of this.subscriptions) if (streams.has(stream)) ws.send(message);
  }

  private rest(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    this.requests.push(url.pathname + url.search);
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (this.down) return reply(503, { code: -1001, msg: 'Service unavailable (test double is down).' });
    const failure = this.failures.findIndex((f) => f.path === url.pathname);
    if (failure >= 0) {
      const { status } = this.failures.splice(failure, 1)[0]!;
      if (status === 429) return reply(status, TOO_MANY_REQUESTS);
      // What binance's front sends when the backend is away: no JSON, so ccxt goes by the status.
      res.writeHead(status, { 'content-type': 'text/plain' });
      return void res.end('Service Unavailable.');
    }
    switch (url.pathname) {
      case '/api/v3/ping':
        return reply(200, {});
      case '/api/v3/time':
        return reply(200, { serverTime: Date.now() });
      case '/api/v3/exchangeInfo':
        return reply(200, this.exchangeInfo());
      case '/api/v3/klines':
        return this.klinesReply(url.searchParams, reply);
      default:
        return reply(404, { code: -1, msg: `the test double has no ${url.pathname}` });
    }
  }

  private klinesReply(q: URLSearchParams, reply: (status: number, body: unknown) => void): void {
    const list = this.klines.get(q.get('symbol') ?? '');
    if (!list) return reply(400, { code: -1121, msg: 'Invalid symbol.' });
    if (q.get('interval') !== this.opts.interval) return reply(400, { code: -1120, msg: 'Invalid interval.' });
    const limit = Math.min(Number(q.get('limit') ?? 500), 1000);
    const start = q.has('startTime') ? Number(q.get('startTime')) : undefined;
    const end = q.has('endTime') ? Number(q.get('endTime')) : Infinity;
    const inRange = list.filter((k) => (start === undefined || k.t >= start) && k.t <= end);
    const picked = start === undefined ? inRange.slice(-limit) : inRange.slice(0, limit);
    reply(
      200,
      picked.map((k) => [
        k.t,
        fixed(k.o),
        fixed(k.h),
        fixed(k.l),
        fixed(k.c),
        fixed(k.v),
        k.t + this.opts.intervalMs - 1,
        '0.00000000',
        101,
        '0.00000000',
        '0.00000000',
        '0',
      ]),
    );
  }

  /** binance's /api/v3/exchangeInfo shape, for the listed symbols only (shared with the trader's double). */
  private exchangeInfo(): unknown {
    return exchangeInfo(this.opts.symbols.map(marketSpec), Date.now());
  }
}

/** The trader's double lists the common markets; any other symbol gets BTC/USDC's filters. */
function marketSpec(symbol: string): MarketSpec {
  const btc = DEFAULT_MARKETS.find((m) => m.symbol === 'BTC/USDC')!;
  return DEFAULT_MARKETS.find((m) => m.symbol === symbol) ?? { ...btc, symbol };
}

const TOO_MANY_REQUESTS = { code: -1003, msg: 'Too many requests; current limit of IP is 6000 requests per minute.' };

/** binance writes prices and sizes with 8 decimals: "23152.65000000". */
function fixed(decimal: string): string {
  const [whole = '0', frac = ''] = decimal.split('.');
  return `${whole}.${frac.padEnd(8, '0').slice(0, 8)}`;
}
