import { loadDotEnv, parseEnv } from '@roottrading/config';
import { createLogger } from '@roottrading/logger';
import { runMain, stopOnSignals } from '@roottrading/service';
import { portfolioEnvSchema } from './config.js';
import { startPortfolio } from './service.js';

loadDotEnv([process.cwd(), '../..']);
const logger = createLogger('portfolio', process.env.LOG_LEVEL);
await runMain(logger, async () => {
  const config = parseEnv(portfolioEnvSchema);
  const service = await startPortfolio(config, { logger });
  stopOnSignals(logger, service.stop);
});
