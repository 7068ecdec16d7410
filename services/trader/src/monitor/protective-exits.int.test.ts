import { describe, expect, it } from '@jest/globals';
import { waitFor } from '@roottrading/testing';
import { plain, type Harness } from '../testing/harness.js';
import { MIN, T0, useExitsTrader } from './exits-fixture.js';

/**
 * Stops, targets and trailing stops end to end through the trader: a BUY signal carries them, the
 * position stores them, the analysed candles that follow close the position.
 */
let h: Harness;
const { exitOf, positionOf, enter } = useExitsTrader('trader-exits', (harness) => {
  h = harness;
});

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
