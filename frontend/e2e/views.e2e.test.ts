/**
 * The trader's history views in a real browser on the real stack: closed trades (filters and the
 * CSV export), the signals it did not trade and why, profit bars with the equity and its drawdown,
 * each service's logs followed live, and the settings with their secrets masked; then every one at
 * phone width (cards, nothing wider than the screen). Saves docs/screenshots/{closed-trades,
 * not-traded,profit,logs,settings}-*.png.
 *
 * RSI over 2 candles on a random walk at 120× signals every few candles: its BUYs open positions
 * that its SELLs, a 0.2 % stop or a 0.2 % target close, and the SELLs with nothing held, or a BUY
 * while holding, are refused — a history of every kind within a minute of market time.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { ClosedTradesPage, LogsResponse, RefusedSignalsPage } from '@roottrading/contracts';
import { waitFor } from '@roottrading/testing';
import {
  closeAll,
  networkStatus,
  open as openPath,
  PHONE,
  DESKTOP,
  snap,
  startBrowser,
  startStack,
  type Browsing,
  type Stack,
} from './harness.js';
import { FITS, fitsScreen, json, placeOrder, pricesAtTrader } from './operator-steps.js';

const BUS_SECRET = 'views-e2e-bus-secret-0123456789abcdef';
let stack: Stack;
let browsing: Browsing;
let page: Page;

const open = (path: string) => openPath(page, stack.base, path);
const trader = (path: string) => stack.services.trader!.url(path);
const portfolio = (path: string) => stack.services.portfolio!.url(path);
const closedTrades = (qs = '') => json<ClosedTradesPage>(portfolio(`/portfolio/closed-trades${qs}`));
const refused = (qs = '') => json<RefusedSignalsPage>(portfolio(`/portfolio/signals/refused${qs}`));
const post = (path: string, body: object) =>
  json(trader(path), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  stack = await startStack({
    name: 'views',
    common: { BUS_SECRET },
    trader: {
      LOG_LEVEL: 'info',
      RISK_MAX_EXPOSURE_PCT: '0',
      EQUITY_SNAPSHOT_EVERY: '5m',
      STOP_LOSS: '0.2%',
      TAKE_PROFIT: '0.2%',
    },
    analyzer: { STRATEGIES: 'RSI_Strategy', RSI_WINDOW: '2' },
    gateway: { MARKET_SPEED: '120', SYNTHETIC_START_TIME: '2024-01-01T23:45:00Z' },
  });
  await pricesAtTrader(trader('/health'), 2);
  // One manual round trip: an exit reason the strategies never give.
  await placeOrder(trader('/trade'), { symbol: 'BTC/USDC', side: 'BUY', quantity: '0.001' });
  await post('/positions/close', { strategy: 'manual', symbol: 'BTC/USDC', requestedBy: 'e2e' });
  await waitFor(async () => (await closedTrades()).total >= 4 && (await refused()).total >= 2, {
    timeoutMs: 120_000,
    intervalMs: 1_000,
    what: 'closed round trips and refused signals',
  });
  browsing = await startBrowser();
  page = browsing.page;
}, 240_000);

afterAll(() => closeAll(browsing, stack), 60_000);

describe("the trader's history views in a browser, on the real stack", () => {
  it('lists the closed trades, filters them by exit reason, and exports the same rows as CSV', async () => {
    await open('/closed-trades?exitReason=manual');
    const rows = page.locator('#panel-closed-trades tbody tr');
    await rows.first().waitFor({ timeout: 15_000 });
    const api = await closedTrades('?exitReason=manual');
    expect(await rows.count()).toBe(api.trades.length);
    const first = api.trades[0]!;
    await expect(page.locator(`tr[data-closed-trade="${first.id}"]`).textContent()).resolves.toMatch(
      /BTC\/USDC.*manual/,
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('closed-trades-demo.csv');
    const csv = readFileSync((await download.path())!, 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(csv).toHaveLength(api.total + 1);
    expect(csv[1]!.split(',').slice(0, 8)).toEqual([
      first.id,
      'demo',
      'manual',
      'BTC/USDC',
      'USDC',
      first.quantity,
      first.entryPrice,
      first.exitPrice,
    ]);
    expect(csv[1]!.split(',').slice(11, 16)).toEqual([
      first.grossPnl,
      first.fees,
      first.netPnl,
      first.profitPct,
      'manual',
    ]);

    await page.getByLabel('Exit reason').selectOption('');
    const all = await closedTrades();
    await page.getByText(`${all.total} round trips · demo account`).waitFor();
    await snap(page, stack.base, 'closed-trades');
  }, 90_000);

  it('shows why signals were not traded, and filters by a reason picked from the counts', async () => {
    await open('/not-traded');
    const reasons = page.locator('#panel-refused-reasons li button');
    await reasons.first().waitFor({ timeout: 15_000 });
    const top = (await refused()).reasons[0]!;
    await reasons.first().click();
    await expect(reasons.first().getAttribute('aria-pressed')).resolves.toBe('true');
    const matching = await refused(`?reason=${encodeURIComponent(top.reason)}`);
    expect(matching.total).toBeGreaterThanOrEqual(top.count);
    await page.locator('#panel-refused').getByText(`${matching.total} signals · demo account`).waitFor();
    const first = page.locator('#panel-refused tbody tr').first();
    await expect(first.textContent()).resolves.toContain(matching.signals[0]!.reason);
    await page.getByLabel('Reason contains').fill('');
    await snap(page, stack.base, 'not-traded');
  }, 90_000);

  it('draws the profit bars per quote currency, the equity with its drawdown, and the tables per pair and strategy', async () => {
    await open('/profit');
    await page.locator('[data-profit-bars="USDC"] canvas').first().waitFor({ timeout: 15_000 });
    await page.locator('#panel-pnl-pairs tr[data-pnl-row="BTC/USDC|USDC"]').waitFor();
    await page.locator('#panel-pnl-strategies tr[data-pnl-row="manual|USDC"]').waitFor();
    await snap(page, stack.base, 'profit');
    await page.getByLabel('Weekly').check({ force: true });
    await page.waitForURL(/period=week/);
    await page.locator('[data-profit-bars="USDC"]').waitFor();
  }, 90_000);

  it("follows the trader's log lines as they are written, and filters them by level", async () => {
    await open('/logs');
    const list = page.getByRole('list', { name: 'trader log lines, oldest first' });
    await list
      .getByText(/^trader started/)
      .first()
      .waitFor({ timeout: 15_000 });
    // A manual round trip is logged ("position closed"): it shows up without a reload.
    await placeOrder(trader('/trade'), { symbol: 'BTC/USDT', side: 'BUY', quantity: '0.001' });
    await post('/positions/close', { strategy: 'manual', symbol: 'BTC/USDT', requestedBy: 'e2e' });
    await list
      .locator('li[data-level="info"]')
      .filter({ hasText: 'position closed' })
      .filter({ hasText: '"strategy":"manual","symbol":"BTC/USDT"' })
      .waitFor({ timeout: 10_000 });
    const warnOnly = page.waitForResponse((r) => r.url().endsWith('/api/trader/logs?level=warn'));
    await page.getByLabel('Level').selectOption('warn');
    await warnOnly;
    await page.waitForTimeout(300);
    await expect(page.locator('#panel-logs li[data-level="info"]').count()).resolves.toBe(0);
    await page.getByLabel('Level').selectOption('');
    await page.getByLabel('Service').selectOption('portfolio');
    await page.locator('#panel-logs-title').getByText('portfolio log').waitFor();
    // No service's buffer holds the bus secret, whatever it logged.
    for (const name of ['gateway', 'analyzer', 'trader', 'portfolio', 'backtest']) {
      const logs = await json<LogsResponse>(stack.services[name]!.url('/logs'));
      expect(JSON.stringify(logs)).not.toContain(BUS_SECRET);
    }
    await page.getByLabel('Service').selectOption('trader');
    await snap(page, stack.base, 'logs');
  }, 90_000);

  it("shows every service's effective settings with its secrets masked and the analyzer's strategies", async () => {
    await open('/settings');
    const trader = page.locator('#panel-settings-trader');
    await trader.locator('[data-setting="BUS_SECRET"]').waitFor({ timeout: 15_000 });
    await expect(trader.locator('[data-setting="BUS_SECRET"] dd').textContent()).resolves.toBe('[redacted]');
    await expect(trader.locator('[data-setting="RISK_MAX_EXPOSURE_PCT"] dd').textContent()).resolves.toBe('0');
    const analyzer = page.locator('#panel-settings-analyzer');
    await expect(analyzer.locator('[data-strategy="RSI_Strategy"]').textContent()).resolves.toMatch(/window\s*2/);
    await page.locator('#panel-settings-backtest [data-setting]').first().waitFor();
    expect(await page.content()).not.toContain(BUS_SECRET);
    await snap(page, stack.base, 'settings');
  }, 90_000);

  it('shows every new page at phone width as cards, with nothing wider than the screen', async () => {
    await page.setViewportSize(PHONE);
    try {
      for (const [path, panels] of [
        ['/closed-trades', ['#panel-closed-trades']],
        ['/not-traded', ['#panel-refused-reasons', '#panel-refused']],
        ['/profit', ['#panel-profit', '#panel-equity', '#panel-pnl-pairs', '#panel-pnl-strategies']],
        ['/logs', ['#panel-logs']],
        ['/settings', ['#panel-settings-trader', '#panel-settings-analyzer']],
      ] as const) {
        await open(path);
        for (const panel of panels) {
          await page.locator(`${panel}:not([aria-busy=true])`).waitFor({ timeout: 15_000 });
          await page.waitForTimeout(300);
          expect({ path, panel, ...(await fitsScreen(page, panel)) }).toEqual({ path, panel, ...FITS });
        }
      }
      // A card names each figure itself: the table's header row is not shown.
      await open('/closed-trades');
      const card = page.locator('#panel-closed-trades tbody tr').first();
      await card.waitFor();
      await expect(page.locator('#panel-closed-trades thead').isVisible()).resolves.toBe(false);
      await expect(card.locator('td[data-label="Net P&L"]').isVisible()).resolves.toBe(true);
      await expect(card.locator('td[data-label="Exit reason"]').isVisible()).resolves.toBe(true);
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  }, 120_000);

  it('logged no console error and broke no Content-Security-Policy rule', () => {
    expect(browsing.consoleErrors.map((e) => ({ ...e, status: networkStatus(e) }))).toEqual([]);
    expect(browsing.cspViolations).toEqual([]);
  });
});
