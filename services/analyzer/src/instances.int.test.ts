import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Bus } from '@roottrading/bus';
import { KEY, signalSchema, topics, type Signal } from '@roottrading/contracts';
import { replayCandles } from '@roottrading/strategies/test-support';
import { waitFor } from '@roottrading/testing';
import type { AnalyzerService } from './service.js';
import { useAnalyzer } from './testing/analyzer-under-test.js';

const COUNT = 2_000;
const dir = mkdtempSync(join(tmpdir(), 'analyzer-instances-'));
const file = join(dir, 'strategies.yaml');
writeFileSync(
  file,
  `instances:
  - name: rsi-strict
    strategy: RSI_Strategy
    params: { RSI_OVERSOLD: 25, RSI_OVERBOUGHT: 75 }
    symbols: [BTC/USDC]
  - name: rsi-loose
    strategy: RSI_Strategy
    params: { RSI_OVERSOLD: 40, RSI_OVERBOUGHT: 60 }
    protections: { STOP_LOSS: 1% }
`,
);

let bus: Bus;
let svc: AnalyzerService;
useAnalyzer('instances', { SYMBOLS: 'BTC/USDC,BTC/USDT', STRATEGIES_FILE: file }, (a) => ({ bus, svc } = a));

describe('analyzer running the instances of STRATEGIES_FILE', () => {
  let signals: Signal[];

  beforeAll(async () => {
    const candles = [...replayCandles('BTC/USDC', COUNT), ...replayCandles('BTC/USDT', COUNT)].sort(
      (a, b) => a.startTime - b.startTime,
    );
    for (const c of candles) await bus.publish(topics.marketData(c.symbol), c);
    await waitFor(() => svc.stats().candlesProcessed === 2 * COUNT, {
      what: 'every candle analysed',
      timeoutMs: 30_000,
    });
    const entries = await bus.redis.xrange(bus.key(KEY.signalStream), '-', '+');
    signals = entries.map(([, f]) => signalSchema.parse(JSON.parse(f[f.indexOf('signal') + 1]!)));
  }, 40_000);

  it('signals under each instance name, on its own symbols, with its own parameters and protections', () => {
    const pairs = new Set(signals.map((s) => `${s.strategy} ${s.symbol}`));
    expect([...pairs].sort()).toEqual(['rsi-loose BTC/USDC', 'rsi-loose BTC/USDT', 'rsi-strict BTC/USDC']);
    const of = (name: string) => signals.filter((s) => s.strategy === name && s.symbol === 'BTC/USDC');
    // A 40/60 band is crossed more often than a 25/75 one.
    expect(of('rsi-loose').length).toBeGreaterThan(of('rsi-strict').length);
    expect(of('rsi-strict').every((s) => s.metadata?.oversold === 25)).toBe(true);
    const looseBuys = of('rsi-loose').filter((s) => s.side === 'BUY');
    expect(looseBuys.length).toBeGreaterThan(0);
    expect(looseBuys.every((s) => s.stopLoss !== undefined && s.stopLoss !== null)).toBe(true);
    expect(of('rsi-strict').every((s) => s.stopLoss === undefined || s.stopLoss === null)).toBe(true);
  });

  it('lists the instances with the strategy they run', async () => {
    const res = await fetch(`http://127.0.0.1:${svc.port}/strategies`);
    const body = (await res.json()) as { strategies: { name: string; strategy: string; symbols: string[] | null }[] };
    expect(body.strategies.map((s) => [s.name, s.strategy, s.symbols])).toEqual([
      ['rsi-strict', 'RSI_Strategy', ['BTC/USDC']],
      ['rsi-loose', 'RSI_Strategy', null],
    ]);
  });
});
