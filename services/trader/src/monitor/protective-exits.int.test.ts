import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@roottrading/testing';
import type { Trader } from '../service.js';
import { createHarness, makeSignal, plain, type Harness } from '../testing/harness.js';

/**
 * Stops, targets and trailing stops end to end through the trader: a BUY signal carries them, the
 * position stores them, the analysed candles that follow close the position. No slippage and a 0.1 %
 * fee, 0.01 of each asset per entry, so every figure is easy to check by hand. Each scenario has a
 * symbol of its own, so one scenario's candles never touch another's position.
 */
let h: Harness;
let trader: Trader;
const MIN = 60_000;
const T0 = Date.UTC(2025, 5, 2, 10, 0);

beforeAll(async () => {
  h = await createHarness('trader-exits', {
    SYMBOLS: 'BTC/USDC,ETH/USDC,SOL/USDC,BNB/USDC,BTC/USDT,ETH/USDT,SOL/USDT,BNB/USDT',
    DEMO_BALANCES: 'USDC=100000,USDT=100000',
    SLIPPAGE: '0',
    FEE_RATE: '0.001',
    TRADE_QUANTITY: '0.01',
  });
  trader = await h.start();
});

afterAll(async () => {
  await h?.close();
});

const db = () => h.testDb.db;
const orderOf = (signalId: string) =>
  waitFor(() => db().selectFrom('orders').selectAll().where('signal_id', '=', signalId).executeTakeFirst(), {
    what: `the order of ${signalId}`,
  });
const exitOf = (strategy: string) =>
  waitFor(
    async () => {
      const order = await db()
        .selectFrom('orders')
        .selectAll()
        .where('strategy', '=', strategy)
        .where('side', '=', 'SELL')
        .where('signal_id', 'is', null)
        .executeTakeFirst();
      if (!order) return undefined;
      const trade = await db().selectFrom('trades').selectAll().where('order_id', '=', order.id).executeTakeFirst();
      const closed = await db()
        .selectFrom('closed_positions')
        .selectAll()
        .where('strategy', '=', strategy)
        .executeTakeFirst();
      return { order, trade, closed };
    },
    { what: `the exit of ${strategy}` },
  );
const positionOf = (strategy: string, symbol: string) =>
  db()
    .selectFrom('positions')
    .selectAll()
    .where('strategy', '=', strategy)
    .where('symbol', '=', symbol)
    .executeTakeFirst();

/** A BUY at 50000 on the candle opening at `at` (T0), filled and committed. */
async function enter(strategy: string, symbol: string, protection: Record<string, unknown>, at = T0) {
  const signal = makeSignal({ strategy, symbol, price: '50000', ...protection });
  await h.sendSignals([signal], { startTime: at });
  const order = await orderOf(signal.id);
  expect(order).toMatchObject({ status: 'filled', reason: null, exit_reason: null });
  return signal;
}

describe('a stop-loss', () => {
  it('is stored on the position at entry', async () => {
    await enter('Wick', 'BTC/USDC', { stopLoss: '49000', takeProfit: '52000' });
    const p = await positionOf('Wick', 'BTC/USDC');
    expect({
      quantity: plain(p!.quantity),
      cost: plain(p!.cost),
      stop: plain(p!.stop_loss),
      target: plain(p!.take_profit),
      openedAt: p!.opened_at?.getTime(),
      entryQuantity: plain(p!.entry_quantity),
      fees: plain(p!.fees),
    }).toEqual({
      quantity: '0.01',
      cost: '500',
      stop: '49000',
      target: '52000',
      openedAt: T0 + MIN - 1, // the signal candle's close: candle time
      entryQuantity: '0.01',
      fees: '0.5',
    });
  });

  it('closes the position at the stop when a wick reaches it', async () => {
    await h.publishBar('BTC/USDC', { startTime: T0 + MIN, open: '50000', high: '50100', low: '48900', close: '49900' });
    const { order, trade, closed } = await exitOf('Wick');
    expect(order).toMatchObject({ status: 'filled', exit_reason: 'stop_loss', quantity: '0.010000000000000000' });
    // 0.01 × 49000 = 490, fee 0.49; gross 490 − 500 = −10
    expect({
      price: plain(trade!.price),
      fee: plain(trade!.fee),
      feeQuote: plain(trade!.fee_quote),
      realized: plain(trade!.realized_pnl),
      reason: trade!.exit_reason,
      time: trade!.timestamp.getTime(),
    }).toEqual({
      price: '49000',
      fee: '0.49',
      feeQuote: '0.49',
      realized: '-10',
      reason: 'stop_loss',
      time: T0 + 2 * MIN - 1, // the crossing candle's close
    });
    expect({
      quantity: plain(closed!.quantity),
      entry: plain(closed!.entry_price),
      exit: plain(closed!.exit_price),
      gross: plain(closed!.gross_pnl),
      fees: plain(closed!.fees),
      net: plain(closed!.net_pnl),
      openedAt: closed!.opened_at.getTime(),
      closedAt: closed!.closed_at.getTime(),
      reason: closed!.exit_reason,
    }).toEqual({
      quantity: '0.01',
      entry: '50000',
      exit: '49000',
      gross: '-10',
      fees: '0.99',
      net: '-10.99',
      openedAt: T0 + MIN - 1,
      closedAt: T0 + 2 * MIN - 1,
      reason: 'stop_loss',
    });
    const p = await positionOf('Wick', 'BTC/USDC');
    expect({ quantity: plain(p!.quantity), stop: p!.stop_loss, openedAt: p!.opened_at }).toEqual({
      quantity: '0',
      stop: null,
      openedAt: null,
    });
  });

  it('fills at the open when the candle gaps through the stop', async () => {
    await enter('Gap', 'ETH/USDC', { stopLoss: '49000' });
    await h.publishBar('ETH/USDC', { startTime: T0 + MIN, open: '48500', high: '48700', low: '48000' });
    const { trade, closed } = await exitOf('Gap');
    expect({ price: plain(trade!.price), reason: trade!.exit_reason, net: plain(closed!.net_pnl) }).toEqual({
      price: '48500',
      reason: 'stop_loss',
      net: '-15.985', // −15 gross, fees 0.5 + 0.485
    });
  });

  it('wins over the target when one candle crosses both', async () => {
    await enter('Both', 'SOL/USDC', { stopLoss: '49000', takeProfit: '51000' });
    await h.publishBar('SOL/USDC', { startTime: T0 + MIN, open: '50000', high: '51500', low: '48800', close: '50500' });
    const { trade } = await exitOf('Both');
    expect({ price: plain(trade!.price), reason: trade!.exit_reason }).toEqual({ price: '49000', reason: 'stop_loss' });
  });
});

