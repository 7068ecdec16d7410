import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseEnv } from '@roottrading/config';
import { createLogger } from '@roottrading/logger';
import { freePort, httpRequest } from '@roottrading/testing';
import { startWebServer, type WebServer } from './app.js';
import { frontendEnvSchema } from './config.js';
import { NOT_BUILT_POLICY } from './page-headers.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** The proxy's end of the connection the request came on. */
  remotePort: number | undefined;
}

/** A real HTTP service on a free port that records what it got and answers what the test asks for. */
async function startUpstream(name: string) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
        remotePort: req.socket.remotePort,
      });
      if (req.url === '/trade' && req.method === 'POST') {
        const parsed = JSON.parse(body) as { quantity?: string };
        if (!parsed.quantity) {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: 'invalid trade: quantity is required' }));
          return;
        }
        res.writeHead(201, { 'content-type': 'application/json', 'x-upstream': name });
        res.end(JSON.stringify({ order: { id: 'o1', quantity: parsed.quantity } }));
        return;
      }
      if (req.url === '/health') {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ service: name, status: 'down' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': name });
      res.end(JSON.stringify({ service: name, url: req.url, length: body.length }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, seen, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function closed(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** A URL on which nothing listens: a port that was free a moment ago. */
async function deadUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  await closed(s);
  return url;
}

const logger = createLogger('frontend', 'silent');

describe('web server', () => {
  let gateway: Awaited<ReturnType<typeof startUpstream>>;
  let portfolio: Awaited<ReturnType<typeof startUpstream>>;
  let trader: Awaited<ReturnType<typeof startUpstream>>;
  let web: WebServer;
  let base: string;
  let distDir: string;

  beforeAll(async () => {
    [gateway, portfolio, trader] = await Promise.all([
      startUpstream('gateway'),
      startUpstream('portfolio'),
      startUpstream('trader'),
    ]);
    distDir = mkdtempSync(join(tmpdir(), 'rt-frontend-dist-'));
    mkdirSync(join(distDir, 'assets'));
    writeFileSync(join(distDir, 'index.html'), '<!doctype html><title>RootTrading</title><div id="root"></div>');
    writeFileSync(join(distDir, 'assets', 'app-abc123.js'), 'console.log("app")');
    const config = parseEnv(frontendEnvSchema, {
      FRONTEND_PORT: String(await freePort()),
      ALLOWED_HOSTS: 'trading.example.test',
      GATEWAY_URL: gateway.url,
      ANALYZER_URL: await deadUrl(),
      TRADER_URL: trader.url,
      PORTFOLIO_URL: portfolio.url,
    });
    web = await startWebServer(config, { logger, distDir });
    base = `http://127.0.0.1:${web.port}`;
  });

  afterAll(async () => {
    await web?.stop();
    await Promise.all([gateway, portfolio, trader].filter(Boolean).map((u) => closed(u.server)));
    rmSync(distDir, { recursive: true, force: true });
  });

  it('proxies GET with the /api/<name> prefix stripped and the query kept', async () => {
    const res = await fetch(`${base}/api/portfolio/portfolio/trades?limit=20&page=2`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-upstream')).toBe('portfolio');
    expect(await res.json()).toEqual({ service: 'portfolio', url: '/portfolio/trades?limit=20&page=2', length: 0 });
    expect(portfolio.seen.at(-1)).toMatchObject({ method: 'GET', url: '/portfolio/trades?limit=20&page=2' });
  });

  it('sends each prefix to its own service', async () => {
    const res = await fetch(`${base}/api/gateway/status`);
    expect(await res.json()).toMatchObject({ service: 'gateway', url: '/status' });
    expect(gateway.seen.at(-1)?.url).toBe('/status');
  });

  it('forwards POST bodies and headers and returns the status code as the service set it', async () => {
    const body = JSON.stringify({ symbol: 'BTCUSDC', side: 'buy', quantity: '0.001' });
    const res = await fetch(`${base}/api/trader/trade`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer t0ken' },
      body,
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ order: { id: 'o1', quantity: '0.001' } });
    const got = trader.seen.at(-1);
    expect(got).toMatchObject({ method: 'POST', url: '/trade', body });
    expect(got?.headers['content-type']).toBe('application/json');
    expect(got?.headers.authorization).toBe('Bearer t0ken');
  });

  it('sends each service its own address as Host, which the service accepts by default', async () => {
    await fetch(`${base}/api/trader/anything`);
    expect(trader.seen.at(-1)?.headers.host).toBe(new URL(trader.url).host);
  });

  it('refuses a POST a page from another site sent, and lets a same-origin one through', async () => {
    const before = trader.seen.length;
    const body = JSON.stringify({ symbol: 'BTCUSDC', side: 'buy', quantity: '0.001' });
    const cross = await fetch(`${base}/api/trader/trade`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'http://evil.example' },
      body,
    });
    expect(cross.status).toBe(403);
    expect(trader.seen.length).toBe(before);

    expect(await cross.json()).toEqual({
      error: 'cross-origin POST refused: Origin "http://evil.example" is not allowed (see ALLOWED_ORIGINS)',
    });

    // A host it serves is not an origin it takes writes from: that takes ALLOWED_ORIGINS.
    const otherName = await httpRequest(`${base}/api/trader/trade`, {
      method: 'POST',
      headers: { host: 'trading.example.test', origin: 'http://trading.example.test', 'content-type': 'text/plain' },
      body,
    });
    expect(otherName.status).toBe(403);
    expect(trader.seen.length).toBe(before);

    const same = await fetch(`${base}/api/trader/trade`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body,
    });
    expect(same.status).toBe(201);
    expect(trader.seen.at(-1)?.headers.origin).toBe(base);
  });

  it('passes 4xx answers through with their body', async () => {
    const res = await fetch(`${base}/api/trader/trade`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ symbol: 'BTCUSDC', side: 'buy' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'invalid trade: quantity is required' });
  });

  it('passes a 503 health answer through rather than calling the service down itself', async () => {
    const res = await fetch(`${base}/api/gateway/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ service: 'gateway', status: 'down' });
  });

  it('opens a fresh connection to the service for each request (no keep-alive socket the service may be closing)', async () => {
    const before = portfolio.seen.length;
    for (let i = 0; i < 3; i++) expect((await fetch(`${base}/api/portfolio/portfolio/summary`)).status).toBe(200);
    const ports = portfolio.seen.slice(before).map((s) => s.remotePort);
    expect(ports).toHaveLength(3);
    expect(new Set(ports).size).toBe(3);
  });

  it('streams bodies larger than a JSON parser would accept', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(300_000) });
    const res = await fetch(`${base}/api/portfolio/echo`, { method: 'PUT', body: big });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ url: '/echo', length: big.length });
  });

  it('answers 502 naming the service when it is down', async () => {
    const res = await fetch(`${base}/api/analyzer/health`);
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toEqual({ error: 'analyzer is unreachable' });
  });

  it('answers 404 JSON for an /api path no service is behind', async () => {
    const res = await fetch(`${base}/api/nope/health`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toMatch(/no service behind \/api\/nope\/health/);
  });

  it('serves the built app, its assets, and index.html for client-side routes', async () => {
    const root = await fetch(`${base}/`);
    expect(root.status).toBe(200);
    expect(await root.text()).toContain('<div id="root">');

    const route = await fetch(`${base}/trades/BTCUSDC`);
    expect(route.status).toBe(200);
    expect(route.headers.get('content-type')).toMatch(/text\/html/);
    expect(await route.text()).toContain('<div id="root">');

    const asset = await fetch(`${base}/assets/app-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).toBe('console.log("app")');

    const missing = await fetch(`${base}/assets/missing.js`);
    expect(missing.status).toBe(404);
  });

  it('does not answer POST to an app route with the app', async () => {
    const res = await fetch(`${base}/trades`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
  });

  it('has its own /health', async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { service: string; status: string; details: { upstreams: object } };
    expect(body).toMatchObject({ service: 'frontend', status: 'up' });
    expect(body.details.upstreams).toMatchObject({ trader: `${trader.url}/` });
  });
});

describe('web server without a built app', () => {
  let web: WebServer;
  let base: string;
  let parent: string;

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'rt-frontend-nodist-'));
    const distDir = join(parent, 'dist');
    web = await startWebServer(parseEnv(frontendEnvSchema, { FRONTEND_PORT: '0' }), { logger, distDir });
    base = `http://127.0.0.1:${web.port}`;
  });

  afterAll(async () => {
    await web?.stop();
    rmSync(parent, { recursive: true, force: true });
  });

  it('says on / that the app must be built with pnpm build', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-security-policy')).toBe(NOT_BUILT_POLICY);
    expect(await res.text()).toContain('pnpm build');
  });

  it('reports itself degraded on /health', async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ service: 'frontend', status: 'degraded' });
  });
});
