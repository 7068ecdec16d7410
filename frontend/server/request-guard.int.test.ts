/**
 * The stack's HTTP boundary on real processes: a trader spawned as `pnpm start` runs it (its own
 * database and namespace) and the web process in front of it, proxying /api/trader/…. What a page
 * on a rebound DNS name or another site sends is refused by both and writes nothing; the page's own
 * requests, scripts and the names in ALLOWED_HOSTS pass.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseEnv } from '@roottrading/config';
import { controlsStateSchema } from '@roottrading/contracts';
import { createLogger } from '@roottrading/logger';
import {
  createTestDatabase,
  freePort,
  httpRequest,
  spawnService,
  testNamespace,
  TEST_REDIS_URL,
  type RunningService,
  type TestDatabase,
} from '@roottrading/testing';
import { startWebServer, type WebServer } from './app.js';
import { frontendEnvSchema } from './config.js';
import { PAGE_POLICY } from './page-headers.js';

const REBOUND = { host: 'attacker.example', origin: 'http://attacker.example' };
const PAUSE = JSON.stringify({ scope: 'all', requestedBy: 'http-guard-test' });
/** An origin only the web process is told about: the trader must refuse it on its own. */
const WEB_ONLY_ORIGIN = 'https://web-only.example.test';

let tdb: TestDatabase;
let trader: RunningService;
let web: WebServer;
let webBase: string;
let distDir: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  const [traderPort, webPort] = [await freePort(), await freePort()];
  const namespace = testNamespace('http-guard');
  trader = await spawnService('trader', traderPort, {
    DATABASE_URL: tdb.url,
    REDIS_URL: TEST_REDIS_URL,
    BUS_NAMESPACE: namespace,
    SYMBOLS: 'BTC/USDC',
    TRADING_MODE: 'demo',
    LOG_LEVEL: 'warn',
    TRADER_PORT: String(traderPort),
    FRONTEND_PORT: String(webPort),
    ALLOWED_HOSTS: 'trading.example.test',
  });
  distDir = mkdtempSync(join(tmpdir(), 'rt-guard-dist-'));
  mkdirSync(join(distDir, 'assets'));
  writeFileSync(join(distDir, 'index.html'), '<!doctype html><title>RootTrading</title><div id="root"></div>');
  writeFileSync(join(distDir, 'assets', 'app-abc123.js'), 'console.log("app")');
  const config = parseEnv(frontendEnvSchema, {
    FRONTEND_PORT: String(webPort),
    ALLOWED_HOSTS: 'trading.example.test',
    ALLOWED_ORIGINS: WEB_ONLY_ORIGIN,
    REDIS_URL: TEST_REDIS_URL,
    BUS_NAMESPACE: namespace,
    TRADER_URL: trader.url(''),
  });
  web = await startWebServer(config, { logger: createLogger('frontend', 'silent'), distDir });
  webBase = `http://127.0.0.1:${web.port}`;
}, 60_000);

afterAll(async () => {
  await web?.stop();
  await trader?.stop();
  await tdb?.drop();
  if (distDir) rmSync(distDir, { recursive: true, force: true });
});

const pauses = async () => controlsStateSchema.parse(await (await fetch(trader.url('/controls'))).json()).pauses.length;
const auditRows = async () =>
  Number(
    (
      await tdb.db
        .selectFrom('operator_actions')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const pause = (url: string, headers: Record<string, string>) =>
  httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: PAUSE });
const resume = () =>
  fetch(trader.url('/controls/resume'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: PAUSE,
  });

