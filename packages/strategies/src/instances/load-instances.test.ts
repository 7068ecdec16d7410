import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { protectionView } from '../protection/config.js';
import { loadStrategySet, parseStrategiesFile } from './load-instances.js';
import { configErrorOf } from '../test-support/config-error.js';

const ENV = { SYMBOLS: 'BTC/USDC,BTC/USDT', STOP_LOSS: '2%', RSI_STOP_LOSS: '4%' };

const ARENA = `# two variants of one strategy, each with its own capital
instances:
  - name: rsi-strict
    strategy: RSI_Strategy
    params: { RSI_WINDOW: 14, RSI_OVERSOLD: 20, RSI_OVERBOUGHT: 80 }
    symbols: [BTC/USDC]
    budget: { USDC: 1000 }
    protections: { STOP_LOSS: 1.5%, TRAILING_STOP: 1% }
  - name: rsi-loose
    strategy: rsi_strategy
    params:
      RSI_WINDOW: 10
    budget: { USDC: "500.5", USDT: 250 }
  - name: bands
    strategy: Bollinger_Bands
`;

describe('STRATEGIES_FILE instances', () => {
  it('loads each instance under its own name, with its parameters, symbols, budget and protections', () => {
    const [strict, loose, bands] = parseStrategiesFile(ARENA, ENV);
    expect([strict!.name, loose!.name, bands!.name]).toEqual(['rsi-strict', 'rsi-loose', 'bands']);
    expect([strict!.strategy, loose!.strategy, bands!.strategy]).toEqual([
      'RSI_Strategy',
      'RSI_Strategy',
      'Bollinger_Bands',
    ]);
    expect(strict!.params).toMatchObject({ window: 14, oversold: 20, overbought: 80 });
    expect(loose!.params).toMatchObject({ window: 10, oversold: 30, overbought: 70 });
    expect(strict!.symbols).toEqual(['BTC/USDC']);
    expect(loose!.symbols).toBeUndefined();
    expect(strict!.budget).toEqual({ USDC: '1000' });
    expect(loose!.budget).toEqual({ USDC: '500.5', USDT: '250' });
    expect(bands!.budget).toBeUndefined();
    // The instance's own stop wins over RSI_STOP_LOSS; without one it gets what the strategy would.
    expect(protectionView(strict!.protection)).toMatchObject({ stopLoss: '1.5%', trailingStop: '1%' });
    expect(protectionView(loose!.protection)).toMatchObject({ stopLoss: '4%', trailingStop: null });
    expect(protectionView(bands!.protection)).toMatchObject({ stopLoss: '2%' });
    expect(strict!.paramsKey).not.toEqual(loose!.paramsKey);
  });

  it('gives each instance its own partial take-profit, time stop and swing stop', () => {
    const file = `instances:
  - name: rsi-scalp
    strategy: RSI_Strategy
    protections: { STOP_LOSS: swing, PARTIAL_TAKE_PROFIT: 50%@1%, TIME_STOP: 30 }
  - name: rsi-hold
    strategy: RSI_Strategy
`;
    const [scalp, hold] = parseStrategiesFile(file, { ...ENV, PARTIAL_TAKE_PROFIT: '25%@3%' });
    expect(protectionView(scalp!.protection)).toMatchObject({
      stopLoss: 'swing',
      partialTakeProfit: '50%@1%',
      timeStop: 30,
    });
    expect(protectionView(hold!.protection)).toMatchObject({
      stopLoss: '4%',
      partialTakeProfit: '25%@3%',
      timeStop: null,
    });
  });

  it('names the line and the field of every problem', () => {
    const bad = `instances:
  - name: a
    strategy: RSI_Strategy
    params: { RSI_WINDOW: 1, RSI_WIDTH: 3 }
  - name: b
    strategy: Nope
  - name: A
    strategy: Bollinger_Bands
    symbols: [ETH/USDC]
    protections: { STOP_LOSES: 2% }
    budget: { USDC: -5 }
`;
    const message = configErrorOf(() => parseStrategiesFile(bad, ENV, 'STRATEGIES_FILE arena.yaml'));
    expect(message).toContain('arena.yaml:4: instances.0.params.RSI_WINDOW');
    expect(message).toContain('arena.yaml:4: instances.0.params.RSI_WIDTH is not a RSI_Strategy parameter');
    expect(message).toContain('arena.yaml:6: instances.1.strategy names an unknown strategy');
    expect(message).toContain('arena.yaml:7: instances.2.name repeats "A"');
    expect(message).toContain('arena.yaml:9: instances.2.symbols.0 is not in SYMBOLS');
    expect(message).toContain('arena.yaml:10: instances.2.protections.STOP_LOSES is not one of');
    expect(message).toContain('arena.yaml:11: instances.2.budget.USDC');
  });

  it('reports YAML syntax errors and unknown keys with their line', () => {
    expect(configErrorOf(() => parseStrategiesFile('instances:\n  - name: a\n    strategy: [unclosed\n', ENV))).toMatch(
      /^config: STRATEGIES_FILE:\d+: /,
    );
    expect(
      configErrorOf(() =>
        parseStrategiesFile('instances:\n  - name: a\n    strategy: RSI_Strategy\n    budgets: {}\n', ENV),
      ),
    ).toMatch(/STRATEGIES_FILE:2: instances\.0 .*budgets/);
  });

  it('reads the file STRATEGIES_FILE names, refuses it beside STRATEGIES, and names a missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'instances-'));
    const path = join(dir, 'strategies.yaml');
    writeFileSync(path, ARENA);
    expect(loadStrategySet([], { ...ENV, STRATEGIES_FILE: path }).map((s) => s.name)).toEqual([
      'rsi-strict',
      'rsi-loose',
      'bands',
    ]);
    expect(
      configErrorOf(() => loadStrategySet([], { ...ENV, STRATEGIES_FILE: path, STRATEGIES: 'RSI_Strategy' })),
    ).toContain('not both');
    expect(configErrorOf(() => loadStrategySet([], { ...ENV, STRATEGIES_FILE: join(dir, 'missing.yaml') }))).toContain(
      'cannot be read: ENOENT',
    );
  });

  it('loads the example arena the repository ships', () => {
    const example = fileURLToPath(new URL('../../../../infra/strategies.example.yaml', import.meta.url));
    const loaded = loadStrategySet([], { ...ENV, STRATEGIES_FILE: example });
    expect(loaded.map((s) => [s.name, s.strategy])).toEqual([
      ['rsi-strict', 'RSI_Strategy'],
      ['rsi-loose', 'RSI_Strategy'],
      ['bands', 'Bollinger_Bands'],
    ]);
  });

  it('without the file, STRATEGIES works as before', () => {
    const loaded = loadStrategySet(['RSI_Strategy'], ENV);
    expect(loaded.map((s) => [s.name, s.strategy, s.budget])).toEqual([['RSI_Strategy', undefined, undefined]]);
  });
});
