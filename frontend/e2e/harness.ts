/**
 * What the browser tests share: the page built as it is now, the stack as real processes (gateway on
 * the synthetic market, analyzer, trader, portfolio and backtest service) on the real Redis and
 * PostgreSQL with the web process in-process, and Debian's chromium driven by playwright-core,
 * with every console error it logs kept for the test to judge.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { parseEnv } from '@roottrading/config';
import { createLogger } from '@roottrading/logger';
import {
  createTestDatabase,
  freePort,
  spawnService,
  testNamespace,
  TEST_REDIS_URL,
  type RunningService,
  type TestDatabase,
} from '@roottrading/testing';
import { startWebServer, type WebServer } from '../server/app.js';
import { frontendEnvSchema } from '../server/config.js';

export const FRONTEND_DIR = fileURLToPath(new URL('..', import.meta.url));
export const SCREENSHOTS = resolve(FRONTEND_DIR, '../docs/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** Builds the page as it is now into a directory of its own (the dist/ of `pnpm build` may be older than the source). */
export function buildPage(): string {
  const distDir = mkdtempSync(join(tmpdir(), 'rt-e2e-dist-'));
  const built = spawnSync(
    process.execPath,
    [
      join(FRONTEND_DIR, 'node_modules/vite/bin/vite.js'),
      'build',
      '--outDir',
      distDir,
      '--emptyOutDir',
      '--logLevel',
      'error',
    ],
    { cwd: FRONTEND_DIR, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
  );
  if (built.status !== 0) throw new Error(`vite build failed:\n${built.stderr}${built.stdout}`);
  return distDir;
}

export interface Stack {
  services: Record<string, RunningService>;
  web: WebServer;
  base: string;
  tdb: TestDatabase;
  stop(): Promise<void>;
}

/** Each service's own variables on top of the shared ones (symbols, mode, database, namespace). */
export interface StackEnv {
  name: string;
  /** Set for every service and the web process alike (BUS_SECRET: they must all sign with it). */
  common?: { BUS_SECRET?: string };
  gateway?: Record<string, string>;
  analyzer?: Record<string, string>;
  trader?: Record<string, string>;
  portfolio?: Record<string, string>;
  backtest?: Record<string, string>;
}

/**
 * The whole stack on a database and in a namespace of its own, and the web process serving the page
 * just built in front of it. `stop()` stops it all and drops the database.
 */
export async function startStack(env: StackEnv): Promise<Stack> {
  const distDir = buildPage();
  const tdb = await createTestDatabase();
  const services: Record<string, RunningService> = {};
  const stopAll = async (web?: WebServer) => {
    await web?.stop();
    await Promise.all(Object.values(services).map((s) => s.stop()));
    await tdb.drop();
    rmSync(distDir, { recursive: true, force: true });
  };
  try {
    const web = await startServices(tdb, env, services, distDir);
    return { services, web, base: `http://127.0.0.1:${web.port}`, tdb, stop: () => stopAll(web) };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

async function startServices(
  tdb: TestDatabase,
  env: StackEnv,
  services: Record<string, RunningService>,
  distDir: string,
): Promise<WebServer> {
  const names = ['gateway', 'analyzer', 'trader', 'portfolio', 'backtest'] as const;
  const ports = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await freePort()] as const)));
  // Known before anything starts: the services accept the page's writes by its origin, which has this port.
  const webPort = await freePort();
  const namespace = testNamespace(env.name);
  const common = {
    FRONTEND_PORT: String(webPort),
    DATABASE_URL: tdb.url,
    REDIS_URL: TEST_REDIS_URL,
    BUS_NAMESPACE: namespace,
    SYMBOLS: 'BTC/USDC,BTC/USDT',
    INTERVAL: '1m',
    LOG_LEVEL: 'warn',
    TRADING_MODE: 'demo',
    ...Object.fromEntries(names.map((n) => [`${n.toUpperCase()}_PORT`, String(ports[n])])),
    ...env.common,
  };
  // Each kept as it starts, and all awaited, so a failure to start one still stops every other.
  const started = await Promise.allSettled(
    (['trader', 'portfolio', 'analyzer', 'backtest'] as const).map(async (n) => {
      services[n] = await spawnService(n, ports[n]!, { ...common, ...env[n] });
    }),
  );
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  // The gateway last: its first candles find the others listening.
  services.gateway = await spawnService('gateway', ports.gateway!, {
    ...common,
    MARKET_SOURCE: 'synthetic',
    ...env.gateway,
  });

  const config = parseEnv(frontendEnvSchema, {
    FRONTEND_PORT: String(webPort),
    REDIS_URL: TEST_REDIS_URL,
    BUS_NAMESPACE: namespace,
    ...Object.fromEntries(names.map((n) => [`${n.toUpperCase()}_URL`, `http://127.0.0.1:${ports[n]}`])),
    ...env.common,
  });
  return startWebServer(config, { logger: createLogger('frontend', 'silent'), distDir });
}

