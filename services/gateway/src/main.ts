import { loadDotEnv, parseEnv } from '@roottrading/config';
import { createLogger } from '@roottrading/logger';
import { runMain, stopOnSignals } from '@roottrading/service';
import { gatewayEnvSchema } from './config.js';
import { startGateway } from './service.js';

loadDotEnv([process.cwd(), '../..']);
const logger = createLogger('gateway', process.env.LOG_LEVEL);
await runMain(logger, async () => {
  const config = parseEnv(gatewayEnvSchema);
  const service = await startGateway(config, { logger });
  stopOnSignals(logger, service.stop);
});
