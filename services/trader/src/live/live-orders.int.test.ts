import { beforeEach, describe, expect, it } from '@jest/globals';
import { waitFor } from '@roottrading/testing';
import { makeSignal, plain } from '../testing/harness.js';
import { EXCHANGE_CANDLES, type LiveHarness } from './testing/live-harness.js';
import { useLiveAccount } from './testing/live-account.js';

/** Live orders against the exchange double: candles stepped after a restart, orders never sent, prices live mode trades on, what unsettled orders may sell. */
let lh: LiveHarness;
const { livePosition, sellPlacements, orderRow, trade, seedAccount, markPeak, candleAt } = useLiveAccount(
  'trader-live-orders',
  (h) => (lh = h),
);

describe('candles analysed while the trader was down', () => {
  beforeEach(() => {
    seedAccount();
  });
  const stopExits = () =>
    lh.h.testDb.db
      .selectFrom('orders')
      .selectAll()
      .where('exit_reason', '=', 'stop_loss')
      .where('demo', '=', false)
      .execute();

  it('wait in the stream and are stepped at start, in order: a stop crossed meanwhile sells once, at market', async () => {
    await lh.h.testDb.db.deleteFrom('orders').where('exit_reason', '=', 'stop_loss').execute();
    const t = await lh.start();
    const seen = lh.nextMinute();
    await lh.h.publishBar('BTC/USDC', { source: EXCHANGE_CANDLES, startTime: seen, open: '50000', close: '50000' });
    expect((await trade(t, { stopLoss: '45000' })).status).toBe(201);
    await lh.stop(t);
    const sellsBefore = sellPlacements();

    // Two candles while it is down: the first stays above the stop, the second goes through it.
    const bar = (startTime: number, low: string) =>
      lh.h.publishBar('BTC/USDC', { source: EXCHANGE_CANDLES, startTime, open: '50000', low, close: '50000' });
    await bar(seen + 60_000, '47000');
    await bar(seen + 120_000, '44000');
    const again = await lh.start();
    await waitFor(async () => (await stopExits()).length === 1, { what: 'the stop-loss exit' });
    await lh.settled(again);
    const exits = await stopExits();
    expect(exits.map((o) => [o.side, o.status])).toEqual([['SELL', 'filled']]);
    expect(sellPlacements() - sellsBefore).toBe(1);
    expect(await livePosition()).toMatchObject({ quantity: '0.000000000000000000' });
    await lh.stop(again);
  });
});

describe('an order that never reached the exchange', () => {
  it('is rejected by the open-order poller, the request being past the time it could be accepted', async () => {
    const t = await lh.start({ LIVE_LOOKUP_TIMEOUT: '1s', LIVE_BREAKER_THRESHOLD: '1000' });
    lh.double.fail({ method: 'POST', path: '/api/v3/order' }, { kind: 'drop', afterAccept: false });
    lh.double.fail({ method: 'GET', path: '/api/v3/order' }, { kind: 'unavailable' }, 1000);
    const res = await trade(t, {});
    const { order } = (await res.json()) as { order: { clientOrderId: string; status: string } };
    expect(order.status).toBe('pending');
    lh.double.faults.clear();
    // The executor looked it up until recvWindow (1 s) + the clock margin (1 s) had passed since it
    // was sent, without an answer: the poller's "no such order" is now final.
    await t.driver.poll();
    const row = await orderRow(order.clientOrderId);
    expect([row.status, row.reason]).toEqual(['rejected', 'never reached the exchange']);
    expect(lh.double.account.allOrders().filter((o) => o.clientOrderId === order.clientOrderId)).toHaveLength(0);
    await lh.stop(t);
  });
});

describe('prices live mode trades on', () => {
  beforeEach(() => {
    seedAccount();
  });

  it('ignores candles that are not the exchange’s: a synthetic candle through the stop sells nothing', async () => {
    const t = await lh.start();
    expect((await trade(t, { stopLoss: '45000' })).status).toBe(201);
    const sellsBefore = sellPlacements();
    await lh.h.publishBar('BTC/USDC', { startTime: lh.nextMinute(), open: '44000', low: '40000', close: '41000' });
    await waitFor(
      async () => {
        const health = (await (await lh.call(t, 'GET', '/health')).json()) as {
          details: { candles: { expected: string; ignored: Record<string, number> } };
        };
        return health.details.candles.ignored.synthetic === 1 && health.details.candles.expected === 'ccxt:binance';
      },
      { what: '/health to count the ignored candle' },
    );
    await lh.settled(t);
    expect(sellPlacements()).toBe(sellsBefore);
    expect(await lh.protectiveExits(t)).toBe(0);
    await lh.stop(t);
  });
});