describe('a take-profit', () => {
  it('closes the position at the target', async () => {
    await enter('Target', 'BTC/USDT', { takeProfit: '51000' });
    await h.publishBar('BTC/USDT', { startTime: T0 + MIN, open: '50500', high: '51200', low: '50400' });
    const { trade, closed } = await exitOf('Target');
    expect({ price: plain(trade!.price), reason: closed!.exit_reason, gross: plain(closed!.gross_pnl) }).toEqual({
      price: '51000',
      reason: 'take_profit',
      gross: '10',
    });
  });
});

describe('a trailing stop', () => {
  it('ratchets up with new highs, is persisted, and closes the position at its level', async () => {
    await enter('Trail', 'BNB/USDC', { trailingStop: { type: 'percent', value: '0.02', activation: null } });
    const start = await positionOf('Trail', 'BNB/USDC');
    expect([plain(start!.trail_high), plain(start!.trail_stop)]).toEqual(['50000', '49000']);

    const bars = [
      { open: '50000', high: '51000', low: '49900', close: '50900' }, // high 51000 → 49980
      { open: '50900', high: '52000', low: '50500', close: '51800' }, // high 52000 → 50960
      { open: '51800', high: '51900', low: '51000', close: '51500' }, // lower high: stays 50960
    ];
    for (const [i, bar] of bars.entries()) await h.publishBar('BNB/USDC', { startTime: T0 + (i + 1) * MIN, ...bar });
    // Written with the batch that moved it, never lowered.
    await waitFor(
      async () => {
        const p = await positionOf('Trail', 'BNB/USDC');
        return plain(p!.trail_stop) === '50960' && plain(p!.trail_high) === '52000';
      },
      { what: 'the trail at 50960 in the database' },
    );

    await h.publishBar('BNB/USDC', {
      startTime: T0 + 4 * MIN,
      open: '51500',
      high: '51600',
      low: '50900',
      close: '51000',
    });
    const { trade, closed } = await exitOf('Trail');
    // 0.01 × (50960 − 50000) = 9.6 gross; fees 0.5 + 0.5096
    expect({
      price: plain(trade!.price),
      reason: trade!.exit_reason,
      gross: plain(closed!.gross_pnl),
      net: plain(closed!.net_pnl),
      closedAt: closed!.closed_at.getTime(),
    }).toEqual({ price: '50960', reason: 'trailing_stop', gross: '9.6', net: '8.5904', closedAt: T0 + 5 * MIN - 1 });
  });
});

