import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dec, toPlain } from '@roottrading/accounting';
import { Bus } from '@roottrading/bus';
import { arenaResponseSchema, topics } from '@roottrading/contracts';
import { createLogger } from '@roottrading/logger';
import {
  createTestDatabase,
  silentLevel,
  testNamespace,
  TEST_REDIS_URL,
  waitFor,
  type TestDatabase,
} from '@roottrading/testing';
import {
  insertClosedPosition,
  insertPosition,
  minute,
  startTestPortfolio,
  type TestPortfolio,
} from './test-support.js';

let tdb: TestDatabase;
let arena: TestPortfolio;
let plain: TestPortfolio;
let bus: Bus;
const namespace = testNamespace('portfolio-arena');
const dir = mkdtempSync(join(tmpdir(), 'arena-'));
const file = join(dir, 'strategies.yaml');
writeFileSync(
  file,
  `instances:
  - name: rsi-strict
    strategy: RSI_Strategy
    params: { RSI_OVERSOLD: 20 }
    budget: { USDC: 1000 }
  - name: rsi-loose
    strategy: RSI_Strategy
    budget: { USDC: 500 }
  - name: idle
    strategy: Bollinger_Bands
`,
);
// strategy, day, net (gross = net + 1 fee)
const CLOSED = [
  ['rsi-strict', 1, '30'],
  ['rsi-strict', 1, '-10'],
  ['rsi-strict', 2, '-40'],
  ['rsi-strict', 3, '15'],
  ['rsi-loose', 2, '12'],
] as const;

beforeAll(async () => {
  tdb = await createTestDatabase();
  let n = 0;
  for (const [strategy, day, net] of CLOSED) {
    await insertClosedPosition(tdb.db, {
      strategy,
      symbol: 'BTC/USDC',
      entryPrice: '20000',
      exitPrice: '20000',
      openedAt: minute(day, 0, n),
      closedAt: minute(day, 1, n++),
      gross: toPlain(dec(net).plus(1)),
      fees: '1',
      net,
    });
  }
  // rsi-loose holds 0.01 BTC bought at 20,000 (cost 200, fee 0.2).
  await insertPosition(tdb.db, {
    strategy: 'rsi-loose',
    symbol: 'BTC/USDC',
    quantity: '0.01',
    cost: '200',
    fees: '0.2',
  });
  arena = await startTestPortfolio(tdb, namespace, { env: { STRATEGIES_FILE: file } });
  plain = await startTestPortfolio(tdb, `${namespace}-plain`);
  bus = new Bus({ url: TEST_REDIS_URL, namespace, logger: createLogger('test', silentLevel) });
  await bus.publish(topics.marketData('BTC/USDC'), {
    symbol: 'BTC/USDC',
    interval: '1m',
    startTime: Date.UTC(2023, 2, 4, 0, 0),
    closeTime: Date.UTC(2023, 2, 4, 0, 0, 59, 999),
    open: '21000',
    high: '21000',
    low: '21000',
    close: '21000',
    volume: '1',
    source: 'replay',
  });
  await waitFor(() => arena.svc.prices.get('BTC/USDC', undefined), { what: 'candle price' });
});

afterAll(async () => {
  await bus?.close();
  await arena?.svc.stop();
  await plain?.svc.stop();
  await tdb?.drop();
});

describe('GET /arena', () => {
  it('ranks the instances of STRATEGIES_FILE by return, each figure recomputed from its positions', async () => {
    const { status, body } = await arena.get('/arena');
    expect(status).toBe(200);
    const parsed = arenaResponseSchema.parse(body);
    expect(parsed.source).toBe('file');
    expect(parsed.instances.map((i) => i.name)).toEqual(['rsi-loose', 'idle', 'rsi-strict']);

    const strict = parsed.instances.find((i) => i.name === 'rsi-strict')!.standings[0]!;
    const ownNet = CLOSED.filter(([s]) => s === 'rsi-strict').reduce((sum, [, , net]) => sum.plus(net), dec(0));
    expect(strict).toMatchObject({ currency: 'USDC', budget: '1000', trades: 4, wins: 2, netPnl: toPlain(ownNet) });
    expect(strict.returnPct).toBeCloseTo(-0.5, 12);
    // Day ends 1020, 980, 995: the fall from 1020 to 980.
    expect(strict.maxDrawdownPct).toBeCloseTo((40 / 1020) * 100, 12);
    expect(strict.equity.map((p) => p.value)).toEqual(['1020', '980', '995', '995']);
    expect(strict.profitFactor).toBe(toPlain(dec(45).div(50)));

    const loose = parsed.instances.find((i) => i.name === 'rsi-loose')!.standings[0]!;
    // 0.01 × 21,000 − 200 − 0.2 fees paid = 9.8 unrealized; (12 + 9.8) / 500.
    expect(loose).toMatchObject({
      netPnl: '12',
      unrealizedPnl: '9.8',
      openPositions: 1,
      openExposure: '210',
      budgetUsed: '200.2',
    });
    expect(loose.returnPct).toBeCloseTo((21.8 / 500) * 100, 12);
    expect(loose.equity.at(-1)).toEqual({ time: '2023-03-04T00:00:00.000Z', value: '521.8' });

    const idle = parsed.instances.find((i) => i.name === 'idle')!;
    expect(idle.strategy).toBe('Bollinger_Bands');
    expect(idle.standings.map((s) => [s.currency, s.trades, s.netPnl, s.returnPct])).toEqual([
      ['USDC', 0, '0', null],
      ['USDT', 0, '0', null],
    ]);
  });

  it('without the file ranks every strategy that traded, with no budget figures', async () => {
    const body = arenaResponseSchema.parse((await plain.get('/arena')).body);
    expect(body.source).toBe('trades');
    expect(body.instances.map((i) => i.name).sort()).toEqual(['rsi-loose', 'rsi-strict']);
    for (const i of body.instances) expect(i.standings[0]).toMatchObject({ budget: null, returnPct: null, equity: [] });
  });

  it('refuses a query string, and a bad file stops the service naming its line', async () => {
    expect((await arena.get('/arena?x=1')).status).toBe(400);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'instances:\n  - name: a\n    strategy: RSI_Strategy\n    budget: { USDC: nope }\n');
    await expect(startTestPortfolio(tdb, `${namespace}-bad`, { env: { STRATEGIES_FILE: bad } })).rejects.toThrow(
      /STRATEGIES_FILE .*bad\.yaml:4: instances\.0\.budget\.USDC/,
    );
  });
});
