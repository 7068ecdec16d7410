import type { Db } from '@roottrading/db';
import { waitFor, type RunningService } from '@roottrading/testing';

const countOf = async (q: { executeTakeFirstOrThrow(): Promise<{ n: string }> }) =>
  Number((await q.executeTakeFirstOrThrow()).n);

/**
 * Waits until a max-speed replay has gone all the way through: the gateway has published every
 * candle, the analyzer has handled every one of them (so no more signals can come), and the trader
 * has an order for every stored signal. "Replay done" alone is not enough: the analyzer may still
 * be up to MAX_LAG candles behind the gateway.
 */
export async function waitForReplayToSettle(
  db: Db,
  services: { gateway: RunningService; analyzer: RunningService },
  candles: number,
): Promise<{ signals: number }> {
  const health = async (svc: RunningService) =>
    (await (await fetch(svc.url('/health'))).json()) as {
      details: { replay?: { done?: boolean }; candlesProcessed?: number };
    };
  await waitFor(async () => (await health(services.gateway)).details.replay?.done === true, {
    timeoutMs: 600_000,
    intervalMs: 500,
    what: 'the replay to finish',
  });
  await waitFor(async () => (await health(services.analyzer)).details.candlesProcessed === candles, {
    timeoutMs: 300_000,
    intervalMs: 250,
    what: `the analyzer to handle all ${candles} candles`,
  });
  const signals = await countOf(db.selectFrom('signals').select((eb) => eb.fn.countAll<string>().as('n')));
  await waitFor(
    async () =>
      (await countOf(
        db
          .selectFrom('orders')
          .where('signal_id', 'is not', null)
          .select((eb) => eb.fn.countAll<string>().as('n')),
      )) === signals,
    { timeoutMs: 300_000, intervalMs: 500, what: 'one order per signal' },
  );
  return { signals };
}
