/**
 * The operator's actions in a real browser on the real stack: a limit order with a stop loss and
 * a take profit from the order ticket, cancelled from the open orders; one position closed and then
 * all from the dashboard; pauses and resumes of a strategy and of everything, a kill-switch reset
 * and a paper account reset from the Controls page. Each is confirmed in the dialog, its effect is
 * checked through the services' APIs, and the audit trail on the page shows who asked. Then the new
 * panels at phone width (nothing wider than the screen). Saves docs/screenshots/{order-ticket,
 * close-position,controls}-*.png.
 *
 * The synthetic market is flat (SYNTHETIC_VOLATILITY=0): no strategy signals, a limit below the
 * price never fills, and the account's equity moves only by fees and slippage, so a daily loss
 * limit of 0.05 % (5 USDC of 10,000) is tripped by one large BUY and by nothing else the test does.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import type {
  ClosedPosition,
  ControlsState,
  OpenOrdersResponse,
  OpenPositionsResponse,
  Order,
  PaperAccountResponse,
} from '@roottrading/contracts';
import { waitFor } from '@roottrading/testing';
import {
  closeAll,
  DESKTOP,
  networkStatus,
  open as openPath,
  PHONE,
  SCREENSHOTS,
  snap as snapPage,
  startBrowser,
  startStack,
  type Browsing,
  type Stack,
} from './harness.js';
import {
  auditShows,
  chooseLimit,
  confirmAs,
  FITS,
  fitsScreen as fits,
  json,
  placeOrder,
  pricesAtTrader,
} from './operator-steps.js';

const OPERATOR = 'e2e-alice';
let stack: Stack;
let browsing: Browsing;
let page: Page;

const open = (path: string) => openPath(page, stack.base, path);
const trader = (path: string) => stack.services.trader!.url(path);
const portfolio = (path: string) => stack.services.portfolio!.url(path);

/** A market BUY straight to the trader: the positions the page's actions then act on. */
const buy = (symbol: string, quantity: string) => placeOrder(trader('/trade'), { symbol, side: 'BUY', quantity });
const controls = () => json<ControlsState>(trader('/controls'));
const openPositions = async () => (await json<OpenPositionsResponse>(portfolio('/portfolio/positions'))).positions;
const confirm = (button: string | RegExp) => confirmAs(page, OPERATOR, button);
/** The last action's result notice, once it says something. */
const notice = () => page.getByRole('status', { name: 'action result' });
const audited = (action: string, text: RegExp) => auditShows(page, stack.base, { action, operator: OPERATOR, text });

beforeAll(async () => {
  stack = await startStack({
    name: 'cockpit',
    trader: { DEMO_BALANCES: 'USDC=10000,USDT=10000', DAILY_LOSS_LIMIT_PCT: '0.05', RISK_MAX_EXPOSURE_PCT: '0' },
    analyzer: { STRATEGIES: 'RSI_Strategy,SimpleMA_Cross' },
    gateway: { MARKET_SPEED: '120', SYNTHETIC_VOLATILITY: '0' },
  });
  await pricesAtTrader(trader('/health'), 2);
  browsing = await startBrowser();
  page = browsing.page;
}, 180_000);

afterAll(() => closeAll(browsing, stack), 60_000);

