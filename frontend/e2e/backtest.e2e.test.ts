/**
 * The Backtest page in a real browser on the real stack, the backtest service among it (candle
 * files from the repository's data/sample as its REPLAY_DIR): runs queued from the form are taken
 * by the service's worker, and the page shows their progress, their report — metric cards, the
 * equity chart with its drawdown, the trades, the trades on the run's own candles — and two runs
 * compared. Saves docs/screenshots/backtest-{desktop,phone}.png.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { BacktestCandles, BacktestRun } from '@roottrading/contracts';
import { REPO_ROOT } from '@roottrading/testing';
import { formatAmount } from '../src/format/precision.js';
import {
  closeAll,
  networkStatus,
  open,
  PHONE,
  snap,
  startBrowser,
  startStack,
  type Browsing,
  type Stack,
} from './harness.js';

let stack: Stack;
let browsing: Browsing;
let page: Page;
const queued: BacktestRun[] = [];

beforeAll(async () => {
  stack = await startStack({
    name: 'backtest-page',
    trader: { DEMO_BALANCES: 'USDC=10000,USDT=10000' },
    analyzer: { STRATEGIES: 'SimpleMA_Cross,RSI_Strategy' },
    backtest: { REPLAY_DIR: resolve(REPO_ROOT, 'data/sample'), BACKTEST_WORKER_NAME: 'e2e-worker' },
  });
  browsing = await startBrowser();
  page = browsing.page;
}, 180_000);

afterAll(() => closeAll(browsing, stack), 60_000);

const api = <T>(path: string) => fetch(stack.services.backtest!.url(path)).then((r) => r.json() as Promise<T>);

/** The form, so its labels are not confused with the header's ("market source"). */
const form = () => page.getByRole('form', { name: 'new backtest' });

/** No horizontal scroll of the page itself: wide tables scroll inside their panel. */
const fitsWidth = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** Fills the form for two days of the sample with RSI_Strategy, the given window and label, and queues it. */
async function queue(label: string, rsiWindow: string): Promise<BacktestRun> {
  await form().getByLabel('Source', { exact: true }).selectOption('files');
  await form().getByLabel('From', { exact: true }).fill('2023-03-12');
  await form().getByLabel('To (exclusive)', { exact: true }).fill('2023-03-14');
  await form().getByLabel('Stop loss', { exact: true }).fill('2%');
  await form().getByLabel('Label', { exact: true }).fill(label);
  await form()
    .getByLabel('Other settings', { exact: true })
    .fill(`RSI_WINDOW=${rsiWindow}\nPOSITION_SIZING=equity_pct\nPOSITION_EQUITY_PCT=20`);
  const answer = page.waitForResponse(
    (r) => r.url().endsWith('/api/backtest/backtests') && r.request().method() === 'POST',
  );
  await form().getByRole('button', { name: 'Queue backtest' }).click();
  expect((await answer).status()).toBe(202);
  const run = ((await (await answer).json()) as { run: BacktestRun }).run;
  await page.waitForURL((u) => u.searchParams.get('run') === run.id);
  await page
    .locator(`#panel-backtest-runs tr[data-run-id="${run.id}"][data-status="done"]`)
    .waitFor({ timeout: 90_000 });
  queued.push(run);
  return run;
}

describe('the Backtest page in a browser, on the real stack', () => {
  it("shows the service's 400 under the field it names, and queues nothing", async () => {
    await open(page, stack.base, '/backtest');
    await page.getByRole('checkbox', { name: 'RSI_Strategy' }).waitFor();
    const fee = form().getByLabel('Fee rate', { exact: true });
    await fee.fill('lots');
    const answer = page.waitForResponse(
      (r) => r.url().endsWith('/api/backtest/backtests') && r.request().method() === 'POST',
    );
    await form().getByRole('button', { name: 'Queue backtest' }).click();
    expect((await answer).status()).toBe(400);
    await expect(page.getByRole('alert', { name: 'backtest refused' }).textContent()).resolves.toMatch(/^FEE_RATE /);
    await expect(fee.getAttribute('aria-invalid')).resolves.toBe('true');
    await fee.fill('');
    expect((await api<{ runs: unknown[] }>('/backtests')).runs).toHaveLength(0);
  }, 60_000);

  it('queues a run from the form, follows it to done and shows its report', async () => {
    await page.getByRole('checkbox', { name: 'RSI_Strategy' }).check();
    const run = await queue('RSI 14, 2 % stop', '14');
    const [done] = (await api<{ runs: BacktestRun[] }>('/backtests')).runs;
    expect(done).toMatchObject({
      id: run.id,
      status: 'done',
      worker: 'e2e-worker',
      progress: { done: 5760, total: 5760 },
    });

    // A metric card per quote currency, with the service's figures.
    for (const h of done!.headline!) {
      const card = page.getByRole('article', { name: `results in ${h.quote}` });
      await expect(card.locator('[data-figure="net-profit"]').textContent()).resolves.toBe(
        `${formatAmount(h.netProfit, h.quote, { signed: true })}${h.quote}`,
      );
      await expect(card.locator('[data-figure="trades"]').textContent()).resolves.toBe(String(h.trades));
    }
    // The equity chart draws (a canvas), with the drawdown under it.
    await page.locator('#panel-backtest-equity canvas').first().waitFor();
    expect(Number(await page.locator('[data-equity-points]').getAttribute('data-equity-points'))).toBeGreaterThan(40);
    // The trades, and the trades of the run's first candles marked on them.
    await page.locator('#panel-backtest-trades tbody tr').first().waitFor();
    await page.locator('#panel-backtest-candles canvas').first().waitFor();
    const window = await api<BacktestCandles>(`/backtests/${run.id}/candles?symbol=BTCUSDC&limit=300`);
    await page.getByTestId('backtest-marks').getByText(`${window.trades.length} trades marked`).waitFor();
    expect(window.candles[0]!.startTime).toBe(Date.parse('2023-03-12T00:00:00Z'));
    expect(await fitsWidth()).toBe(true);
  }, 120_000);

  it('compares two runs side by side', async () => {
    await queue('RSI 10, 2 % stop', '10');
    for (const run of queued) await page.getByRole('checkbox', { name: `compare ${run.label}` }).check();
    const compare = page.locator('#panel-backtest-compare');
    await compare.waitFor();
    await expect(compare.locator('tr[data-row="RSI_WINDOW"] td').allTextContents()).resolves.toEqual(['14', '10']);
    await expect(compare.locator('tr[data-row="Max drawdown"] td').count()).resolves.toBe(4);
    // The newest run is open: its report is the one shown.
    await page.locator(`[data-run="${queued[1]!.id}"] [data-figure="net-profit"]`).first().waitFor();
    await page.locator('#panel-backtest-equity canvas').first().waitFor();
    await page.waitForTimeout(1_000); // the chart draws
    await snap(
      page,
      stack.base,
      'backtest',
      async () => {
        await page.locator('#panel-backtest-equity canvas').first().waitFor();
        expect(page.viewportSize()).toEqual(PHONE);
        expect(await fitsWidth()).toBe(true);
      },
      '#panel-backtest-results',
    );
  }, 150_000);

  it('logged no console error but the 400 caused on purpose, and its CSP refused nothing', () => {
    const unexpected = browsing.consoleErrors.filter(
      (e) => !(networkStatus(e) === 400 && new URL(e.url).pathname === '/api/backtest/backtests'),
    );
    expect(unexpected).toEqual([]);
    expect(browsing.cspViolations).toEqual([]);
  });
});
