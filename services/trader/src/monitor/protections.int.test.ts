import { describe, expect, it } from '@jest/globals';
import { waitFor } from '@roottrading/testing';
import type { Trader } from '../service.js';
import { makeSignal, plain, type Harness } from '../testing/harness.js';
import { MIN, T0, useExitsTrader } from './exits-fixture.js';

/** Protections through refusals, restarts and candle order, and on manual orders. */
let h: Harness;
let trader: Trader;
const { orderOf, exitOf, positionOf, enter } = useExitsTrader('trader-protections', (harness, started) => {
  h = harness;
  trader = started;
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
