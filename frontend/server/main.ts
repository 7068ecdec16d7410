import { loadDotEnv, parseEnv } from '@roottrading/config';
import { createLogger } from '@roottrading/logger';
import { startWebServer } from './app.js';
import { frontendEnvSchema } from './config.js';
import { runMain, stopOnSignals } from '@roottrading/service';

loadDotEnv([process.cwd(), '..']);
const logger = createLogger('frontend', process.env.LOG_LEVEL);
await runMain(logger, async () => {
  const config = parseEnv(frontendEnvSchema);
  const server = await startWebServer(config, { logger });
  stopOnSignals(logger, server.stop);
});
