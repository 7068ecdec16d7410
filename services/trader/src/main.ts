import { loadDotEnv } from '@roottrading/config';
import { createLogger } from '@roottrading/logger';
import { runMain, stopOnSignals } from '@roottrading/service';
import { loadTraderConfig } from './config.js';
import { startTrader } from './service.js';

loadDotEnv([process.cwd(), '../..']);
const logger = createLogger('trader', process.env.LOG_LEVEL);

await runMain(logger, async () => {
  const config = loadTraderConfig();
  const svc = await startTrader(config, { logger });
  stopOnSignals(logger, svc.stop);
});
