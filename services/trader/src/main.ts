import { loadDotEnv } from '@roottrading/config';
import { createLogger } from '@roottrading/logger';
import { runMain, stopOnSignals } from '@roottrading/service';
import { loadTraderConfig } from './config.js';
import { startLiveTrader } from './live/live-trader.js';
import { startTrader } from './service.js';

loadDotEnv([process.cwd(), '../..']);
const logger = createLogger('trader', process.env.LOG_LEVEL);

await runMain(logger, async () => {
  const config = loadTraderConfig();
  const svc =
    config.TRADING_MODE === 'live' ? await startLiveTrader(config, { logger }) : await startTrader(config, { logger });
  stopOnSignals(logger, svc.stop);
});