describe('a page on a rebound DNS name', () => {
  it('is refused by the trader itself (421, JSON), reads included, and nothing is written', async () => {
    const res = await pause(trader.url('/controls/pause'), REBOUND);
    expect(res.status).toBe(421);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(JSON.parse(res.body)).toEqual({
      error: 'Host "attacker.example" refused: this server answers only its own host names (see ALLOWED_HOSTS)',
    });
    expect((await httpRequest(trader.url('/controls'), { headers: { host: 'attacker.example' } })).status).toBe(421);
    expect(await pauses()).toBe(0);
    expect(await auditRows()).toBe(0);
  });

  it('is refused by the web process before the trader sees it (pause, reset, trade)', async () => {
    for (const path of ['/controls/pause', '/account/reset', '/trade']) {
      const res = await pause(`${webBase}/api/trader${path}`, REBOUND);
      expect([path, res.status]).toEqual([path, 421]);
    }
    expect(await pauses()).toBe(0);
    expect(await auditRows()).toBe(0);
    expect(trader.output.some((l) => l.includes('"host":"attacker.example"'))).toBe(true);
  });

  it('gets neither the page nor a read through the web process', async () => {
    expect((await httpRequest(`${webBase}/`, { headers: { host: 'attacker.example' } })).status).toBe(421);
    const read = await httpRequest(`${webBase}/api/trader/controls`, { headers: { host: 'attacker.example:3000' } });
    expect(read.status).toBe(421);
    expect(JSON.parse(read.body).error).toMatch(/^Host "attacker.example:3000" refused/);
  });
});

describe('a page of another site', () => {
  it('cannot POST to the trader directly nor through the web process (403), and nothing is written', async () => {
    const direct = await pause(trader.url('/controls/pause'), { origin: REBOUND.origin });
    expect(direct.status).toBe(403);
    expect(JSON.parse(direct.body)).toEqual({
      error: 'cross-origin POST refused: Origin "http://attacker.example" is not allowed (see ALLOWED_ORIGINS)',
    });
    expect((await pause(`${webBase}/api/trader/controls/pause`, { origin: REBOUND.origin })).status).toBe(403);
    expect(await pauses()).toBe(0);
    expect(await auditRows()).toBe(0);
  });

  it('is refused by the trader even when the web process lets its origin through', async () => {
    const res = await pause(`${webBase}/api/trader/controls/pause`, { origin: WEB_ONLY_ORIGIN });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).error).toContain(`Origin "${WEB_ONLY_ORIGIN}" is not allowed`);
    expect(await pauses()).toBe(0);
  });
});

describe('the stack’s own callers', () => {
  it('the web process answers loopback, the docker-compose name and ALLOWED_HOSTS, on any port', async () => {
    for (const host of ['localhost:3000', '127.0.0.1', '[::1]:8080', 'frontend:3000', 'Trading.Example.Test:8443']) {
      const res = await httpRequest(`${webBase}/api/trader/controls`, { headers: { host } });
      expect([host, res.status]).toEqual([host, 200]);
    }
  });

  it('another site’s page may read (the browser keeps the answer from it)', async () => {
    const res = await fetch(`${webBase}/api/trader/controls`, { headers: { origin: REBOUND.origin } });
    expect(res.status).toBe(200);
  });

  it('the page: a same-origin POST through the web process reaches the trader and pauses', async () => {
    const res = await pause(`${webBase}/api/trader/controls/pause`, { origin: webBase });
    expect(res.status).toBe(201);
    expect(await pauses()).toBe(1);
    expect((await resume()).status).toBe(200);
    expect(await pauses()).toBe(0);
  });

  it('a script without an Origin, on a name ALLOWED_HOSTS adds and on the docker-compose name', async () => {
    const port = new URL(trader.url('')).port;
    const res = await pause(trader.url('/controls/pause'), { host: `trading.example.test:${port}` });
    expect(res.status).toBe(201);
    expect((await resume()).status).toBe(200);
    expect((await httpRequest(trader.url('/health'), { headers: { host: `trader:${port}` } })).status).toBe(200);
    expect(await auditRows()).toBe(2 * 2);
  });
});

describe('the page', () => {
  it('and its assets come under a Content-Security-Policy, never framed, never sniffed, no Referer sent', async () => {
    for (const path of ['/', '/trades', '/assets/app-abc123.js']) {
      const res = await fetch(`${webBase}${path}`);
      expect([path, res.status]).toEqual([path, 200]);
      expect(res.headers.get('content-security-policy')).toBe(PAGE_POLICY);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('is fronted by services that answer nosniff JSON too', async () => {
    const res = await fetch(trader.url('/controls'));
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
