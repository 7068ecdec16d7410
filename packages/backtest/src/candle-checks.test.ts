import { describe, expect, it } from '@jest/globals';
import type { Candle } from '@roottrading/contracts';
import { replayCandles } from '@roottrading/strategies/test-support';
import { runBacktest } from './run.js';
import { resolveSetup } from './setup.js';

const MINUTE = 60_000;
const SETTINGS = { SYMBOLS: 'BTC/USDC,BTC/USDT', STRATEGIES: 'RSI_Strategy', RSI_WINDOW: '2' };

/** The real files' first candles as batches, one open time each, in SYMBOLS order. */
function batches(count: number): Candle[][] {
  const usdc = replayCandles('BTC/USDC', count);
  const usdt = replayCandles('BTC/USDT', count);
  return usdc.map((c, i) => [c, usdt[i]!]);
}

const run = (input: Candle[][], env: Record<string, string> = {}) =>
  runBacktest(resolveSetup({ ...SETTINGS, ...env }).setup, input);

describe('backtest candle checks', () => {
  it('the real files pass whole at the default CANDLE_MAX_JUMP', () => {
    const result = run(batches(600));
    expect(result.refused).toEqual([]);
    expect(result.candles).toBe(1200);
  });

  it('refuses a forged price and an impossible candle, as the services do: the engine never sees them', () => {
    const input = batches(60);
    const clean = run(batches(60));
    const at = input[30]![0]!;
    // BTC/USDC at 00:30 forged to 1 (the next candle does not confirm it), at 00:40 high below low.
    input[30]![0] = { ...at, open: '1', high: '1', low: '1', close: '1' };
    const c40 = input[40]![0]!;
    input[40]![0] = { ...c40, high: '100', low: '200' };
    const result = run(input);
    expect(result.refused.map((r) => [r.symbol, r.openTime])).toEqual([
      ['BTC/USDC', at.startTime],
      ['BTC/USDC', c40.startTime],
    ]);
    expect(result.refused[0]!.reason).toMatch(/^jump of 100% from the last close .* exceeds CANDLE_MAX_JUMP 20%/);
    expect(result.refused[1]!.reason).toBe('high 100 below open ' + c40.open);
    expect(result.candles).toBe(clean.candles - 2);
    expect(result.engine.state.lastCandles.get('BTC/USDC')!.openTime).toBe(input[59]![0]!.startTime);
  });

  it('a crash the next candle confirms is stepped one batch late, in market order, with every signal', () => {
    const input = batches(40);
    // BTC/USDC falls 30% at 00:20 and stays there: held, then confirmed by 00:21.
    for (let i = 20; i < 40; i++) {
      const c = input[i]![0]!;
      const down = (p: string) => (Number(p) * 0.7).toFixed(2);
      input[i]![0] = { ...c, open: down(c.open), high: down(c.high), low: down(c.low), close: down(c.close) };
    }
    input[20]![0]!.open = input[19]![0]!.close;
    input[20]![0]!.high = input[19]![0]!.close;
    const result = run(input);
    expect(result.refused).toEqual([]);
    expect(result.candles).toBe(80);
    // The held candle is stepped in its place in market order: the account is as if nothing waited.
    const unchecked = run(input, { CANDLE_MAX_JUMP: '0' });
    expect(result.recorder.trades).toEqual(unchecked.recorder.trades);
    expect(result.recorder.equity).toEqual(unchecked.recorder.equity);
    expect(result.engine.state.lastCandles.get('BTC/USDC')!.openTime).toBe(input[39]![0]!.startTime);
  });

  it('a jump still held at the end of the candles is refused, and CANDLE_MAX_JUMP=0 takes it', () => {
    const input = batches(10);
    const last = input[9]![0]!;
    input[9]![0] = { ...last, open: '1', high: '1', low: '1', close: '1' };
    expect(run(input).refused.map((r) => r.reason)).toEqual([
      expect.stringMatching(/exceeds CANDLE_MAX_JUMP 20%, and no later candle came to confirm it$/),
    ]);
    expect(run(input, { CANDLE_MAX_JUMP: '0' }).refused).toEqual([]);
  });

  it('a gap in the candles waits for the next candle (market clock), then both are stepped', () => {
    const input = batches(30).filter((_, i) => i < 10 || i > 14);
    const result = run(input);
    expect(result.refused).toEqual([]);
    expect(result.candles).toBe(50);
    expect(input[10]![0]!.startTime - input[9]![0]!.startTime).toBe(6 * MINUTE);
  });
});
