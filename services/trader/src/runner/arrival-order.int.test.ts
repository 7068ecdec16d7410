import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { toPlain } from '@roottrading/accounting';
import type { AnalysedCandle } from '@roottrading/contracts';
import {
  TradingEngine,
  type CandleEvent,
  type EngineEvent,
  type EngineOutput,
  type ManualOrderEvent,
} from '@roottrading/engine';
import { configOf, eventsOf, minuteArb, plain, settingsArb, SYMBOLS } from '@roottrading/engine/testing';
import { createLogger } from '@roottrading/logger';
import { createTestDatabase, silentLevel } from '@roottrading/testing';
import { seedBalancesIfEmpty } from '../repositories/balances.js';
import { EngineRunner, type Step } from './engine-runner.js';
import { PAPER_LEDGER } from '../ledger/order-ids.js';
import { EntryIntake } from './entry-intake.js';
import { MarketClock } from './market-clock.js';

/** An engine candle event as the analyzer's entry on the bus. */
function entryOf(e: CandleEvent): AnalysedCandle {
  const c = e.candle;
  return {
    candle: {
      symbol: c.symbol,
      interval: '1m',
      startTime: c.openTime,
      closeTime: c.closeTime,
      open: toPlain(c.open),
      high: toPlain(c.high),
      low: toPlain(c.low),
      close: toPlain(c.close),
      volume: '1',
      source: 'replay',
    },
    signals: e.signals.map((s) => ({
      id: s.id,
      strategy: s.strategy,
      symbol: s.symbol,
      interval: '1m',
      side: s.side,
      timestamp: s.candleOpenTime,
      price: toPlain(c.close),
      metadata: {},
      createdAt: c.closeTime,
      ...s.protection,
    })),
  };
}

/** The runner, keeping every event in the order it was handed them (the order they are stepped in). */
class RecordingRunner extends EngineRunner {
  readonly log: EngineEvent[] = [];
  override run(events: readonly EngineEvent[]): Promise<Step[]> {
    this.log.push(...events);
    return super.run(events);
  }
}

/**
 * Each symbol's entries arrive in their own order, interleaved at random with the other symbol's
 * and with manual orders, in batches of any size. `picks` decides who goes next (symbol 0, 1, or a
 * manual request), `cuts` where a stream read ends.
 */
const arrivalArb = fc.record({
  picks: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 200, maxLength: 200 }),
  cuts: fc.array(fc.boolean(), { minLength: 200, maxLength: 200 }),
});

const logger = createLogger('trader', silentLevel);

describe('the runner fed analysed candles in any arrival order', () => {
  it('steps them in market order, commits exactly what the engine computes for that order, and acknowledges each once', async () => {
    await fc.assert(
      fc.asyncProperty(
        settingsArb,
        fc.array(minuteArb, { minLength: 5, maxLength: 25 }),
        arrivalArb,
        async (settings, minutes, arrival) => {
          const config = configOf(settings);
          const events = [...eventsOf(TradingEngine.create(config), minutes, { limits: true })];
          const candles = events.filter((e): e is CandleEvent => e.type === 'candle');
          const manual = events.filter((e): e is ManualOrderEvent => e.type === 'manual-order');
          const tdb = await createTestDatabase();
          try {
            await tdb.db
              .transaction()
              .execute((tx) =>
                seedBalancesIfEmpty(tx, new Map([...config.startingBalances].map(([a, v]) => [a, toPlain(v)]))),
              );
            const runner = new RecordingRunner({
              db: tdb.db,
              engine: TradingEngine.create(config),
              logger,
              scope: PAPER_LEDGER,
            });
            const committed: EngineOutput[] = [];
            runner.onCommitted(({ outputs }) => committed.push(...outputs));
            const clock = new MarketClock(() => runner.state);
            const acked: string[] = [];
            const intake = new EntryIntake({
              runner,
              symbols: SYMBOLS,
              logger,
              clockOf: (entry) => clock.entryTime(entry),
              ack: async (ids) => void acked.push(...ids),
              waitMs: 60_000,
              // The random walk's low prices jump past any limit; the order of arrival is what is tested.
              checks: { maxJumpPct: '0' },
            });

            const queues = SYMBOLS.map((s) =>
              candles.filter((c) => c.candle.symbol === s).map((c, i) => ({ value: entryOf(c), entryId: `${s}-${i}` })),
            );
            let batch: { value: AnalysedCandle; entryId: string }[] = [];
            const flush = async () => {
              if (batch.length > 0) acked.push(...(await intake.handle(batch)));
              batch = [];
            };
            for (let i = 0; queues.some((q) => q.length > 0) || manual.length > 0; i++) {
              const pick = arrival.picks[i % arrival.picks.length]!;
              if (pick === 2 && manual.length > 0) {
                // A manual request is handled after what the stream has handed in so far, at the market clock.
                await flush();
                await runner.run([{ ...manual.shift()!, at: clock.eventTime() }]);
              } else {
                const q = queues[pick % 2]!.length > 0 ? queues[pick % 2]! : queues[(pick + 1) % 2]!;
                const next = q.shift();
                if (next) batch.push(next);
                if (arrival.cuts[i % arrival.cuts.length]) await flush();
              }
              if (manual.length > 0 && queues.every((q) => q.length === 0)) manual.splice(0);
            }
            await flush();

            // Every candle stepped once, in market order, whatever the arrival.
            const stepped = runner.log.filter((e): e is CandleEvent => e.type === 'candle');
            expect(stepped.map((e) => [e.candle.symbol, e.candle.openTime])).toEqual(
              candles.map((e) => [e.candle.symbol, e.candle.openTime]),
            );
            expect(intake.pending).toBe(0);
            expect(new Set(acked).size).toBe(candles.length);
            expect(acked).toHaveLength(candles.length);
            // What was committed is what the engine computes for the stepped order, output for output.
            expect(plain(committed)).toEqual(plain(TradingEngine.create(config).run(runner.log)));
          } finally {
            await tdb.drop();
          }
        },
      ),
      { numRuns: 12, endOnFailure: true },
    );
  }, 180_000);
});
