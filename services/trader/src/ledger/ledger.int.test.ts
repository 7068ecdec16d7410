import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { toPlain } from '@roottrading/accounting';
import {
  TradingEngine,
  type EngineCandle,
  type EngineEvent,
  type EngineOutput,
  type EngineState,
} from '@roottrading/engine';
import { configOf, eventsOf, minuteArb, plain, settingsArb } from '@roottrading/engine/testing';
import { createTestDatabase } from '@roottrading/testing';
import { seedBalancesIfEmpty } from '../repositories/balances.js';
import { commitOutputs } from './commit-outputs.js';
import { loadEngineState } from './load-state.js';

/** What must survive a restart, without what only the run's own clock or the database's sets. */
function stored(state: EngineState) {
  const sorted = <T>(m: Map<string, T>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return plain([
    sorted(state.balances),
    sorted(state.positions).map(([, p]) => ({ ...p, exitWhenFreed: p.exitWhenFreed ?? null })),
    sorted(state.orders).map(([, o]) => ({ ...o, source: 'manual' })),
    state.killSwitch,
    state.pauses,
    sorted(state.marks),
    sorted(state.lastCandles),
    state.orderSeq,
    sorted(state.idempotency),
  ]);
}

describe('the engine ledger (PostgreSQL)', () => {
  it('stores each batch of outputs so that the account loaded back is the account stepped, and trades on as it would have', async () => {
    await fc.assert(
      fc.asyncProperty(settingsArb, fc.array(minuteArb, { minLength: 5, maxLength: 40 }), async (settings, minutes) => {
        const config = configOf(settings);
        const tdb = await createTestDatabase();
        try {
          await tdb.db
            .transaction()
            .execute((tx) =>
              seedBalancesIfEmpty(tx, new Map([...config.startingBalances].map(([a, v]) => [a, toPlain(v)]))),
            );
          let engine = TradingEngine.create(config);
          const events = [
            ...eventsOf(
              {
                get state() {
                  return engine.state;
                },
              },
              minutes,
            ),
          ];
          const half = Math.floor(events.length / 2);
          for (let i = 0; i < half; i += 7) {
            // One batch: stepped on a copy, committed in one transaction, then kept.
            const draft = engine.clone();
            const outputs: EngineOutput[] = [];
            const candles: EngineCandle[] = [];
            for (const e of events.slice(i, Math.min(i + 7, half)) as EngineEvent[]) {
              const out = draft.step(e);
              outputs.push(...out);
              if (e.type === 'candle' && !out.some((o) => o.type === 'candle-rejected')) candles.push(e.candle);
            }
            await tdb.db
              .transaction()
              .execute((tx) => commitOutputs(tx, { outputs, candles, marks: draft.state.marks }));
            engine = draft;
          }
          const loaded = await loadEngineState(tdb.db, config);
          expect(stored(loaded)).toEqual(stored(engine.state));
          // A restart here: the restored account trades the rest exactly as the one that never stopped.
          const rest = events.slice(half);
          const unseq = (outputs: readonly EngineOutput[]) => plain(outputs.map(({ seq: _s, ...o }) => o));
          const restored = TradingEngine.create(config, loaded).run(rest);
          expect(unseq(restored)).toEqual(unseq(engine.run(rest)));
        } finally {
          await tdb.drop();
        }
      }),
      { numRuns: 15, endOnFailure: true },
    );
  }, 120_000);
});
