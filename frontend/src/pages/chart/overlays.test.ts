import { describe, expect, it } from '@jest/globals';
import { isSymbolStrategy, loadStrategies } from '@roottrading/strategies';
import { noView, replayCandles } from '@roottrading/strategies/test-support';
import { strategyOverlays } from './overlays';

const NAMES = ['SimpleMA_Cross', 'RSI_Strategy', 'Bollinger_Bands', 'EMA_Cross'];
const ENV = {
  SHORT_WINDOW: '7',
  LONG_WINDOW: '25',
  RSI_WINDOW: '9',
  BB_WINDOW: '18',
  BB_STD: '2.5',
  EMA_TIMEFRAME: '1m',
};

/** The strategies as the analyzer's GET /strategies lists them (its route maps LoadedStrategy so). */
const loaded = loadStrategies(NAMES, ENV).filter(isSymbolStrategy);
const listed = loaded.map((s) => ({ name: s.name, params: s.params, timeframe: s.timeframes.primary }));
const candles = replayCandles('BTC/USDC', 600);

/** What each strategy itself computed on every bar: its signal metadata, stepped over the same closes. */
function metadataByBar(name: string) {
  const machine = loaded.find((s) => s.name === name)!.create();
  return candles.map((c) => {
    machine.update(
      {
        startTime: c.startTime,
        open: Number(c.open),
        high: Number(c.high),
        low: Number(c.low),
        close: Number(c.close),
        volume: Number(c.volume),
      },
      noView,
    );
    return { time: c.startTime, meta: machine.metadata() };
  });
}

const valuesOf = (byBar: ReturnType<typeof metadataByBar>, key: string) =>
  byBar.flatMap(({ time, meta }) => (typeof meta[key] === 'number' ? [{ time, value: meta[key] }] : []));

describe("the strategies' overlays", () => {
  const overlays = strategyOverlays(listed, candles);
  const line = (strategy: string, i: number) => overlays.find((o) => o.id === strategy)!.lines[i]!;

  it("draw, on every bar, the values each strategy compared, with the analyzer's parameters", () => {
    const sma = metadataByBar('SimpleMA_Cross');
    expect(line('SimpleMA_Cross', 0).points).toEqual(valuesOf(sma, 'shortSma'));
    expect(line('SimpleMA_Cross', 1).points).toEqual(valuesOf(sma, 'longSma'));
    const rsi = metadataByBar('RSI_Strategy');
    expect(line('RSI_Strategy', 0).points).toEqual(valuesOf(rsi, 'rsi'));
    const bb = metadataByBar('Bollinger_Bands');
    expect(line('Bollinger_Bands', 0).points).toEqual(valuesOf(bb, 'upper'));
    expect(line('Bollinger_Bands', 1).points).toEqual(valuesOf(bb, 'middle'));
    expect(line('Bollinger_Bands', 2).points).toEqual(valuesOf(bb, 'lower'));
    const ema = metadataByBar('EMA_Cross');
    expect(line('EMA_Cross', 0).points).toEqual(valuesOf(ema, 'fastEma'));
    expect(line('EMA_Cross', 1).points).toEqual(valuesOf(ema, 'slowEma'));
    // Nothing before the indicator is warm: the first SMA 25 value is on the 25th bar.
    expect(line('SimpleMA_Cross', 1).points[0]!.time).toBe(candles[24]!.startTime);
  });

  it('put the averages and bands on the price, RSI in its own pane with its two levels, labelled', () => {
    expect(overlays.map((o) => [o.id, o.label, o.lines.map((l) => l.pane)])).toEqual([
      ['SimpleMA_Cross', 'SMA 7 / SMA 25', ['price', 'price']],
      ['RSI_Strategy', 'RSI 9', ['oscillator']],
      ['Bollinger_Bands', 'BB 18 2.5σ', ['price', 'price', 'price']],
      ['EMA_Cross', 'EMA 21 / EMA 50', ['price', 'price']],
    ]);
    expect(overlays.find((o) => o.id === 'RSI_Strategy')!.levels).toEqual([70, 30]);
    expect(overlays.find((o) => o.id === 'EMA_Cross')!.timeframe).toBe('1m');
  });

  it('skip strategies they cannot draw and parameters that are not what they expect', () => {
    expect(
      strategyOverlays(
        [
          { name: 'MACD_Trend', params: { fast: 12, slow: 26 } },
          { name: 'SimpleMA_Cross', params: { shortWindow: 'ten', longWindow: 30 } },
          { name: 'RSI_Strategy', params: {} },
        ],
        candles,
      ),
    ).toEqual([]);
    expect(strategyOverlays(listed, [])[0]!.lines[0]!.points).toEqual([]);
  });
});
