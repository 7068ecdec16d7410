import { afterAll, describe, expect, it } from '@jest/globals';
import { toPlain } from '@roottrading/accounting';
import { TradingEngine, type EngineCandle, type EngineEvent, type EngineOutput } from '@roottrading/engine';
import { at, candle, flat, testConfig, trades } from '@roottrading/engine/testing';
import { createTestDatabase, type TestDatabase } from '@roottrading/testing';
import { seedBalancesIfEmpty } from '../repositories/balances.js';
import { commitOutputs } from './commit-outputs.js';
import { loadEngineState } from './load-state.js';

const opened: TestDatabase[] = [];
afterAll(async () => {
  for (const t of opened) await t.drop();
});

/** Steps events and commits their outputs as the runner does, one batch. */
async function stepAndCommit(tdb: TestDatabase, engine: TradingEngine, events: EngineEvent[]): Promise<EngineOutput[]> {
  const outputs: EngineOutput[] = [];
  const candles: EngineCandle[] = [];
  for (const e of events) {
    outputs.push(...engine.step(e));
    if (e.type === 'candle') candles.push(e.candle);
  }
  await tdb.db.transaction().execute((tx) => commitOutputs(tx, { outputs, candles, marks: engine.state.marks }));
  return outputs;
}

describe('the engine exits across a trader restart (PostgreSQL)', () => {
  it('keeps the partial take-profit taken, the rest of its protections and the entry candle of the time stop', async () => {
    const tdb = await createTestDatabase();
    opened.push(tdb);
    const config = testConfig();
    await tdb.db
      .transaction()
      .execute((tx) => seedBalancesIfEmpty(tx, new Map([...config.startingBalances].map(([a, v]) => [a, toPlain(v)]))));
    const protection = { partialTakeProfit: { price: '105', fraction: '0.5' }, timeStop: 4, stopLoss: '90' };
    const engine = TradingEngine.create(config);
    const before = await stepAndCommit(tdb, engine, [
      flat(0, 100, { signals: [{ side: 'BUY', protection }] }),
      candle({ minute: 1, open: 101, high: 106, low: 101, close: 104 }),
    ]);
    expect(trades(before).map((t) => t.exitReason)).toEqual([null, 'partial_take_profit']);

    const loaded = await loadEngineState(tdb.db, config);
    const [position] = [...loaded.positions.values()];
    expect(position).toMatchObject({ partialTaken: true, entryCandle: at(0) });
    expect(position!.protection.timeStop).toBe(4);
    expect(position!.protection.partial && toPlain(position!.protection.partial.price)).toBe('105');
    expect(toPlain(position!.life.holding.quantity)).toBe('0.5');

    // Restarted: above the level again, no second partial; the time stop sells the rest at minute 4's close.
    const restarted = TradingEngine.create(config, loaded);
    const after = await stepAndCommit(tdb, restarted, [
      candle({ minute: 2, open: 104, high: 107, low: 104, close: 106 }),
      flat(3, 106),
      flat(4, 103),
    ]);
    expect(trades(after).map((t) => [toPlain(t.quantity), t.exitReason, t.time])).toEqual([
      ['0.5', 'time_stop', at(5) - 1],
    ]);
    const closed = await tdb.db.selectFrom('closed_positions').select(['exit_reason']).execute();
    expect(closed).toEqual([{ exit_reason: 'time_stop' }]);
    const exits = await tdb.db.selectFrom('trades').select('exit_reason').orderBy('id').execute();
    expect(exits.map((r) => r.exit_reason)).toEqual([null, 'partial_take_profit', 'time_stop']);
  });
});