export interface ConsoleError {
  text: string;
  url: string;
  page: string;
}

export interface Browsing {
  browser: Browser;
  page: Page;
  /** Every console error and uncaught exception, with the page it happened on. */
  consoleErrors: ConsoleError[];
  /** Everything the page's Content-Security-Policy refused, as the browser reported it. */
  cspViolations: CspViolation[];
}

export interface CspViolation {
  directive: string;
  blocked: string;
  page: string;
}

export async function startBrowser(): Promise<Browsing> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport: DESKTOP, colorScheme: 'dark' });
  const consoleErrors: ConsoleError[] = [];
  page.on('console', (msg: ConsoleMessage) => {
    if (msg.type() === 'error') consoleErrors.push({ text: msg.text(), url: msg.location().url, page: page.url() });
  });
  page.on('pageerror', (err) => consoleErrors.push({ text: `uncaught: ${err.message}`, url: '', page: page.url() }));
  const cspViolations = await recordCspViolations(page);
  return { browser, page, consoleErrors, cspViolations };
}

/** Collects the page's `securitypolicyviolation` events, on every document it opens. */
export async function recordCspViolations(page: Page): Promise<CspViolation[]> {
  const violations: CspViolation[] = [];
  await page.exposeFunction('__rtCspViolation', (directive: string, blocked: string) =>
    violations.push({ directive, blocked, page: page.url() }),
  );
  await page.addInitScript(() => {
    const w = window as unknown as { __rtCspViolation(directive: string, blocked: string): void };
    document.addEventListener('securitypolicyviolation', (e) => {
      void w.__rtCspViolation(e.effectiveDirective, e.blockedURI);
    });
  });
  return violations;
}

/** The end of a browser test: the browser closed, the stack stopped, its database dropped (whatever of them started). */
export async function closeAll(browsing: Browsing | undefined, stack: Stack | undefined): Promise<void> {
  await browsing?.browser.close();
  await stack?.stop();
}

/** Opens a path of the page and waits until its live connection is open. */
export async function open(page: Page, base: string, path: string): Promise<void> {
  await page.goto(`${base}${path}`);
  await page.locator('[data-live="open"]').waitFor({ timeout: 15_000 });
}

/**
 * A screenshot of what is on screen (not the whole page: files stay small) at desktop width, then
 * of the same page opened afresh at phone width, as a phone would first show it. `at`: scrolled to
 * that element instead of the top.
 */
export async function snap(
  page: Page,
  base: string,
  name: string,
  redo?: () => Promise<void>,
  at?: string,
): Promise<void> {
  const scroll = () =>
    at
      ? page.locator(at).evaluate((el) => el.scrollIntoView({ block: 'start' }))
      : page.evaluate(() => window.scrollTo(0, 0));
  await scroll();
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-desktop.png`) });
  await page.setViewportSize(PHONE);
  const url = new URL(page.url());
  await open(page, base, url.pathname + url.search);
  await page.waitForTimeout(1_500); // panels load, charts draw
  await redo?.();
  if (at) await scroll();
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-phone.png`) });
  await page.setViewportSize(DESKTOP);
}

/** The HTTP status of a "Failed to load resource" console error, NaN for any other. */
export const networkStatus = (e: { text: string }) =>
  Number(/^Failed to load resource: the server responded with a status of (\d+)/.exec(e.text)?.[1]);
