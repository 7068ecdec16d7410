import type { Logger } from '@roottrading/logger';
import { CcxtExchangeClient } from './ccxt-client.js';
import { CircuitBreaker } from './circuit-breaker.js';
import type { ExchangeClient } from './exchange-client.js';
import { GuardedExchange } from './guarded-exchange.js';
import type { LiveEnv } from './live-config.js';
import { LiveExecutor } from './live-executor.js';
import { describeReconciliation, type ReconcileResult } from './reconciliation.js';

export interface LiveStack {
  client: ExchangeClient;
  breaker: CircuitBreaker;
  exchange: GuardedExchange;
  executor: LiveExecutor;
  /** Keep the last reconciliation's summary for /health. */
  noteReconciliation(result: ReconcileResult): void;
  /** What /health shows in live mode (no credentials, no whole exchange objects). */
  health(): Record<string, unknown>;
  close(): Promise<void>;
}

/**
 * Builds the live exchange access from the parsed config: one ccxt client (one rate limiter for
 * the exchange), one circuit breaker, the guarded access every caller shares, and the executor.
 * Call assertLiveReady() first: this assumes the key and secret are there.
 */
export function createLiveStack(
  config: LiveEnv,
  opts: { logger: Logger; client?: ExchangeClient; now?: () => number; sleep?: (ms: number) => Promise<void> },
): LiveStack {
  const { logger } = opts;
  const client =
    opts.client ??
    CcxtExchangeClient.binance({
      apiKey: config.EXCHANGE_API_KEY ?? '',
      secret: config.EXCHANGE_API_SECRET ?? '',
      timeoutMs: config.CCXT_TIMEOUT_MS,
      recvWindowMs: config.LIVE_RECV_WINDOW_MS,
      testnet: config.EXCHANGE_TESTNET,
      urls: config.CCXT_URLS_JSON,
      now: opts.now,
    });
  const breaker = new CircuitBreaker({
    threshold: config.LIVE_BREAKER_THRESHOLD,
    cooldownMs: config.LIVE_BREAKER_COOLDOWN,
    now: opts.now,
    onChange: (state, why) =>
      (state === 'open' ? logger.error.bind(logger) : logger.warn.bind(logger))(
        { breaker: state, why },
        `exchange circuit breaker ${state}`,
      ),
  });
  const backoff = {
    attempts: config.LIVE_RETRY_ATTEMPTS,
    baseMs: config.LIVE_RETRY_BASE_MS,
    maxMs: config.LIVE_RETRY_MAX_MS,
  };
  const exchange = new GuardedExchange(client, { retry: backoff, breaker, logger, sleep: opts.sleep });
  const executor = new LiveExecutor({
    exchange,
    recvWindowMs: config.LIVE_RECV_WINDOW_MS,
    backoff,
    fillTimeoutMs: config.LIVE_FILL_TIMEOUT,
    lookupTimeoutMs: config.LIVE_LOOKUP_TIMEOUT,
    logger,
    now: opts.now,
    sleep: opts.sleep,
  });
  let lastReconciliation: ReturnType<typeof describeReconciliation> | null = null;
  return {
    client,
    breaker,
    exchange,
    executor,
    noteReconciliation: (result) => {
      lastReconciliation = describeReconciliation(result, (opts.now ?? Date.now)());
    },
    health: () => ({
      exchange: client.id,
      testnet: config.EXCHANGE_TESTNET,
      // Trading is paused while the breaker is not closed.
      trading: breaker.state === 'closed' ? 'active' : 'paused',
      breaker: breaker.status(),
      reconciliation: lastReconciliation,
    }),
    close: () => client.close(),
  };
}
