/**
 * At phone width on the real stack with every strategy loaded: the Strategies page folded to a
 * bounded height (it was 11,885 px), every page no wider than the screen with no table hiding
 * columns; and on the dashboard, an open position's unrealized P&L and the portfolio's value
 * following the pushed prices while the portfolio's own answers are held back. Saves
 * docs/screenshots/strategies-phone.png (as browser.e2e's snap does, folded the same).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page, Route } from 'playwright-core';
import { waitFor } from '@roottrading/testing';
import { strategyRegistry } from '@roottrading/strategies';
import {
  closeAll,
  DESKTOP,
  open as openPath,
  PHONE,
  SCREENSHOTS,
  startBrowser,
  startStack,
  type Browsing,
  type Stack,
} from './harness.js';
import { FITS, fitsScreen, placeOrder, pricesAtTrader } from './operator-steps.js';

let stack: Stack;
let browsing: Browsing;
let page: Page;
const open = (path: string) => openPath(page, stack.base, path);
const ALL = strategyRegistry.map((s) => s.name);

beforeAll(async () => {
  stack = await startStack({
    name: 'phone',
    trader: { DEMO_BALANCES: 'USDC=10000,USDT=10000' },
    // RSI over 2 bars signals every few candles: the feed fills within seconds.
    analyzer: { STRATEGIES: ALL.join(','), RSI_WINDOW: '2' },
    gateway: { MARKET_SPEED: '120' },
  });
  await pricesAtTrader(stack.services.trader!.url('/health'), 2);
  await placeOrder(stack.services.trader!.url('/trade'), { symbol: 'BTC/USDC', side: 'BUY', quantity: '0.05' });
  browsing = await startBrowser();
  page = browsing.page;
}, 180_000);

afterAll(() => closeAll(browsing, stack), 60_000);

/** Tables whose columns do not fit their box (a phone would have to scroll them sideways to see them all). */
const hiddenColumns = () =>
  page.evaluate(() =>
    [...document.querySelectorAll('table')]
      .filter((t) => t.getBoundingClientRect().width > 0 && t.scrollWidth > t.parentElement!.clientWidth + 1)
      .map((t) => t.querySelector('caption')?.textContent ?? t.closest('section')?.id ?? 'a table'),
  );

describe('phone width and live prices, on the real stack', () => {
  it('folds the Strategies page at phone width to a bounded height; a tap opens a strategy', async () => {
    await page.setViewportSize(PHONE);
    try {
      await open('/strategies');
      const cards = page.locator('[data-strategy]');
      await waitFor(async () => (await cards.count()) === ALL.length, { what: 'every strategy listed' });
      await page.locator('[aria-label="signals, newest first"] li').nth(9).waitFor({ timeout: 30_000 });
      await page.waitForTimeout(500);
      const folded = await cards.evaluateAll((els) => els.filter((el) => (el as HTMLDetailsElement).open).length);
      expect(folded).toBe(0);
      // Eleven strategies and ten signals: under four phone screens (11,885 px before).
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      expect(height).toBeLessThan(4 * PHONE.height);
      expect(await fitsScreen(page, '#panel-strategies')).toEqual(FITS);
      await page.screenshot({ path: `${SCREENSHOTS}/strategies-phone.png` });
      const rsi = page.locator('[data-strategy="RSI_Strategy"]');
      await rsi.locator('summary').click();
      await expect(rsi.evaluate((el) => (el as HTMLDetailsElement).open)).resolves.toBe(true);
      await expect(rsi.textContent()).resolves.toMatch(/window\s*2/);
      await expect(page.getByRole('button', { name: /^Show \d+ more$/ }).isVisible()).resolves.toBe(true);
      // A wide screen opens them all.
      await page.setViewportSize(DESKTOP);
      await open('/strategies');
      await cards.first().waitFor();
      expect(await cards.evaluateAll((els) => els.every((el) => (el as HTMLDetailsElement).open))).toBe(true);
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  }, 90_000);

  it('shows every page at 390 px with nothing wider than the screen and no table hiding columns', async () => {
    await page.setViewportSize(PHONE);
    try {
      const paths = ['/', '/trades', '/closed-trades', '/profit', '/order', '/chart', '/strategies', '/arena'];
      for (const path of [...paths, '/not-traded', '/controls', '/backtest', '/logs', '/settings']) {
        await open(path);
        await page.waitForTimeout(1_500); // panels load
        const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect({ path, wide, hidden: await hiddenColumns() }).toEqual({ path, wide: 0, hidden: [] });
      }
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  }, 120_000);

  it("moves the dashboard's unrealized P&L with the pushed prices, the portfolio's answers held back", async () => {
    await open('/');
    const row = page.locator('[data-position="manual|BTC/USDC"]');
    const unrealized = row.locator('td[data-label="Unrealized P&L"]');
    const summary = page.locator('[data-currency="USDC"] dd[data-figure="unrealized"]');
    await waitFor(async () => /\d/.test((await unrealized.textContent()) ?? ''), { what: 'a valued position' });
    // From here on no portfolio request is answered: what moves, moves with the pushed prices.
    const held: Route[] = [];
    await page.route('**/api/portfolio/**', (route) => void held.push(route));
    try {
      const before = { row: await unrealized.textContent(), summary: await summary.textContent() };
      const last = await row.locator('td[data-label="Last"]').textContent();
      await waitFor(
        async () =>
          (await unrealized.textContent()) !== before.row &&
          (await summary.textContent()) !== before.summary &&
          (await row.locator('td[data-label="Last"]').textContent()) !== last,
        { what: 'the unrealized P&L moved with the price', timeoutMs: 20_000, intervalMs: 200 },
      );
      // Every portfolio request since the route was set is still held (there may be none, when the
      // price moved before the next reload): the figures above moved with the pushed prices alone.
    } finally {
      await page.unroute('**/api/portfolio/**');
      await Promise.all(held.map((r) => r.abort().catch(() => undefined)));
    }
  }, 60_000);
});
