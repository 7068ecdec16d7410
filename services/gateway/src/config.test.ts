import { describe, expect, it } from '@jest/globals';
import { parseEnv } from '@roottrading/config';
import { gatewayEnvSchema } from './config.js';

describe('gateway config', () => {
  it('has working defaults', () => {
    const c = parseEnv(gatewayEnvSchema, {});
    expect(c).toMatchObject({
      GATEWAY_PORT: 5010,
      MARKET_SOURCE: 'ccxt',
      EXCHANGE: 'binance',
      MARKET_SPEED: 1,
      SYNTHETIC_SEED: 42,
      MAX_LAG: 500,
      PACER_STALL_MS: 30_000,
      CANDLE_BATCH_SIZE: 500,
      SYMBOLS: ['BTC/USDC'],
    });
  });

  it('reads MARKET_SPEED as a positive number or max', () => {
    expect(parseEnv(gatewayEnvSchema, { MARKET_SPEED: 'max' }).MARKET_SPEED).toBe('max');
    expect(parseEnv(gatewayEnvSchema, { MARKET_SPEED: '60' }).MARKET_SPEED).toBe(60);
    expect(() => parseEnv(gatewayEnvSchema, { MARKET_SPEED: '0' })).toThrow(
      /^config: MARKET_SPEED must be a positive number/,
    );
    expect(() => parseEnv(gatewayEnvSchema, { MARKET_SPEED: 'fast' })).toThrow(/MARKET_SPEED .*\(got "fast"\)/);
  });

  it('requires REPLAY_DIR for a replay, naming it', () => {
    expect(() => parseEnv(gatewayEnvSchema, { MARKET_SOURCE: 'replay' })).toThrow(
      'config: REPLAY_DIR must name a directory of candle files when MARKET_SOURCE=replay (it is not set)',
    );
    expect(parseEnv(gatewayEnvSchema, { MARKET_SOURCE: 'replay', REPLAY_DIR: '/data' }).REPLAY_DIR).toBe('/data');
  });

  it('names the variable at fault in one line', () => {
    expect(() => parseEnv(gatewayEnvSchema, { MARKET_SOURCE: 'kraken' })).toThrow(
      /^config: MARKET_SOURCE must be ccxt, replay or synthetic/,
    );
    expect(() => parseEnv(gatewayEnvSchema, { CCXT_URLS_JSON: '[1]' })).toThrow(
      /^config: CCXT_URLS_JSON must be a JSON object/,
    );
    expect(() => parseEnv(gatewayEnvSchema, { MAX_LAG: '0' })).toThrow(/^config: MAX_LAG must be a whole number/);
    expect(() => parseEnv(gatewayEnvSchema, { SYNTHETIC_TICK: '0' })).toThrow(
      /^config: SYNTHETIC_TICK must be greater than zero/,
    );
  });

  it('parses the ccxt URL override and the synthetic start time', () => {
    const c = parseEnv(gatewayEnvSchema, {
      CCXT_URLS_JSON: '{"api":{"public":"http://127.0.0.1:1/api/v3"}}',
      SYNTHETIC_START_TIME: '2023-03-01T00:00:00Z',
    });
    expect(c.CCXT_URLS_JSON).toEqual({ api: { public: 'http://127.0.0.1:1/api/v3' } });
    expect(c.SYNTHETIC_START_TIME).toBe(Date.UTC(2023, 2, 1));
    expect(parseEnv(gatewayEnvSchema, { SYNTHETIC_START_TIME: 'now' }).SYNTHETIC_START_TIME).toBe('now');
  });
});
