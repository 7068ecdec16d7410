import type { Logger } from '@roottrading/logger';

/** How often a supervised service checks that the process that started it is still there. */
const PARENT_CHECK_MS = 500;

/**
 * Runs `stop` once on SIGTERM or SIGINT and exits when it resolves; if it has not within
 * `graceMs` the process exits anyway, so `docker stop` never has to kill it. Started by
 * `pnpm start` (which sets RT_PARENT_PID to its own pid), a service also stops once that process
 * is gone, however it went — killed outright, it could not have told anyone.
 */
export function stopOnSignals(logger: Logger, stop: () => Promise<void>, graceMs = 9_000): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals | 'parent gone') => {
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
  const parent = supervisorPid(process.env.RT_PARENT_PID);
  if (parent !== undefined) {
    // An orphan is handed to another parent (init or a subreaper): the pid changes.
    setInterval(() => {
      if (process.ppid !== parent) onSignal('parent gone');
    }, PARENT_CHECK_MS).unref();
  }
}

/** RT_PARENT_PID as a pid; unset or anything else is ignored (the service then stops on signals only). */
export function supervisorPid(value: string | undefined): number | undefined {
  if (value === undefined || !/^[1-9][0-9]{0,9}$/.test(value)) return undefined;
  const pid = Number(value);
  return pid > 1 ? pid : undefined;
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
