/**
 * The web page in a real browser against a trader really in live mode: the trader (TRADING_MODE=live)
 * trades on the exchange double (`@roottrading/exchange-double`, binance's spot REST API over real
 * HTTP, ccxt pointed at it with CCXT_URLS_JSON), the portfolio serves the live account, a gateway on
 * the synthetic source gives the page its prices and symbols, and an analyzer that cannot signal in
 * the test's lifetime answers the page's health checks — all real processes on the real Redis and
 * PostgreSQL; the web process in-process; Debian's chromium through playwright-core.
 *
 * Covered: the page says LIVE (banner, badge, the order form's warning) and never DEMO; a manual
 * market BUY needs the token and the live confirmation; a wrong token gets the trader's 401, shown
 * as such, and nothing reaches the exchange; the right token fills exactly one order on the double,
 * listed in the trades; the token lives in sessionStorage only, never in localStorage or a URL; and
 * the only console error is the 401 caused on purpose.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type ConsoleMessage,
  type Locator,
  type Page,
} from 'playwright-core';
import { parseEnv } from '@roottrading/config';
import type { TradesPage } from '@roottrading/contracts';
import { createLogger } from '@roottrading/logger';
import {
  createTestDatabase,
  freePort,
  spawnService,
  testNamespace,
  TEST_REDIS_URL,
  waitFor,
  type RunningService,
  type TestDatabase,
} from '@roottrading/testing';
// Test-only packages the frontend does not depend on: reached by path, as the trader's tests use them.
import { BinanceSpotDouble } from '../../packages/exchange-double/src/index.js';
import { DOUBLE_KEY, DOUBLE_SECRET } from '../../services/trader/src/live/testing/test-exchange.js';
import { startWebServer, type WebServer } from '../server/app.js';
import { frontendEnvSchema } from '../server/config.js';
import { recordCspViolations, type CspViolation } from './harness.js';

const FRONTEND_DIR = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** TRADER_API_TOKEN: live mode wants at least 24 characters. */
const TOKEN = 'e2e-live-token-3c9a1f7d5b2e4a6c8d0f1b3a';
const WRONG_TOKEN = 'e2e-rotated-token-0000000000000000000000';
const TOKEN_KEY = 'roottrading:trader-api-token';
const TRADE_PATH = '/api/trader/trade';

let tdb: TestDatabase;
let double: BinanceSpotDouble;
let distDir: string;
let web: WebServer;
let base: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const services: Record<string, RunningService> = {};
const consoleErrors: { text: string; url: string; page: string }[] = [];
let cspViolations: CspViolation[] = [];
/** Every URL the page loaded or requested (the token must be in none). */
const requestedUrls: string[] = [];
/** Every trade POST the page sent: its Authorization header and the trader's status. */
const tradePosts: { authorization: string | undefined; status?: number }[] = [];
/** The trading-mode badges the pages showed, in order, and text around any "demo" they showed. */
const modesSeen: string[] = [];
const demoSeen: string[] = [];

async function json<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return (await res.json()) as T;
}

/** `vite build` of the page as it is now into a directory of our own (not blocking the event loop). */
async function buildApp(outDir: string): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      join(FRONTEND_DIR, 'node_modules/vite/bin/vite.js'),
      'build',
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'error',
    ],
    { cwd: FRONTEND_DIR, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  if (code !== 0) throw new Error(`vite build failed (${code}):\n${output}`);
}

async function open(path: string): Promise<void> {
  await page.goto(`${base}${path}`);
  await page.locator('[data-live="open"]').waitFor({ timeout: 15_000 });
}

/** The text of what describes a field (its error and hint), as a screen reader reads it. */
const describedText = (field: Locator) =>
  field.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );

const manualTrades = async () =>
  (await json<TradesPage>(services.portfolio!.url('/portfolio/trades?limit=500'))).trades.filter(
    (t) => t.strategy === 'manual',
  );

