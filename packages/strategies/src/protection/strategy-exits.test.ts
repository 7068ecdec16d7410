import { describe, expect, it } from '@jest/globals';
import { withStrategyExits } from './strategy-exits.js';

describe('withStrategyExits', () => {
  it('leaves the configured protection alone when the strategy sets no exit', () => {
    const configured = { takeProfit: '103', metadata: { takeProfitRule: '3%', takeProfit: '103' } };
    expect(withStrategyExits(configured, undefined, '100')).toBe(configured);
    expect(withStrategyExits(undefined, {}, '100')).toBeUndefined();
  });

  it('puts the strategy’s stop and target in place of the configured ones, the trailing stop kept', () => {
    const trailingStop = { type: 'percent' as const, value: '0.02', activation: null };
    const configured = {
      stopLoss: '98',
      takeProfit: '103',
      trailingStop,
      metadata: { stopLossRule: '2%', stopLoss: '98', takeProfitRule: '3%', takeProfit: '103' },
    };
    expect(withStrategyExits(configured, { stopLoss: 99.5, takeProfit: 104 }, '100')).toEqual({
      stopLoss: '99.5',
      takeProfit: '104',
      trailingStop,
      metadata: { stopLossRule: 'strategy', stopLoss: '99.5', takeProfitRule: 'strategy', takeProfit: '104' },
    });
  });

  it('rounds the stop down and the target up to 8 decimals, after cutting the float dust', () => {
    // 0.31 + 0.01 is 0.32000000000000006 in doubles: the target stays 0.32.
    expect(withStrategyExits(undefined, { stopLoss: 0.123456789, takeProfit: 0.31 + 0.01 }, '0.3')).toEqual({
      stopLoss: '0.12345678',
      takeProfit: '0.32',
      metadata: { stopLossRule: 'strategy', stopLoss: '0.12345678', takeProfitRule: 'strategy', takeProfit: '0.32' },
    });
  });

  it('leaves a level on the wrong side of the entry out, with a note, keeping the configured one', () => {
    const configured = { stopLoss: '98', metadata: { stopLossRule: '2%', stopLoss: '98' } };
    const got = withStrategyExits(configured, { stopLoss: 100, takeProfit: 99 }, '100');
    expect(got).toEqual({
      stopLoss: '98',
      metadata: {
        stopLossRule: '2%',
        stopLoss: '98',
        protectionNote:
          "the strategy's stop loss 100 left out: it is not between 0 and the entry; " +
          "the strategy's take profit 99 left out: it is not above the entry",
      },
    });
  });
});
