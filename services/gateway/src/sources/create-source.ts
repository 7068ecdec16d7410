import { intervalToMs } from '@roottrading/contracts';
import type { Logger } from '@roottrading/logger';
import type { GatewayConfig } from '../config.js';
import { CcxtSource } from './ccxt.js';
import { ReplaySource } from './replay.js';
import type { CandleSource } from './source.js';
import { SyntheticSource } from './synthetic.js';

/** The source MARKET_SOURCE names, configured from the environment. */
export function createSource(config: GatewayConfig, logger: Logger): CandleSource {
  const base = {
    symbols: config.SYMBOLS,
    interval: config.INTERVAL,
    intervalMs: intervalToMs(config.INTERVAL),
    logger,
  };
  switch (config.MARKET_SOURCE) {
    case 'replay':
      return new ReplaySource({ ...base, dir: config.REPLAY_DIR! });
    case 'synthetic':
      return new SyntheticSource({
        ...base,
        seed: config.SYNTHETIC_SEED,
        startPrice: config.SYNTHETIC_START_PRICE,
        tick: config.SYNTHETIC_TICK,
        volatility: config.SYNTHETIC_VOLATILITY,
        startTime: config.SYNTHETIC_START_TIME,
        count: config.SYNTHETIC_COUNT,
      });
    case 'ccxt':
      return new CcxtSource({
        ...base,
        exchange: config.EXCHANGE,
        urls: config.CCXT_URLS_JSON,
        websocket: config.CCXT_WS,
        pollMs: config.CCXT_POLL_MS,
        backoffMs: config.CCXT_BACKOFF_MS,
        backoffMaxMs: config.CCXT_BACKOFF_MAX_MS,
        timeoutMs: config.CCXT_TIMEOUT_MS,
      });
  }
}