beforeAll(async () => {
  distDir = mkdtempSync(join(tmpdir(), 'rt-e2e-live-dist-'));
  const built = buildApp(distDir);
  built.catch(() => undefined); // reported below, once the services are started
  double = await BinanceSpotDouble.start();
  tdb = await createTestDatabase();

  const ports = {
    gateway: await freePort(),
    analyzer: await freePort(),
    trader: await freePort(),
    portfolio: await freePort(),
    backtest: await freePort(),
    web: await freePort(),
  };
  const namespace = testNamespace('browser-live');
  const common = {
    // The services accept the page's writes by its origin, which has the web process's port.
    FRONTEND_PORT: String(ports.web),
    DATABASE_URL: tdb.url,
    REDIS_URL: TEST_REDIS_URL,
    BUS_NAMESPACE: namespace,
    SYMBOLS: 'BTC/USDC',
    INTERVAL: '1m',
    LOG_LEVEL: 'warn',
    TRADING_MODE: 'live',
    GATEWAY_PORT: String(ports.gateway),
    ANALYZER_PORT: String(ports.analyzer),
    TRADER_PORT: String(ports.trader),
    PORTFOLIO_PORT: String(ports.portfolio),
    BACKTEST_PORT: String(ports.backtest),
  };
  // Each service is registered as soon as it is up, so afterAll stops it even if another failed.
  const start = async (name: string, port: number, env: Record<string, string>) => {
    services[name] = await spawnService(name, port, env);
  };
  const portfolioUp = start('portfolio', ports.portfolio, common);
  const results = await Promise.allSettled([
    portfolioUp,
    // Once the portfolio listens to the bus, so the balances the trader publishes at its start
    // reach it. Configured as live-harness.ts does (the double's credentials and URLs, quick
    // retries), with exchange timeouts and recvWindow at a spawned process's pace on a busy machine
    // (no fault is injected here, nothing waits for them to run out).
    portfolioUp.then(() =>
      start('trader', ports.trader, {
        ...common,
        EXCHANGE_API_KEY: DOUBLE_KEY,
        EXCHANGE_API_SECRET: DOUBLE_SECRET,
        LIVE_TRADING_CONFIRM: 'yes',
        TRADER_API_TOKEN: TOKEN,
        CCXT_URLS_JSON: JSON.stringify(double.ccxtUrls()),
        CCXT_TIMEOUT_MS: '5000',
        LIVE_RECV_WINDOW_MS: '5000',
        LIVE_RETRY_BASE_MS: '20',
        LIVE_RETRY_MAX_MS: '200',
        LIVE_LOOKUP_TIMEOUT: '10s',
        LIVE_FILL_TIMEOUT: '10s',
        ACCOUNT_INTERVAL: '60s',
      }),
    ),
    // Only so the page's health checks find it: windows far longer than the candles this test
    // lives to see, so no signal ever reaches the live trader (every placement is the page's).
    start('analyzer', ports.analyzer, {
      ...common,
      STRATEGIES: 'SimpleMA_Cross',
      SHORT_WINDOW: '5000',
      LONG_WINDOW: '10000',
    }),
    start('gateway', ports.gateway, { ...common, MARKET_SOURCE: 'synthetic', MARKET_SPEED: '120' }),
    // Its API only, so the page's health checks find it.
    start('backtest', ports.backtest, { ...common, BACKTEST_CONCURRENCY: '0' }),
    built,
  ]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;

  const config = parseEnv(frontendEnvSchema, {
    FRONTEND_PORT: String(ports.web),
    REDIS_URL: TEST_REDIS_URL,
    BUS_NAMESPACE: namespace,
    GATEWAY_URL: services.gateway!.url(''),
    ANALYZER_URL: services.analyzer!.url(''),
    TRADER_URL: services.trader!.url(''),
    PORTFOLIO_URL: services.portfolio!.url(''),
    BACKTEST_URL: services.backtest!.url(''),
  });
  web = await startWebServer(config, { logger: createLogger('frontend', 'silent'), distDir });
  base = `http://127.0.0.1:${web.port}`;

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
  // Every trading-mode badge any page ever shows, and any moment "DEMO" was on screen.
  await context.exposeFunction('__rtSawMode', (label: string) => {
    if (modesSeen.at(-1) !== label) modesSeen.push(label);
  });
  await context.exposeFunction('__rtSawDemo', (text: string) => demoSeen.push(text));
  await context.addInitScript(() => {
    const w = window as unknown as { __rtSawMode(l: string): void; __rtSawDemo(t: string): void };
    let last: string | undefined;
    let sawDemo = false;
    const look = () => {
      const badge = document.querySelector('[aria-label^="trading mode:"]')?.getAttribute('aria-label');
      if (badge && badge !== last) void w.__rtSawMode((last = badge));
      const text = document.getElementById('root')?.textContent ?? '';
      // The demo banner ("DEMO MODE: …") and the trades' demo tag ("DEMO"); the badge is tracked above.
      const at = text.search(/DEMO/);
      if (at >= 0 && !sawDemo) {
        sawDemo = true;
        void w.__rtSawDemo(text.slice(Math.max(0, at - 40), at + 40));
      }
    };
    new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true });
  });
  page = await context.newPage();
  page.on('console', (msg: ConsoleMessage) => {
    if (msg.type() === 'error') consoleErrors.push({ text: msg.text(), url: msg.location().url, page: page.url() });
  });
  page.on('pageerror', (err) => consoleErrors.push({ text: `uncaught: ${err.message}`, url: '', page: page.url() }));
  cspViolations = await recordCspViolations(page);
  page.on('request', (r) => {
    requestedUrls.push(r.url());
    if (r.method() === 'POST' && new URL(r.url()).pathname === TRADE_PATH)
      tradePosts.push({ authorization: r.headers().authorization });
  });
  page.on('response', (r) => {
    if (r.request().method() === 'POST' && new URL(r.url()).pathname === TRADE_PATH) {
      const post = tradePosts.findLast((p) => p.status === undefined);
      if (post) post.status = r.status();
    }
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await Promise.all(Object.values(services).map((s) => s.stop()));
  await double?.close();
  await tdb?.drop();
  if (distDir) rmSync(distDir, { recursive: true, force: true });
}, 60_000);

describe('the web page against a trader in live mode (exchange double)', () => {
  it('says LIVE in the banner, the badge and the order form, and never DEMO', async () => {
    const health = await json<{ details: { mode: string } }>(services.trader!.url('/health'));
    expect(health.details.mode).toBe('live');

    await open('/');
    const badge = page.getByLabel('trading mode: live');
    await badge.waitFor({ timeout: 15_000 });
    await expect(badge.textContent()).resolves.toBe('live');
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: 'LIVE TRADING: orders are sent to the exchange with real money' })
        .count(),
    ).resolves.toBe(1);

    await open('/order');
    await page.getByLabel('trading mode: live').waitFor();
    await page
      .getByRole('alert')
      .filter({ hasText: 'LIVE: this order is sent to the exchange with real money.' })
      .waitFor();
    await expect(page.getByLabel('Trader API token').isVisible()).resolves.toBe(true);
    await expect(page.getByText(/DEMO/).count()).resolves.toBe(0);
    await expect(page.getByLabel('trading mode: demo').count()).resolves.toBe(0);
  }, 30_000);

  it('sends nothing without the token, asks for the live confirmation, shows the 401 for a wrong token, and nothing reaches the exchange', async () => {
    await open('/order');
    await page.getByTestId('last-price').getByText(/USDC/).waitFor({ timeout: 15_000 });
    await page.getByLabel('Symbol').selectOption('BTC/USDC');
    const quantity = page.getByLabel(/^Quantity/);
    await quantity.fill('0.001');
    const buy = page.getByRole('button', { name: 'Buy BTC' });

    // No token: the form says so next to the field, and stops there.
    const tokenField = page.getByLabel('Trader API token');
    await buy.click();
    await waitFor(async () => (await describedText(tokenField)).includes('is required for live orders'), {
      what: 'the token field to say it is required',
    });
    await expect(tokenField.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.getByRole('alertdialog').count()).resolves.toBe(0);

    // A wrong token (a rotated one, say): the confirmation comes first, and Cancel sends nothing.
    await tokenField.fill(WRONG_TOKEN);
    await buy.click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toMatch(
      /^Send a LIVE BUY of 0\.001 BTC on BTC\/USDC for about [\d.]+ USDC\?/,
    );
    await page.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(tradePosts).toEqual([]);

    await buy.click();
    const answer = page.waitForResponse((r) => new URL(r.url()).pathname === TRADE_PATH);
    await page.getByRole('button', { name: 'Confirm live order' }).click();
    expect((await answer).status()).toBe(401);
    const refusal = page.getByRole('alert').filter({ hasText: 'The trader refused the API token' });
    await refusal.waitFor();
    await expect(refusal.textContent()).resolves.toContain('invalid API token');
    expect(tradePosts).toEqual([{ authorization: `Bearer ${WRONG_TOKEN}`, status: 401 }]);

    // The refused token is forgotten: asked for again, not kept in the tab.
    await tokenField.waitFor();
    await expect(tokenField.inputValue()).resolves.toBe('');
    await expect(page.evaluate((k) => sessionStorage.getItem(k), TOKEN_KEY)).resolves.toBeNull();

    expect(double.placements()).toHaveLength(0);
    expect(await manualTrades()).toHaveLength(0);
  }, 30_000);

  it('with the token, the confirmed market BUY fills on the exchange exactly once and is listed in the trades', async () => {
    const quantity = page.getByLabel(/^Quantity/);
    await expect(quantity.inputValue()).resolves.toBe('0.001');
    const usdc = page.locator('#panel-order-balances tr[data-asset="USDC"] td').last();
    await usdc.waitFor();
    const usdcBefore = await usdc.textContent();

    await page.getByLabel('Trader API token').fill(TOKEN);
    // Keyboard submit, then the confirmation: still nothing sent before "Confirm live order".
    await quantity.press('Enter');
    await page.getByRole('alertdialog').waitFor();
    expect(tradePosts).toHaveLength(1);
    expect(double.placements()).toHaveLength(0);

    const answer = page.waitForResponse((r) => new URL(r.url()).pathname === TRADE_PATH);
    await page.getByRole('button', { name: 'Confirm live order' }).click();
    expect((await answer).status()).toBe(201);
    const { order } = (await (await answer).json()) as {
      order: { clientOrderId: string; demo: boolean; status: string; fill: { tradeId: string } };
    };
    expect(order).toMatchObject({ demo: false, status: 'filled' });
    expect(tradePosts.at(-1)).toEqual({ authorization: `Bearer ${TOKEN}`, status: 201 });
    await expect(page.getByRole('status', { name: 'order filled' }).textContent()).resolves.toMatch(
      /^Filled: BUY 0\.001\d*\s?BTC at [\d,.]+\s?USDC/,
    );

    // Exactly one order reached the exchange: this one.
    const placements = double.placements();
    expect(placements).toHaveLength(1);
    expect(placements[0]!.params).toMatchObject({
      symbol: 'BTCUSDC',
      side: 'BUY',
      type: 'MARKET',
      newClientOrderId: order.clientOrderId,
    });
    expect(Number(placements[0]!.params.quantity)).toBe(0.001);
    expect(double.account.allOrders().filter((o) => o.clientOrderId === order.clientOrderId)).toHaveLength(1);

    // Listed with the live tag, and the exchange's balance shows on the page.
    const row = page.locator(`#panel-order-trades tr[data-trade-id="${order.fill.tradeId}"]`);
    await row.waitFor({ timeout: 15_000 });
    await expect(row.textContent()).resolves.toMatch(/^.*BTC\/USDC LIVE.*BUY.*manual/);
    await waitFor(async () => (await usdc.textContent()) !== usdcBefore, {
      what: 'the USDC balance to change',
      timeoutMs: 15_000,
    });
    const trades = await manualTrades();
    expect(trades.map((t) => [t.id, t.demo])).toEqual([[order.fill.tradeId, false]]);
    // For the README: the order page in live mode after a fill.
    await page.screenshot({
      path: join(fileURLToPath(new URL('../../docs/screenshots', import.meta.url)), 'order-live-desktop.png'),
    });
  }, 45_000);

  it('keeps the token in sessionStorage for this tab only: not in localStorage, the page or any URL', async () => {
    const stored = await page.evaluate((k) => {
      const local: Record<string, string> = {};
      for (let i = 0; i < localStorage.length; i++) {
        const key = localStorage.key(i)!;
        local[key] = localStorage.getItem(key) ?? '';
      }
      return { session: sessionStorage.getItem(k), local, cookies: document.cookie };
    }, TOKEN_KEY);
    expect(stored.session).toBe(TOKEN);
    expect(JSON.stringify(stored.local)).not.toContain(TOKEN);
    expect(stored.cookies).not.toContain(TOKEN);

    // A reload keeps it for the tab: the field is not asked again.
    await open('/order');
    await page.getByRole('button', { name: 'Buy BTC' }).waitFor();
    await expect(page.getByLabel('Trader API token').count()).resolves.toBe(0);
    await expect(page.evaluate((k) => sessionStorage.getItem(k), TOKEN_KEY)).resolves.toBe(TOKEN);
    // Nor is it (or an exchange credential) anywhere in the page itself.
    const html = await page.content();
    for (const secret of [TOKEN, DOUBLE_KEY, DOUBLE_SECRET]) expect(html).not.toContain(secret);

    // Another tab does not have it.
    const other = await context.newPage();
    try {
      await other.goto(`${base}/order`);
      await other.getByLabel('Trader API token').waitFor({ timeout: 15_000 });
      await expect(other.evaluate((k) => sessionStorage.getItem(k), TOKEN_KEY)).resolves.toBeNull();
    } finally {
      await other.close();
    }

    for (const url of [page.url(), ...requestedUrls]) {
      expect(url).not.toContain(TOKEN);
      expect(url).not.toContain(WRONG_TOKEN);
    }
    expect(requestedUrls.length).toBeGreaterThan(0);
  }, 30_000);

  it('showed only the live mode and logged no console error but the 401 caused on purpose, nor any CSP violation', async () => {
    expect(demoSeen).toEqual([]);
    expect(modesSeen.at(-1)).toBe('trading mode: live');
    expect(modesSeen.filter((m) => m !== 'trading mode: live' && m !== 'trading mode: unknown')).toEqual([]);

    const refused = (e: { text: string; url: string }) =>
      /^Failed to load resource: the server responded with a status of 401\b/.test(e.text) &&
      new URL(e.url).pathname === TRADE_PATH;
    expect(consoleErrors.filter((e) => !refused(e))).toEqual([]);
    expect(consoleErrors.filter(refused)).toHaveLength(1);
    expect(cspViolations).toEqual([]);
  });
});
