import type { Logger } from '@roottrading/logger';

/** How often the outbox is pruned (wall clock): its rows are small, an hour's growth is nothing. */
export const OUTBOX_PRUNE_EVERY_MS = 60 * 60 * 1000;

interface RelayedIntake {
  relay(idleMs: number): Promise<number>;
  pruneOutbox(keepMs: number): Promise<number>;
}

/**
 * Every `everyMs`, the outbox's tail once the stream has been quiet that long; every hour, the
 * outbox below what the account stepped less `keepMs`, so it holds what a trader may still need
 * and no more. Returns the stop.
 */
export function startOutboxRelay(
  intake: RelayedIntake,
  opts: { everyMs: number; keepMs: number; logger: Logger },
): () => void {
  let lastPrune = Number.NEGATIVE_INFINITY;
  const failed = (what: string) => (err: unknown) =>
    opts.logger.warn({ err: err instanceof Error ? err.message : String(err) }, `${what} failed`);
  const timer = setInterval(() => {
    intake.relay(opts.everyMs).catch(failed('relaying the outbox'));
    if (Date.now() - lastPrune < OUTBOX_PRUNE_EVERY_MS) return;
    lastPrune = Date.now();
    intake
      .pruneOutbox(opts.keepMs)
      .then((n) => {
        if (n > 0)
          opts.logger.info({ deleted: n, keptMs: opts.keepMs }, 'outbox pruned below what the account stepped');
      })
      .catch(failed('pruning the outbox'));
  }, opts.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