describe('orders not settled yet claim what they may sell', () => {
  beforeEach(async () => {
    seedAccount();
    await lh.h.testDb.db.deleteFrom('risk_state').execute();
    await lh.h.testDb.db.deleteFrom('equity_marks').execute();
  });

  it('refuses a manual SELL of coins the manual position does not hold (the exchange holds them), sending nothing', async () => {
    const t = await lh.start();
    const before = sellPlacements();
    const res = await trade(t, { side: 'SELL', quantity: '0.01' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: string }).error).toMatch(/^manual holds no BTC of BTC\/USDC to sell$/);
    expect(sellPlacements()).toBe(before);
    await lh.stop(t);
  });

  it('refuses a signal SELL while the position’s exit is still pending: never sold twice', async () => {
    const t = await lh.start({ LIVE_LOOKUP_TIMEOUT: '1s', LIVE_BREAKER_THRESHOLD: '1000' });
    const buy = makeSignal({ strategy: 'Twice', price: '50000', stopLoss: '45000' });
    await lh.h.sendSignals([buy], { source: EXCHANGE_CANDLES, startTime: lh.nextMinute() });
    await lh.h.drained();
    await lh.settled(t);
    expect(await livePosition('Twice')).toMatchObject({ stop_loss: '45000.000000000000000000' });
    // The stop's SELL reaches the exchange; neither its reply nor a lookup comes back.
    lh.double.fail({ method: 'POST', path: '/api/v3/order' }, { kind: 'timeout', afterAccept: true });
    lh.double.fail({ method: 'GET', path: '/api/v3/order' }, { kind: 'unavailable' }, 1000);
    const before = sellPlacements();
    await lh.h.publishBar('BTC/USDC', {
      source: EXCHANGE_CANDLES,
      startTime: lh.nextMinute(),
      open: '44000',
      low: '43000',
      close: '43500',
    });
    await waitFor(() => sellPlacements() === before + 1, { what: 'the stop-loss exit to reach the exchange' });
    const sell = makeSignal({ strategy: 'Twice', side: 'SELL', price: '43500' });
    await lh.h.sendSignals([sell], { source: EXCHANGE_CANDLES, startTime: lh.nextMinute() });
    await lh.h.drained();
    const row = await lh.h.testDb.db
      .selectFrom('orders')
      .selectAll()
      .where('signal_id', '=', sell.id)
      .executeTakeFirstOrThrow();
    expect([row.status, row.reason]).toEqual([
      'rejected',
      expect.stringMatching(/^an exit of Twice's BTC\/USDC position is in flight \(o\d+\)$/),
    ]);
    expect(sellPlacements()).toBe(before + 1);
    // The exchange answers again: the poller records the exit, once.
    lh.double.faults.clear();
    await lh.settled(t);
    await t.driver.poll();
    // Recorded once; the 0.000009 left is below the step, so the position closes.
    expect(await livePosition('Twice')).toMatchObject({ quantity: '0.000000000000000000' });
    await lh.stop(t);
  });

  it('a stop crossed while a SELL limit rests cancels the limit and sells the whole position', async () => {
    const t = await lh.start();
    expect((await trade(t, { quantity: '0.01', stopLoss: '45000' })).status).toBe(201);
    const limit = await trade(t, { side: 'SELL', type: 'limit', price: '90000', quantity: '0.005' });
    expect(limit.status).toBe(202);
    const { order } = (await limit.json()) as { order: { clientOrderId: string } };
    await lh.h.publishBar('BTC/USDC', {
      source: EXCHANGE_CANDLES,
      startTime: lh.nextMinute(),
      open: '44000',
      low: '43000',
      close: '43500',
    });
    // Two exits: the free part at once, the rest once the limit is cancelled.
    await waitFor(async () => (await lh.protectiveExits(t)) >= 1, { what: 'the stop-loss exit' });
    await lh.settled(t);
    expect((await orderRow(order.clientOrderId)).status).toBe('canceled');
    const exits = await lh.h.testDb.db
      .selectFrom('orders')
      .selectAll()
      .where('exit_reason', '=', 'stop_loss')
      .where('strategy', '=', 'manual')
      .where('id', '>=', lh.firstOrderId(t))
      .execute();
    // What was free is sold at once, what the limit held once the exchange has cancelled it: all of it.
    expect(exits.map((o) => o.status)).toEqual(exits.map(() => 'filled'));
    const sold = exits.reduce((n, o) => n + Number(o.quantity) * 1e8, 0) / 1e8;
    expect(sold.toFixed(8)).toBe('0.00999000');
    expect(await livePosition()).toMatchObject({ quantity: '0.000000000000000000' });
    await lh.stop(t);
  });

  it('a kill switch trip cancels the resting BUY orders', async () => {
    seedAccount({ USDC: '15000', BTC: '0' });
    await lh.h.testDb.db.deleteFrom('equity_marks').execute();
    await lh.h.testDb.db.deleteFrom('risk_state').execute();
    const t = await lh.start({ MAX_DRAWDOWN_PCT: '10', DAILY_LOSS_LIMIT_PCT: '0', RISK_MAX_EXPOSURE_PCT: '100' });
    await candleAt('50000');
    await waitFor(async () => plain((await markPeak()) ?? null) === '15000', { what: 'the first candle' });
    expect((await trade(t, { quantity: '0.1' })).status).toBe(201);
    const limit = await trade(t, { type: 'limit', price: '20000', quantity: '0.01' });
    expect(limit.status).toBe(202);
    const { order } = (await limit.json()) as { order: { clientOrderId: string } };
    lh.double.account.setPrice('BTC/USDC', '30000');
    await candleAt('30000');
    await waitFor(() => t.account.controls().killSwitch.active, { what: 'the kill switch to trip' });
    await lh.settled(t);
    expect((await orderRow(order.clientOrderId)).status).toBe('canceled');
    expect(lh.double.account.allOrders().find((o) => o.clientOrderId === order.clientOrderId)?.status).toBe('CANCELED');
    await lh.stop(t);
  });
});

