import { describe, expect, it } from '@jest/globals';
import { isSymbolStrategy, loadStrategies } from '@roottrading/strategies';
import { noView, replayCandles } from '@roottrading/strategies/test-support';
import type { ChartCandle } from './chart-bars';
import { runsOn, strategyOverlays } from './overlays';

const NAMES = [
  'SimpleMA_Cross',
  'RSI_Strategy',
  'Bollinger_Bands',
  'EMA_Cross',
  'MACD_Trend',
  'Donchian_Breakout',
  'Supertrend',
  'RSI_Divergence',
  'Range_Breakout',
  'VWAP_Reversion',
  'Volume_Spike',
];
const ON_1M = Object.fromEntries(
  ['EMA', 'MACD', 'DONCHIAN', 'SUPERTREND', 'RSI_DIV', 'RANGE', 'VWAP', 'VOLUME_SPIKE'].map((p) => [
    `${p}_TIMEFRAME`,
    '1m',
  ]),
);
const ENV = {
  SHORT_WINDOW: '7',
  LONG_WINDOW: '25',
  RSI_WINDOW: '9',
  BB_WINDOW: '18',
  BB_STD: '2.5',
  MACD_TREND: '50',
  ...ON_1M,
};

/** The strategies as the analyzer's GET /strategies lists them (its route maps LoadedStrategy so). */
const listedWith = (env: Record<string, string>) =>
  loadStrategies(NAMES, env)
    .filter(isSymbolStrategy)
    .map((s) => ({ name: s.name, params: s.params, timeframe: s.timeframes.primary }));
const loaded = loadStrategies(NAMES, ENV).filter(isSymbolStrategy);
const listed = listedWith(ENV);
const candles = replayCandles('BTC/USDC', 900);

/** What a strategy itself computed on every bar: its signal metadata, stepped over the same bars. */
function metadataByBar(name: string, bars: readonly ChartCandle[], strategies = loaded) {
  const machine = strategies.find((s) => s.name === name)!.create();
  return bars.map((c) => {
    const { startTime, open, high, low, close, volume } = c;
    machine.update({ startTime, open: +open, high: +high, low: +low, close: +close, volume: +volume }, noView);
    return { time: c.startTime, meta: machine.metadata() };
  });
}

const valuesOf = (byBar: ReturnType<typeof metadataByBar>, key: string, times = 1) =>
  byBar.flatMap(({ time, meta }) => (typeof meta[key] === 'number' ? [{ time, value: meta[key] * times }] : []));
const plain = (points: { time: number; value: number }[]) => points.map(({ time, value }) => ({ time, value }));

/** 5m bars on UTC boundaries from the 1m candles, as the gateway builds them. */
function fiveMinute(minutes: readonly ChartCandle[]): ChartCandle[] {
  const groups = new Map<number, ChartCandle[]>();
  for (const c of minutes)
    groups.set(c.startTime - (c.startTime % 300_000), [
      ...(groups.get(c.startTime - (c.startTime % 300_000)) ?? []),
      c,
    ]);
  return [...groups]
    .filter(([, g]) => g.length === 5)
    .map(([startTime, g]) => ({
      startTime,
      open: g[0]!.open,
      high: String(Math.max(...g.map((c) => +c.high))),
      low: String(Math.min(...g.map((c) => +c.low))),
      close: g.at(-1)!.close,
      volume: String(g.reduce((v, c) => v + +c.volume, 0)),
    }));
}