describe('protections', () => {
  it('refuse the entry when the stop is not below the entry price', async () => {
    const signal = makeSignal({ strategy: 'Refused', symbol: 'BNB/USDT', price: '50000', stopLoss: '50500' });
    await h.sendSignals([signal], { startTime: T0 });
    const order = await orderOf(signal.id);
    expect(order).toMatchObject({
      status: 'rejected',
      reason: 'stop-loss 50500 must be above 0 and below the entry price 50000',
    });
    expect(await positionOf('Refused', 'BNB/USDT')).toBeUndefined();
  });

  it('survive a restart of the trader (they live in PostgreSQL)', async () => {
    await enter('Restart', 'ETH/USDT', { stopLoss: '49000' });
    await trader.stop();
    trader = await h.start();
    await h.publishBar('ETH/USDT', { startTime: T0 + MIN, open: '49500', high: '49600', low: '48000' });
    const { trade } = await exitOf('Restart');
    expect({ price: plain(trade!.price), reason: trade!.exit_reason }).toEqual({ price: '49000', reason: 'stop_loss' });
  });

  it('keep a trailing stop exactly where it stood through a restart, and close at it', async () => {
    // BNB/USDT's T0 candle carried the refused entry above: this position opens a minute later.
    const t = T0 + MIN;
    await enter('TrailRestart', 'BNB/USDT', { trailingStop: { type: 'percent', value: '0.02', activation: null } }, t);
    await h.publishBar('BNB/USDT', { startTime: t + MIN, open: '50000', high: '52000', low: '49900', close: '51800' });
    await waitFor(async () => plain((await positionOf('TrailRestart', 'BNB/USDT'))!.trail_stop) === '50960', {
      what: 'the trail at 50960',
    });
    await trader.stop();
    trader = await h.start();
    // 51000 is above the trail (50960): nothing; the high of 51500 does not move it (below 52000).
    await h.publishBar('BNB/USDT', { startTime: t + 2 * MIN, open: '51400', high: '51500', low: '51000' });
    await h.publishBar('BNB/USDT', { startTime: t + 3 * MIN, open: '51100', high: '51200', low: '50500' });
    const { trade } = await exitOf('TrailRestart');
    expect({ price: plain(trade!.price), reason: trade!.exit_reason, time: trade!.timestamp.getTime() }).toEqual({
      price: '50960',
      reason: 'trailing_stop',
      time: t + 4 * MIN - 1,
    });
  });

  it('close at the stop on the candle that crosses it, so a later SELL finds nothing to sell (candle order)', async () => {
    const buy = makeSignal({ strategy: 'Lag', symbol: 'SOL/USDT', price: '50000', stopLoss: '49000' });
    await h.sendSignals([buy], { startTime: T0 });
    const bars = [
      { open: '50000', high: '50100', low: '49800' },
      { open: '49900', high: '50000', low: '48900' },
    ];
    for (const [i, bar] of bars.entries()) await h.publishBar('SOL/USDT', { startTime: T0 + (i + 1) * MIN, ...bar });
    const sell = makeSignal({ strategy: 'Lag', symbol: 'SOL/USDT', side: 'SELL', price: '49200' });
    await h.sendSignals([sell], {
      startTime: T0 + 3 * MIN,
      open: '49100',
      high: '49500',
      low: '49050',
      close: '49200',
    });
    const { trade } = await exitOf('Lag');
    expect({ price: plain(trade!.price), reason: trade!.exit_reason, time: trade!.timestamp.getTime() }).toEqual({
      price: '49000',
      reason: 'stop_loss',
      time: T0 + 3 * MIN - 1,
    });
    expect(await orderOf(sell.id)).toMatchObject({
      status: 'rejected',
      reason: 'Lag holds no SOL of SOL/USDT to sell',
    });
  });

  it('can be given by a manual BUY', async () => {
    const now = Date.now() - (Date.now() % MIN);
    await h.publishBar('BTC/USDC', { startTime: now - 2 * MIN, open: '50000' });
    await waitFor(() => trader.prices.get('BTC/USDC')?.candleCloseTime === now - MIN - 1, { what: 'a fresh price' });
    const res = await h.post(trader, '/trade', {
      symbol: 'BTCUSDC',
      side: 'BUY',
      quantity: '0.01',
      stopLoss: 49500,
      trailingStop: { type: 'distance', value: 2000 },
    });
    expect(res.status).toBe(201);
    const p = await positionOf('manual', 'BTC/USDC');
    expect([plain(p!.stop_loss), p!.trailing_stop, plain(p!.trail_stop)]).toEqual([
      '49500',
      { type: 'distance', value: '2000', activation: null },
      '48000',
    ]);
    await h.publishBar('BTC/USDC', { startTime: now - MIN, open: '49800', high: '49900', low: '49400' });
    const { trade } = await exitOf('manual');
    expect({ price: plain(trade!.price), reason: trade!.exit_reason }).toEqual({ price: '49500', reason: 'stop_loss' });
  });

  it('refuse protections on a SELL with a 400', async () => {
    const res = await h.post(trader, '/trade', { symbol: 'BTCUSDC', side: 'SELL', quantity: '0.01', stopLoss: 1 });
    expect(res.status).toBe(400);
  });
});