describe('a stalled analyzer', () => {
  beforeEach(() => {
    seedAccount();
  });

  it('holds no stop back: after ANALYZER_WAIT the candle’s exits run from the trader’s own feed, and its late signals are recorded expired', async () => {
    const t = await lh.start({ ANALYZER_WAIT: '300ms' });
    const T = lh.nextMinute();
    await lh.h.publishBar('BTC/USDC', { source: EXCHANGE_CANDLES, startTime: T, open: '50000', close: '50000' });
    expect((await trade(t, { stopLoss: '45000' })).status).toBe(201);
    const sellsBefore = sellPlacements();

    // The analyzer has stalled: the candle through the stop is on the market channel only.
    const crossing = await lh.h.publishBar(
      'BTC/USDC',
      { source: EXCHANGE_CANDLES, startTime: T + 60_000, open: '50000', low: '44000', close: '44500' },
      { analyse: false },
    );
    await waitFor(async () => (await livePosition())?.quantity === '0.000000000000000000', {
      what: 'the stop-loss exit from the own feed',
    });
    await lh.settled(t);
    expect(sellPlacements() - sellsBefore).toBe(1);
    const health = (await (await lh.call(t, 'GET', '/health')).json()) as {
      details: { analyzerLate: boolean; ownCandles: number };
    };
    expect(health.details).toMatchObject({ analyzerLate: true, ownCandles: 1 });

    // The analyzer catches up with a BUY on that candle: too late to act on, recorded expired.
    const buy = makeSignal({ strategy: 'Late', price: '44500', timestamp: crossing.startTime });
    await lh.h.appendAnalysed({ candle: crossing, signals: [{ ...buy, timestamp: crossing.startTime }] });
    await lh.h.drained();
    const row = await lh.h.testDb.db
      .selectFrom('orders')
      .selectAll()
      .where('signal_id', '=', buy.id)
      .executeTakeFirstOrThrow();
    expect([row.status, row.reason]).toEqual([
      'expired',
      expect.stringMatching(/^the analyzer was late: this candle's exits were applied from the trader's own feed/),
    ]);
    expect(sellPlacements() - sellsBefore).toBe(1);
    await lh.stop(t);
  });
});
