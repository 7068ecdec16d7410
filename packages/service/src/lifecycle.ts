import type { Logger } from '@roottrading/logger';

/**
 * Runs `stop` once on SIGTERM or SIGINT and exits when it resolves; if it has not within
 * `graceMs` the process exits anyway, so `docker stop` never has to kill it.
 */
export function stopOnSignals(logger: Logger, stop: () => Promise<void>, graceMs = 9_000): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    const timer = setTimeout(() => {
      logger.error({ graceMs }, 'did not stop in time; exiting');
      process.exit(1);
    }, graceMs);
    timer.unref();
    stop().then(
      () => {
        logger.info('stopped');
        logger.flush?.();
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** For every entry point: a start-up failure (bad config, unreachable port) is one log line and exit 1. */
export async function runMain(logger: Logger, main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (err) {
    logger.fatal({ err: err instanceof Error ? err.message : String(err) }, 'failed to start');
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 200).unref();
  }
}