describe("the strategies' overlays", () => {
  const overlays = strategyOverlays(listed, { timeframe: '1m', bars: candles });
  const line = (strategy: string, i: number) => plain(overlays.find((o) => o.id === strategy)!.lines[i]!.points);

  it.each([
    ['SimpleMA_Cross', ['shortSma', 'longSma']],
    ['RSI_Strategy', ['rsi']],
    ['Bollinger_Bands', ['upper', 'middle', 'lower']],
    ['EMA_Cross', ['fastEma', 'slowEma']],
    ['MACD_Trend', ['macd', 'signalLine', 'trendEma']],
    ['Donchian_Breakout', ['upper', 'lower']],
    ['Supertrend', ['supertrend']],
    ['RSI_Divergence', ['rsi']],
    ['Range_Breakout', ['rangeHigh', 'rangeLow']],
    ['VWAP_Reversion', ['vwap', 'lowerBand']],
    ['Volume_Spike', ['upper', 'lower']],
  ])('draw, on every bar, the values %s compared, with the analyzer’s parameters', (name, keys) => {
    const meta = metadataByBar(name, candles);
    keys.forEach((key, i) => {
      const expected = valuesOf(meta, key);
      expect(expected.length).toBeGreaterThan(100);
      expect(line(name, i)).toEqual(expected);
    });
  });

  it("draw Volume_Spike's spike threshold on the volume, and its exit EMA when it has one", () => {
    const spike = overlays.find((o) => o.id === 'Volume_Spike')!.lines[2]!;
    expect(spike.pane).toBe('volume');
    const factor = listed.find((s) => s.name === 'Volume_Spike')!.params.factor as number;
    expect(plain(spike.points)).toEqual(valuesOf(metadataByBar('Volume_Spike', candles), 'meanVolume', factor));
    const env = { ...ENV, VOLUME_SPIKE_EXIT_EMA: '12' };
    const [withEma] = strategyOverlays(
      listedWith(env).filter((s) => s.name === 'Volume_Spike'),
      { timeframe: '1m', bars: candles },
    );
    const meta = metadataByBar('Volume_Spike', candles, loadStrategies(NAMES, env).filter(isSymbolStrategy));
    expect(plain(withEma!.lines[1]!.points)).toEqual(valuesOf(meta, 'lower'));
  });

  it('put lines on the price, oscillators in their own pane with their levels, labelled', () => {
    expect(overlays.map((o) => [o.id, o.label, o.lines.map((l) => l.pane).join(' ')])).toEqual([
      ['SimpleMA_Cross', 'SMA 7 / SMA 25', 'price price'],
      ['RSI_Strategy', 'RSI 9', 'oscillator'],
      ['Bollinger_Bands', 'BB 18 2.5σ', 'price price price'],
      ['EMA_Cross', 'EMA 21 / EMA 50', 'price price'],
      ['MACD_Trend', 'MACD 12 26 9', 'oscillator oscillator price'],
      ['Donchian_Breakout', 'Donchian 20 / 10', 'price price'],
      ['Supertrend', 'Supertrend 10 3', 'price'],
      ['RSI_Divergence', 'RSI 14', 'oscillator'],
      ['Range_Breakout', 'range 20', 'price price'],
      ['VWAP_Reversion', 'VWAP −2σ', 'price price'],
      ['Volume_Spike', 'volume ×3 · high 20', 'price price volume'],
    ]);
    const levels = Object.fromEntries(overlays.map((o) => [o.id, o.levels]));
    expect([levels.RSI_Strategy, levels.RSI_Divergence, levels.MACD_Trend]).toEqual([[70, 30], [50], [0]]);
    // Supertrend's line takes the trend's colour, bar by bar.
    const colors = new Set(overlays.find((o) => o.id === 'Supertrend')!.lines[0]!.points.map((p) => p.color));
    expect([...colors].sort()).toEqual(['#34d399', '#f87171']);
  });

  it("draw a strategy on its own timeframe's bars, each value from the bar closed by then, none past what is known", () => {
    const env = { ...ENV, SUPERTREND_TIMEFRAME: '5m', MACD_TIMEFRAME: '5m' };
    const onFive = listedWith(env).filter((s) => s.name === 'Supertrend' || s.name === 'MACD_Trend');
    const five = fiveMinute(candles);
    // The 5m bars end with the one starting 10 minutes before the chart's last minute.
    const held = five.filter((b) => b.startTime + 600_000 <= candles.at(-1)!.startTime);
    const drawn = strategyOverlays(onFive, { timeframe: '1m', bars: candles }, new Map([['5m', held]]));
    expect(drawn.map((o) => [o.id, o.timeframe, o.projected])).toEqual([
      ['MACD_Trend', '5m', true],
      ['Supertrend', '5m', true],
    ]);
    const meta = metadataByBar('Supertrend', held, loadStrategies(NAMES, env).filter(isSymbolStrategy));
    const points = drawn[1]!.lines[0]!.points;
    for (const p of points) {
      // The last 5m bar closed when this minute closed.
      const known = meta.filter((m) => m.time + 300_000 <= p.time + 60_000).at(-1)!;
      expect(p.value).toBe(known.meta.supertrend);
    }
    // On every minute up to the close of the 5m bar after the last held one, and no later.
    const last = held.at(-1)!.startTime;
    expect(points.at(-1)!.time).toBe(last + 600_000 - 120_000);
    expect(points.map((p) => p.time)).toEqual(
      candles.map((c) => c.startTime).filter((t) => t >= points[0]!.time && t <= points.at(-1)!.time),
    );
    // Without its timeframe's bars, no overlay (not one computed on bars the strategy never sees).
    expect(strategyOverlays(onFive, { timeframe: '1m', bars: candles })).toEqual([]);
  });

  it('draw a STRATEGIES_FILE instance as the strategy it runs, under its own name, on its symbols only', () => {
    const rsi = listed.find((s) => s.name === 'RSI_Strategy')!;
    const instance = { ...rsi, name: 'rsi_fast', strategy: 'RSI_Strategy', symbols: ['BTC/USDT'] };
    const [drawn] = strategyOverlays([instance], { timeframe: '1m', bars: candles });
    expect([drawn!.id, drawn!.lines[0]!.id]).toEqual(['rsi_fast', 'rsi_fast:RSI9']);
    expect(plain(drawn!.lines[0]!.points)).toEqual(line('RSI_Strategy', 0));
    expect([runsOn(instance, 'BTC/USDT'), runsOn(instance, 'BTC/USDC'), runsOn(rsi, 'BTC/USDC')]).toEqual([
      true,
      false,
      true,
    ]);
  });

  it('skip strategies they cannot draw and parameters that are not what they expect', () => {
    expect(
      strategyOverlays(
        [
          { name: 'Pairs_Trade', params: { fast: 12, slow: 26 } },
          { name: 'SimpleMA_Cross', params: { shortWindow: 'ten', longWindow: 30 } },
          { name: 'RSI_Strategy', params: {} },
          { name: 'MACD_Trend', params: { fast: 26, slow: 12, signal: 9 } },
        ],
        { timeframe: '1m', bars: candles },
      ),
    ).toEqual([]);
    expect(strategyOverlays(listed, { timeframe: '1m', bars: [] })[0]!.lines[0]!.points).toEqual([]);
  });
});
