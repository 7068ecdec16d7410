/**
 * The chart in a real browser on the real stack: 1,200 stored minutes of BTC/USDC before the
 * synthetic market's first candle (two candles a second from then on), so there is history to pan
 * into. Switching the timeframe asks the gateway for built bars and draws the forming one from the
 * live minutes, never closed before its period is over; panning to the left edge loads older pages
 * until there are none, each bar once; an open position's entry, stop and target are lines on the
 * price; the strategies' overlays toggle, a strategy on another timeframe drawn from its own bars.
 * Saves docs/screenshots/chart-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { CandlesResponse, OpenPositionsResponse } from '@roottrading/contracts';
import { candleRowOf, upsertCandles } from '@roottrading/db';
import { waitFor } from '@roottrading/testing';
import {
  closeAll,
  open as openPath,
  snap as snapPage,
  startBrowser,
  startStack,
  type Browsing,
  type Stack,
} from './harness.js';
import { json, placeOrder, pricesAtTrader } from './operator-steps.js';

const MIN = 60_000;
const START = Date.parse('2024-01-01T00:00:00Z');
const STORED = 1_200;

let stack: Stack;
let browsing: Browsing;
let page: Page;

const open = (path: string) => openPath(page, stack.base, path);
const chart = () => page.locator('[data-marks]');
const attr = async (name: string) => (await chart().getAttribute(name)) ?? '';
const gateway = (path: string) => json<CandlesResponse>(stack.services.gateway!.url(path));

/** A random walk ending at the synthetic market's start price, one candle a minute up to its start. */
function storedMinutes() {
  let price = 30_000;
  const out = [];
  for (let i = 1; i <= STORED; i++) {
    const open = price;
    price = Math.round((price + Math.sin(i / 17) * 12 + ((i * 7919) % 13) - 6) * 100) / 100;
    const startTime = START - i * MIN;
    out.push(
      candleRowOf({
        symbol: 'BTC/USDC',
        interval: '1m',
        startTime,
        closeTime: startTime + MIN - 1,
        open: String(price),
        high: String(Math.max(open, price) + 3.5),
        low: String(Math.min(open, price) - 2.25),
        close: String(open),
        volume: '1.5',
        source: 'synthetic',
      }),
    );
  }
  return out;
}

beforeAll(async () => {
  stack = await startStack({
    name: 'chart',
    trader: { DEMO_BALANCES: 'USDC=10000,USDT=10000' },
    analyzer: {
      STRATEGIES: 'SimpleMA_Cross,RSI_Strategy,Bollinger_Bands,Supertrend,MACD_Trend',
      SHORT_WINDOW: '5',
      LONG_WINDOW: '20',
      // Two of the newer strategies: one on a timeframe of its own, one in a pane of its own.
      SUPERTREND_TIMEFRAME: '5m',
      MACD_TIMEFRAME: '1m',
      MACD_TREND: '50',
    },
    gateway: { MARKET_SPEED: '120', SYNTHETIC_START_TIME: new Date(START).toISOString() },
  });
  await upsertCandles(stack.tdb.db, storedMinutes());
  await pricesAtTrader(stack.services.trader!.url('/health'), 2);
  browsing = await startBrowser();
  page = browsing.page;
}, 180_000);

afterAll(() => closeAll(browsing, stack), 60_000);

