import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { dec } from '@roottrading/accounting';
import { commonEnv, parseEnv } from '@roottrading/config';
import { BinanceSpotDouble } from '@roottrading/exchange-double';
import { createLogger } from '@roottrading/logger';
import { manualClientOrderId } from '../orders/client-order-id.js';
import { assertLiveReady, liveEnv } from './live-config.js';
import { createLiveStack, type LiveStack } from './live-stack.js';
import { reconcile } from './reconciliation.js';
import { DOUBLE_KEY, DOUBLE_SECRET, onDouble } from './testing/test-exchange.js';

(onDouble ? describe : describe.skip)('live stack built from the environment', () => {
  let double: BinanceSpotDouble;
  let stack: LiveStack;
  beforeAll(async () => {
    double = await BinanceSpotDouble.start();
    const config = parseEnv(z.object({ ...commonEnv, ...liveEnv }), {
      TRADING_MODE: 'live',
      EXCHANGE_API_KEY: DOUBLE_KEY,
      EXCHANGE_API_SECRET: DOUBLE_SECRET,
      LIVE_TRADING_CONFIRM: 'yes',
      TRADER_API_TOKEN: 'a'.repeat(32),
      CCXT_URLS_JSON: JSON.stringify(double.ccxtUrls()),
      CCXT_TIMEOUT_MS: '2000',
      LIVE_RECV_WINDOW_MS: '1000',
      LIVE_RETRY_BASE_MS: '20',
      LIVE_RETRY_MAX_MS: '200',
    });
    assertLiveReady(config);
    stack = createLiveStack(config, { logger: createLogger('trader', 'silent') });
  });
  afterAll(async () => {
    await stack.close();
    await double.close();
  });

  it('trades through CCXT_URLS_JSON and reports its state for /health without credentials', async () => {
    const outcome = await stack.executor.place({
      clientOrderId: manualClientOrderId(),
      symbol: 'BTC/USDC',
      side: 'BUY',
      type: 'market',
      quantity: dec('0.001'),
      referencePrice: dec('30000'),
    });
    expect(outcome.status).toBe('filled');
    stack.noteReconciliation(
      await reconcile(stack.exchange, {
        symbols: ['BTC/USDC'],
        since: Date.now() - 60_000,
        pending: [],
        isRecorded: () => true,
      }),
    );
    const health = stack.health();
    expect(health).toMatchObject({
      exchange: 'binance',
      testnet: false,
      trading: 'active',
      breaker: { state: 'closed', consecutiveFailures: 0 },
      reconciliation: { fillsToRecord: 0, foreignOpenOrders: [], problems: [] },
    });
    const text = JSON.stringify(health);
    expect(text).not.toContain(DOUBLE_KEY);
    expect(text).not.toContain(DOUBLE_SECRET);
  });
});