describe("the operator's actions in a browser, on the real stack", () => {
  let resting: Order;

  it('places a limit BUY with a stop loss in % and a take profit as a price from the order ticket', async () => {
    await open('/order');
    await page.getByTestId('last-price').getByText(/USDC/).waitFor();
    await page.getByLabel('Symbol').selectOption('BTC/USDC');
    await chooseLimit(page);
    await page.getByLabel(/^Quantity/).fill('0.001');
    await page.getByLabel(/^Limit price/).fill('29000');
    await page.getByLabel('Stop loss', { exact: true }).fill('2');
    await page.getByLabel('Take profit', { exact: true }).fill('31000');
    await page.getByLabel('Take profit as').selectOption('price');
    // The % as the price the trader is sent, before sending.
    await page.getByText(/Sent as 28,420\.00USDC: 2 % below the limit price/).waitFor();
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/trader/trade'));
    await page.getByRole('button', { name: 'Buy BTC (limit)' }).click();
    const body = (await (await answer).json()) as { order: Order };
    expect((await answer).status()).toBe(202);
    expect(JSON.parse((await answer).request().postData() ?? '{}')).toEqual({
      symbol: 'BTC/USDC',
      side: 'BUY',
      quantity: '0.001',
      type: 'limit',
      price: '29000',
      stopLoss: '28420',
      takeProfit: '31000',
    });
    await page.getByRole('status', { name: 'order placed' }).waitFor();

    const api = await json<OpenOrdersResponse>(trader('/orders/open'));
    expect(api.orders).toHaveLength(1);
    resting = api.orders[0]!;
    expect(resting).toMatchObject({
      clientOrderId: body.order.clientOrderId,
      status: 'open',
      type: 'limit',
      price: '29000',
      stopLoss: '28420',
      takeProfit: '31000',
    });
    const row = page.locator(`#panel-open-orders tr[data-client-order-id="${resting.clientOrderId}"]`);
    await expect(row.textContent()).resolves.toMatch(/29,000\.00.*28,420\.00 \/ 31,000\.00/);
    await snapPage(page, stack.base, 'order-ticket', async () => {
      await chooseLimit(page);
      await page.getByLabel(/^Quantity/).fill('0.001');
      await page.getByLabel(/^Limit price/).fill('29000');
      await page.getByLabel('Stop loss', { exact: true }).fill('2');
    });
  }, 90_000);

  it('cancels the resting order from the open orders, after a confirmation', async () => {
    await open('/order');
    await page.getByRole('button', { name: `Cancel order ${resting.clientOrderId}` }).click();
    await expect(page.getByRole('alertdialog').textContent()).resolves.toContain(
      `Takes order ${resting.clientOrderId} off the book`,
    );
    await confirm('Cancel the order');
    await expect(notice().textContent()).resolves.toContain(`Order ${resting.clientOrderId} is canceled.`);
    expect((await json<OpenOrdersResponse>(trader('/orders/open'))).orders).toEqual([]);
    const { orders } = await json<{ orders: Order[] }>(trader('/orders?limit=10'));
    expect(orders.find((o) => o.clientOrderId === resting.clientOrderId)).toMatchObject({
      status: 'canceled',
      reason: `canceled by ${OPERATOR}`,
    });
    await audited('cancel_order', new RegExp(`Canceled order ${resting.clientOrderId}`));
  }, 60_000);

  it('closes one position from the dashboard: only that one, at the market, tagged manual', async () => {
    await buy('BTC/USDC', '0.001');
    await buy('BTC/USDT', '0.001');
    await open('/');
    const row = page.locator('#panel-positions tr[data-position="manual|BTC/USDC"]');
    await row.waitFor({ timeout: 15_000 });
    await page.locator('#panel-positions tr[data-position="manual|BTC/USDT"]').waitFor();
    await page.getByRole('button', { name: "Close manual's BTC/USDC position" }).click();
    await expect(page.getByRole('alertdialog').textContent()).resolves.toMatch(
      /Sells all 0\.00100BTC that manual holds in BTC\/USDC now, at the market price/,
    );
    await page.screenshot({ path: `${SCREENSHOTS}/close-position-desktop.png` });
    await confirm('Close position');
    await expect(notice().textContent()).resolves.toMatch(/Closed manual's BTC\/USDC position: sold 0\.00100 BTC at/);

    expect((await openPositions()).map((p) => `${p.strategy}|${p.symbol}`)).toEqual(['manual|BTC/USDT']);
    const history = await json<{ positions: ClosedPosition[] }>(portfolio('/portfolio/positions/history?limit=5'));
    expect(history.positions[0]).toMatchObject({ strategy: 'manual', symbol: 'BTC/USDC', exitReason: 'manual' });
    await row.waitFor({ state: 'detached' });
    await audited('close_position', /Closed manual's BTC\/USDC position/);
  }, 60_000);

  it('closes every position from the dashboard', async () => {
    await buy('BTC/USDC', '0.002');
    await open('/');
    await page.locator('#panel-positions tr[data-position="manual|BTC/USDC"]').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Close all' }).click();
    await expect(page.getByRole('alertdialog').textContent()).resolves.toMatch(
      /manual · BTC\/USDC.*manual · BTC\/USDT/,
    );
    await confirm(/^Close all \d+ positions$/);
    await expect(notice().textContent()).resolves.toContain('Close all: 2 sold, 0 not.');
    expect(await openPositions()).toEqual([]);
    await page.getByText('No open positions.').waitFor();
    await audited('close_all', /Closed every position \(everything\)/);
    await expect(page.locator('#panel-audit tr[data-action="close_all"]').first().textContent()).resolves.toContain(
      '2 exit orders: 2 filled',
    );
  }, 60_000);

  it('pauses and resumes one strategy, then everything, from the Controls page', async () => {
    await open('/controls');
    const strategy = page.locator('#panel-pauses tr[data-scope="strategy:RSI_Strategy"]');
    await strategy.waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Pause Strategy RSI_Strategy' }).click();
    await expect(page.getByRole('alertdialog').textContent()).resolves.toContain(
      "The trader refuses RSI_Strategy's new entries",
    );
    await confirm('Pause');
    await expect(notice().textContent()).resolves.toContain("Paused RSI_Strategy's new entries.");
    expect((await controls()).pauses).toEqual([
      { scope: 'strategy', target: 'RSI_Strategy', pausedBy: OPERATOR, pausedAt: expect.any(String) },
    ]);
    await page.locator('#panel-pauses tr[data-scope="strategy:RSI_Strategy"][data-paused="yes"]').waitFor();
    await page
      .locator('#panel-audit tr[data-action="pause"]')
      .filter({ hasText: 'of strategy RSI_Strategy' })
      .waitFor();

    await page.getByRole('button', { name: 'Pause Everything' }).click();
    await confirm('Pause');
    expect((await controls()).pauses.map((p) => p.scope).sort()).toEqual(['all', 'strategy']);
    await page
      .locator('#panel-pauses tr[data-scope="symbol:BTC/USDC"]')
      .getByText('held by the pause of everything')
      .waitFor();
    await snapPage(page, stack.base, 'controls');

    await page.getByRole('button', { name: 'Resume Strategy RSI_Strategy' }).click();
    await expect(page.getByRole('alertdialog').textContent()).resolves.toContain(
      'A pause of everything, if one is set, still holds.',
    );
    await confirm('Resume');
    await page.getByRole('button', { name: 'Resume Everything' }).click();
    await confirm('Resume');
    await expect(notice().textContent()).resolves.toContain('Resumed every new entry.');
    expect((await controls()).pauses).toEqual([]);
    await audited('resume', /Resumed new entries of strategy RSI_Strategy/);
    await audited('resume', /Resumed new entries \(everything\)/);
    await audited('pause', /Paused new entries \(everything\)/);
  }, 90_000);

  it('resets a tripped kill switch from the Controls page', async () => {
    // 0.2 BTC pays about 9 USDC in fee and slippage: more than the 0.05 % daily loss limit.
    await buy('BTC/USDC', '0.2');
    await waitFor(async () => (await controls()).killSwitch.active, {
      timeoutMs: 20_000,
      what: 'the kill switch to trip',
    });
    await open('/controls');
    await page.locator('#panel-safety').getByText('KILL SWITCH TRIPPED: new entries are refused').waitFor();
    await page.getByRole('button', { name: 'Reset the kill switch' }).click();
    await expect(page.getByRole('alertdialog').textContent()).resolves.toMatch(
      /Clears the kill switch, tripped on .+daily loss/,
    );
    await confirm('Reset the kill switch');
    await expect(notice().textContent()).resolves.toContain('Kill switch reset: new entries are allowed again.');
    expect((await controls()).killSwitch).toMatchObject({ active: false, resetBy: OPERATOR });
    await page.locator('#panel-safety').getByText('armed, not tripped').waitFor();
    await audited('kill_switch_reset', /it was tripped: daily loss/);
    await page.locator('#panel-audit tr[data-action="kill_switch_trip"]').filter({ hasText: 'risk-manager' }).waitFor();
  }, 60_000);

  it('resets the paper account from the Controls page', async () => {
    await open('/controls');
    await page.getByRole('button', { name: 'Reset the paper account' }).click();
    await expect(page.getByRole('alertdialog').textContent()).resolves.toContain('back to its starting balances');
    await confirm('Reset the paper account');
    await expect(notice().textContent()).resolves.toMatch(/Paper account reset: .*10,000\.00 USDC/);
    const account = await json<PaperAccountResponse>(trader('/account'));
    expect(account.positions).toEqual([]);
    const free = Object.fromEntries(account.balances.map((b) => [b.asset, `${b.free} free, ${b.locked} locked`]));
    expect(free).toMatchObject({ USDC: '10000 free, 0 locked', USDT: '10000 free, 0 locked' });
    // The BTC the 0.2 BTC position held is gone with it.
    expect(free.BTC ?? '0 free, 0 locked').toBe('0 free, 0 locked');
    await audited('account_reset', /Paper account reset to its starting balances/);
  }, 60_000);

  it('shows the new panels at phone width with nothing wider than the screen', async () => {
    await buy('BTC/USDC', '0.001');
    const limit = { symbol: 'BTC/USDT', side: 'BUY', quantity: '0.001', type: 'limit', price: '25000' };
    await placeOrder(trader('/trade'), limit);
    await page.setViewportSize(PHONE);
    try {
      for (const [path, panels] of [
        ['/', ['#panel-positions']],
        ['/controls', ['#panel-pauses', '#panel-safety', '#panel-audit']],
        ['/order', ['#panel-open-orders']],
      ] as const) {
        await open(path);
        for (const panel of panels) {
          await page.locator(`${panel}[aria-busy=false]`).waitFor({ timeout: 15_000 });
          expect({ path, panel, ...(await fits(page, panel)) }).toEqual({ path, panel, ...FITS });
        }
      }
      await open('/');
      await page.getByRole('button', { name: "Close manual's BTC/USDC position" }).click();
      expect(await fits(page, '[role=alertdialog]')).toEqual(FITS);
      await page.screenshot({ path: `${SCREENSHOTS}/close-position-phone.png` });
      await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  }, 90_000);

  it('logged no console error and broke no Content-Security-Policy rule', () => {
    // Nothing failed on purpose here: not even a failed request (which Chromium logs by itself).
    expect(browsing.consoleErrors.map((e) => ({ ...e, status: networkStatus(e) }))).toEqual([]);
    expect(browsing.cspViolations).toEqual([]);
  });
});
