import { loadDotEnv } from '@roottrading/config';
import { createLogger } from '@roottrading/logger';
import { runMain, stopOnSignals } from '@roottrading/service';
import { loadBacktestConfig } from './config.js';
import { startBacktestService } from './service.js';

loadDotEnv([process.cwd(), '../..']);
const logger = createLogger('backtest', process.env.LOG_LEVEL);
await runMain(logger, async () => {
  const service = await startBacktestService(loadBacktestConfig(), { logger });
  stopOnSignals(logger, service.stop);
});
