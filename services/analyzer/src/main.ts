import { loadDotEnv } from '@roottrading/config';
import { createLogger } from '@roottrading/logger';
import { runMain, stopOnSignals } from '@roottrading/service';
import { parseAnalyzerConfig } from './config.js';
import { startAnalyzer } from './service.js';

loadDotEnv([process.cwd(), '../..']);
const logger = createLogger('analyzer', process.env.LOG_LEVEL);

await runMain(logger, async () => {
  const config = parseAnalyzerConfig(process.env);
  const svc = await startAnalyzer(config, { logger, env: process.env });
  stopOnSignals(logger, svc.stop);
});
