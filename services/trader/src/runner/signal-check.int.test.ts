import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AnalysedCandle, Signal } from '@roottrading/contracts';
import { insertSignals } from '@roottrading/db';
import { createLogger } from '@roottrading/logger';
import { createTestDatabase, type TestDatabase } from '@roottrading/testing';
import { StoredSignalCheck } from './signal-check.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.drop();
});

const T = Date.UTC(2023, 2, 17, 12, 0);
const signal = (id: string, over: Partial<Signal> = {}): Signal => ({
  id,
  strategy: 'RSI_Strategy',
  symbol: 'BTC/USDT',
  interval: '1m',
  side: 'BUY',
  timestamp: T,
  price: '28110',
  metadata: { rsi: 28.123456789, window: 14, note: 'x', flag: true, none: null },
  createdAt: T + 60_123,
  ...over,
});
const entry = (entryId: string, signals: Signal[]): { value: AnalysedCandle; entryId: string } => ({
  entryId,
  value: {
    candle: {
      symbol: 'BTC/USDT',
      interval: '1m',
      startTime: T,
      closeTime: T + 59_999,
      open: '28100',
      high: '28120',
      low: '28090',
      close: '28110',
      volume: '3',
      source: 'replay',
    },
    signals,
  },
});

function capture() {
  const lines: Record<string, unknown>[] = [];
  const dest = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger('trader', 'info', dest) };
}

describe('StoredSignalCheck', () => {
  it('passes entries whose every signal is stored as carried, and refuses the rest with one warn line each', async () => {
    const protectedBuy = signal('sig-check-protected', {
      strategy: 'Bollinger_Bands',
      stopLoss: '27548.78',
      takeProfit: '28953.3',
      trailingStop: { type: 'distance', value: '150.5', activation: '0.01' },
    });
    const stored = [signal('sig-check-a'), signal('sig-check-b', { side: 'SELL' }), protectedBuy];
    await insertSignals(tdb.db, stored);
    const { lines, logger } = capture();
    const check = new StoredSignalCheck(tdb.db, logger);

    const batch = [
      entry('1-0', []),
      entry('2-0', [stored[0]!, stored[1]!]),
      entry('3-0', [signal('sig-check-ghost', { strategy: 'Ghost_Strategy', price: '6003' })]),
      entry('4-0', [stored[0]!, { ...stored[1]!, price: '6003' }]),
      entry('5-0', [protectedBuy]),
      entry('6-0', [{ ...protectedBuy, trailingStop: { type: 'distance', value: '1500.5', activation: '0.01' } }]),
      entry('7-0', [{ ...stored[0]!, metadata: { ...stored[0]!.metadata, rsi: 28 } }]),
      entry('8-0', [{ ...stored[0]!, createdAt: stored[0]!.createdAt + 1 }]),
    ];
    const { trusted, refused } = await check.sift(batch);
    await new Promise((r) => setImmediate(r));

    expect(trusted.map((e) => e.entryId)).toEqual(['1-0', '2-0', '5-0']);
    expect(refused).toEqual(['3-0', '4-0', '6-0', '7-0', '8-0']);
    expect(check.forged).toBe(5);
    expect(lines.map((l) => [l.level, l.entryId, l.problems])).toEqual([
      ['warn', '3-0', ['signal sig-check-ghost (Ghost_Strategy BUY): no stored signal has this id']],
      ['warn', '4-0', ['signal sig-check-b (RSI_Strategy SELL): price (entry 6003, stored 28110.000000000000000000)']],
      [
        'warn',
        '6-0',
        [
          'signal sig-check-protected (Bollinger_Bands BUY): trailingStop (entry {"type":"distance","value":"1500.5","activation":"0.01"}, stored {"type":"distance","value":"150.5","activation":"0.01"})',
        ],
      ],
      [
        'warn',
        '7-0',
        [expect.stringMatching(/^signal sig-check-a \(RSI_Strategy BUY\): metadata \(entry \{"rsi":28,/)],
      ],
      ['warn', '8-0', [`signal sig-check-a (RSI_Strategy BUY): createdAt (entry ${T + 60_124}, stored ${T + 60_123})`]],
    ]);
    expect(lines[0]).toMatchObject({
      msg: 'forged analysed-candle entry refused: its signals are not the ones the analyzer stored',
      symbol: 'BTC/USDT',
      candleTime: '2023-03-17T12:00:00.000Z',
    });
  });

  it('asks nothing of the database for a read without signals', async () => {
    const { logger } = capture();
    // A closed database would throw on any query.
    const closed = await createTestDatabase();
    await closed.drop();
    const check = new StoredSignalCheck(closed.db, logger);
    const batch = [entry('1-0', []), entry('2-0', [])];
    expect(await check.sift(batch)).toEqual({ trusted: batch, refused: [] });
  });

  it('follows the analyzer storing the same id again: the newer fields are the stored ones', async () => {
    const first = signal('sig-check-again', { createdAt: T + 60_000 });
    const again = { ...first, createdAt: T + 120_000, stopLoss: '27000' };
    await insertSignals(tdb.db, [first]);
    await insertSignals(tdb.db, [first, again]);
    const check = new StoredSignalCheck(tdb.db, capture().logger);
    const { trusted, refused } = await check.sift([entry('1-0', [first]), entry('2-0', [again])]);
    expect([trusted.map((e) => e.entryId), refused]).toEqual([['2-0'], ['1-0']]);
  });
});
