import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { commonEnv, ConfigError, parseEnv } from '@roottrading/config';
import { assertLiveReady, liveEnv, liveModeProblem } from './live-config.js';

const schema = z.object({ ...commonEnv, ...liveEnv });
const TOKEN = 'f'.repeat(48);
const complete = {
  TRADING_MODE: 'live',
  EXCHANGE_API_KEY: 'key-abcdefgh',
  EXCHANGE_API_SECRET: 'secret-abcdefgh',
  LIVE_TRADING_CONFIRM: 'yes',
  TRADER_API_TOKEN: TOKEN,
};
const problem = (env: Record<string, string>) => liveModeProblem(parseEnv(schema, env));

describe('live config', () => {
  it('needs nothing in demo mode, and has defaults for every live setting', () => {
    const c = parseEnv(schema, {});
    expect(liveModeProblem(c)).toBeUndefined();
    expect(c).toMatchObject({
      EXCHANGE: 'binance',
      EXCHANGE_TESTNET: false,
      CCXT_TIMEOUT_MS: 10_000,
      LIVE_RECV_WINDOW_MS: 5_000,
      LIVE_BREAKER_THRESHOLD: 5,
      LIVE_BREAKER_COOLDOWN: 60_000,
      LIVE_RECONCILE_LOOKBACK: 86_400_000,
    });
  });

  it('lets live mode start with keys, the confirmation and a token', () => {
    expect(problem(complete)).toBeUndefined();
    expect(() => assertLiveReady(parseEnv(schema, complete))).not.toThrow();
  });

  it.each([
    [
      { EXCHANGE_API_KEY: '' },
      'config: TRADING_MODE=live needs EXCHANGE_API_KEY (set it, or TRADING_MODE=demo to paper-trade)',
    ],
    [
      { EXCHANGE_API_KEY: '', EXCHANGE_API_SECRET: ' ' },
      'config: TRADING_MODE=live needs EXCHANGE_API_KEY, EXCHANGE_API_SECRET (set them, or TRADING_MODE=demo to paper-trade)',
    ],
    [
      { LIVE_TRADING_CONFIRM: 'true' },
      'config: TRADING_MODE=live needs LIVE_TRADING_CONFIRM=yes (set it, or TRADING_MODE=demo to paper-trade)',
    ],
    [
      { TRADER_API_TOKEN: '' },
      'config: TRADING_MODE=live needs TRADER_API_TOKEN (set it, or TRADING_MODE=demo to paper-trade)',
    ],
    [
      { TRADER_API_TOKEN: 'short-token' },
      'config: TRADER_API_TOKEN must be at least 24 characters in live mode (e.g. openssl rand -hex 24)',
    ],
    [
      { EXCHANGE: 'kraken' },
      'config: TRADING_MODE=live supports EXCHANGE=binance only (got "kraken"); set TRADING_MODE=demo to paper-trade',
    ],
  ])('refuses %j with one line saying what is missing', (over, message) => {
    const env = { ...complete, ...over };
    expect(problem(env)).toBe(message);
    expect(() => assertLiveReady(parseEnv(schema, env))).toThrow(ConfigError);
  });

  it('names everything missing at once, and never echoes a value', () => {
    const message = problem({ TRADING_MODE: 'live', EXCHANGE_API_KEY: 'key-abcdefgh' })!;
    expect(message).toBe(
      'config: TRADING_MODE=live needs EXCHANGE_API_SECRET, LIVE_TRADING_CONFIRM=yes, TRADER_API_TOKEN (set them, or TRADING_MODE=demo to paper-trade)',
    );
    expect(message).not.toContain('key-abcdefgh');
    expect(message.split('\n')).toHaveLength(1);
  });

  it('reports a bad live setting the usual way, naming the variable', () => {
    expect(() => parseEnv(schema, { CCXT_URLS_JSON: '[1]' })).toThrow(
      /^config: CCXT_URLS_JSON must be a JSON object like \{"api":\{"public":"http:\/\/…"\}\}/,
    );
    expect(() => parseEnv(schema, { LIVE_BREAKER_COOLDOWN: 'soon' })).toThrow(
      /^config: LIVE_BREAKER_COOLDOWN must be a duration like 300, 300s, 5m, 1h or 7d/,
    );
    expect(
      parseEnv(schema, { CCXT_URLS_JSON: '{"api":{"public":"http://127.0.0.1:1/api/v3"}}' }).CCXT_URLS_JSON,
    ).toEqual({
      api: { public: 'http://127.0.0.1:1/api/v3' },
    });
  });
});
