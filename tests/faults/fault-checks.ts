import { sql } from 'kysely';
import type { Db } from '@roottrading/db';
import { waitFor } from '@roottrading/testing';
import type { ReplayStack } from '../e2e/replay-stack.js';

/** Candles the gateway has stored: the run's progress, which survives any service's restart. */
export async function candlesStored(db: Db): Promise<number> {
  const row = await db
    .selectFrom('candles')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Waits until the run has stored `candles` candles (the fault's point in the replay). */
export async function reach(db: Db, candles: number): Promise<void> {
  await waitFor(async () => (await candlesStored(db).catch(() => 0)) >= candles, {
    timeoutMs: 300_000,
    intervalMs: 100,
    what: `${candles} candles stored`,
  });
}

/**
 * Waits until the trader's engine has stepped the last candle of every symbol, read from its own
 * table (engine_candles, written with each candle's orders): a restarted trader's in-memory counters
 * start again from zero, the table does not.
 */
export async function waitForTraderToFinish(db: Db, symbols: number, lastOpenTime: Date): Promise<void> {
  await waitFor(
    async () => {
      const rows = await db.selectFrom('engine_candles').select(['open_time']).execute();
      return rows.length === symbols && rows.every((r) => r.open_time.getTime() === lastOpenTime.getTime());
    },
    { timeoutMs: 600_000, intervalMs: 500, what: 'the trader to step the last candle of every symbol' },
  );
}

/** Signals that got more than one order: an order placed twice is a bug, whatever the fault. */
export async function doubledOrders(db: Db): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from (
      select signal_id from orders where signal_id is not null group by signal_id having count(*) > 1
    ) d`.execute(db);
  return Number(rows[0]!.n);
}

/** Waits until every service answers /health with 200 by itself: ms it took. */
export async function allHealthy(stack: ReplayStack): Promise<number> {
  const t0 = Date.now();
  await waitFor(
    async () => {
      const codes = await Promise.all(
        Object.values(stack.services).map((s) =>
          fetch(s.url('/health')).then(
            (r) => r.status,
            () => 0,
          ),
        ),
      );
      return codes.every((c) => c === 200);
    },
    { timeoutMs: 120_000, intervalMs: 100, what: 'every service healthy again' },
  );
  return Date.now() - t0;
}