describe('the chart on the real stack', () => {
  it('loads older pages as the view is panned to the left edge, each bar once, until there are none', async () => {
    await open('/chart?symbol=BTC/USDC');
    // At least the first page: the chart may already be fetching older ones when this looks.
    await waitFor(async () => Number(await attr('data-bars')) >= 500, {
      what: 'the first page of 500 bars',
      timeoutMs: 30_000,
    });
    const box = (await chart().boundingBox())!;
    // Drag the candles to the right, again and again: the view reaches the oldest bar held.
    const pan = async () => {
      await page.mouse.move(box.x + 80, box.y + box.height / 3);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width - 80, box.y + box.height / 3, { steps: 8 });
      await page.mouse.up();
    };
    await waitFor(
      async () => {
        await pan();
        return (await page.getByTestId('history-state').textContent()) === 'no older bars';
      },
      { what: 'every older page loaded', timeoutMs: 60_000, intervalMs: 200 },
    );
    // Read together: live minutes keep arriving (two a second) while the test pans.
    const [bars, first, last] = await chart().evaluate((el) =>
      ['data-bars', 'data-first-bar', 'data-last-bar'].map((name) => Number(el.getAttribute(name))),
    );
    // Back to the first stored minute, every minute from there to the newest once: no bar twice, none missing.
    expect(first).toBe(START - STORED * MIN);
    expect(bars).toBe((last! - first!) / MIN + 1);
    expect(browsing.consoleErrors).toEqual([]);
  }, 120_000);

  it('switches to 5m bars built by the gateway, the forming one drawn from the live minutes and never shown closed early', async () => {
    await open('/chart?symbol=BTC/USDC');
    // The chart's first page (Supertrend's overlay asks for 5m bars of its own too, never 500 of them here).
    const asked = page.waitForRequest(
      (r) => r.url().includes('/api/gateway/candles') && /interval=5m&limit=500(&|$)/.test(r.url()),
    );
    await page.locator('fieldset label').filter({ hasText: /^5m$/ }).click();
    const answer = await (await asked).response();
    const body = (await answer!.json()) as CandlesResponse;
    expect(body.interval).toBe('5m');
    expect(body.candles.length).toBeGreaterThan(200);
    expect(body.candles.every((c) => c.startTime % (5 * MIN) === 0)).toBe(true);
    expect(new URL(page.url()).searchParams.get('tf')).toBe('5m');
    await waitFor(async () => Number(await attr('data-bars')) === body.candles.length, { what: 'the 5m bars drawn' });

    // The legend shows the newest bar, sampled as the minutes arrive. One drawn closed is the
    // gateway's closed bar to the last decimal, so none was closed before its last minute came.
    // (One drawn forming may lag the gateway by a push: that is late, never early.)
    const legend = page.getByTestId('ohlc-legend');
    const closedSeen = new Map<number, string>();
    let formingSeen = 0;
    for (let i = 0; i < 12; i++) {
      // All three at once: the next render may have moved the legend to the next bar.
      const shown = await legend.evaluate((el) => ({ ...(el as HTMLElement).dataset }));
      const time = Number(shown.time);
      expect(time % (5 * MIN)).toBe(0);
      if (shown.forming === 'true') formingSeen++;
      else closedSeen.set(time, shown.ohlcv!);
      await page.waitForTimeout(400);
    }
    expect(formingSeen).toBeGreaterThan(0);
    for (const [time, ohlcv] of closedSeen) {
      const bar = await waitFor(
        async () =>
          (await gateway(`/candles?symbol=BTCUSDC&interval=5m&limit=1&before=${time + 5 * MIN}`)).candles.find(
            (c) => c.startTime === time,
          ),
        { what: `the gateway's 5m bar at ${new Date(time).toISOString()}` },
      );
      expect(ohlcv).toBe([bar.open, bar.high, bar.low, bar.close, bar.volume].join(' '));
    }
    // Hovering a bar shows its own figures.
    const box = (await chart().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 4);
    await expect(legend.textContent()).resolves.toMatch(/O\s?[\d,]+\.\d{2}.*H.*L.*C.*V/);
    expect(browsing.consoleErrors).toEqual([]);
  }, 90_000);

  it("draws an open position's entry, stop and target as lines, and toggles the strategies' overlays", async () => {
    const last = (await gateway('/candles?symbol=BTCUSDC&limit=1')).candles.at(-1)!;
    const price = Number(last.close);
    await placeOrder(stack.services.trader!.url('/trade'), {
      symbol: 'BTC/USDC',
      side: 'BUY',
      quantity: '0.001',
      // Close enough to be on screen in the screenshot.
      stopLoss: (price * 0.995).toFixed(2),
      takeProfit: (price * 1.005).toFixed(2),
    });
    // The strategies hold BTC/USDC too (without stops): with several positions each line names its own.
    const held = await json<OpenPositionsResponse>(stack.services.portfolio!.url('/portfolio/positions'));
    const manual = held.positions.find((p) => p.strategy === 'manual' && p.symbol === 'BTC/USDC')!;
    expect([manual.stopLoss !== null, manual.takeProfit !== null]).toEqual([true, true]);
    await open('/chart?symbol=BTC/USDC&tf=5m');
    const titles = async () => (await attr('data-lines')).split(',');
    await waitFor(
      async () => {
        const shown = await titles();
        return ['entry', 'stop', 'target'].every((k) => shown.includes(k) || shown.includes(`${k} manual`));
      },
      { what: "the manual position's entry, stop and target lines", timeoutMs: 20_000 },
    );
    // Lines only where a price is set: no strategy's position here has a stop.
    expect((await titles()).filter((t) => t.startsWith('stop'))).toHaveLength(1);
    const all = 'SimpleMA_Cross,RSI_Strategy,Bollinger_Bands,Supertrend,MACD_Trend';
    await waitFor(async () => (await attr('data-overlays')) === all, { what: 'the overlays' });
    const rsi = page.getByRole('checkbox', { name: /RSI 14/ });
    await rsi.uncheck();
    await waitFor(async () => (await attr('data-overlays')) === all.replace('RSI_Strategy,', ''), {
      what: 'RSI toggled off',
    });
    await rsi.check();
    await waitFor(async () => (await attr('data-overlays')).includes('RSI_Strategy'), { what: 'RSI back' });
    await page.mouse.move(0, 0);
    expect(browsing.consoleErrors).toEqual([]);
    await snapPage(page, stack.base, 'chart');
  }, 90_000);

  it("draws a strategy running on another timeframe from its own bars, and the newer strategies' indicators", async () => {
    const asked = page.waitForRequest(
      (r) => r.url().includes('/api/gateway/candles') && /interval=5m&limit=\d+/.test(r.url()),
    );
    await open('/chart?symbol=BTC/USDC');
    // On the 1m chart, Supertrend (5m) is computed on the gateway's 5m bars.
    await asked;
    const points = async () =>
      new Map(
        (await attr('data-overlay-points'))
          .split(',')
          .map((entry) => entry.split(':') as [string, string])
          .map(([id, counts]) => [id, counts.split('/').map(Number)]),
      );
    await waitFor(
      async () => {
        const p = await points();
        return [p.get('Supertrend'), p.get('MACD_Trend')].every((c) => c !== undefined && c.every((n) => n > 100));
      },
      { what: "Supertrend's and MACD_Trend's lines drawn", timeoutMs: 20_000 },
    );
    await expect(page.getByRole('checkbox', { name: /Supertrend 10 3.*on its 5m bars/ }).isChecked()).resolves.toBe(
      true,
    );
    // On the 5m chart it is on the chart's own bars.
    await page.locator('fieldset label').filter({ hasText: /^5m$/ }).click();
    await expect(
      page.getByRole('checkbox', { name: /Supertrend 10 3/ }).evaluate((el) => el.parentElement!.textContent),
    ).resolves.not.toMatch(/on its/);
    expect(browsing.consoleErrors).toEqual([]);
  }, 60_000);
});
