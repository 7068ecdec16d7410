import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { ConfigError, parseEnv } from './env.js';
import { bool, commonEnv, int, port } from './fields.js';

const schema = z.object({ ...commonEnv, PORT: port(5000), WINDOW: int(14, 2, 500), FLAG: bool(false) });

describe('parseEnv', () => {
  it('applies defaults', () => {
    const env = parseEnv(schema, {});
    expect(env.PORT).toBe(5000);
    expect(env.SYMBOLS).toEqual(['BTC/USDC']);
    expect(env.TRADING_MODE).toBe('demo');
    expect(env.BUS_NAMESPACE).toBe('');
    expect(env.FLAG).toBe(false);
    expect(env.CANDLE_MAX_JUMP).toBe('20');
  });

  it('reads CANDLE_MAX_JUMP as exact percent text, with or without the sign', () => {
    expect(parseEnv(schema, { CANDLE_MAX_JUMP: '12.50%' }).CANDLE_MAX_JUMP).toBe('12.5');
    expect(parseEnv(schema, { CANDLE_MAX_JUMP: '35' }).CANDLE_MAX_JUMP).toBe('35');
    expect(parseEnv(schema, { CANDLE_MAX_JUMP: '0' }).CANDLE_MAX_JUMP).toBe('0');
    expect(parseEnv(schema, { CANDLE_MAX_JUMP: '100.0' }).CANDLE_MAX_JUMP).toBe('100');
  });

  it('parses symbols in slash or compact form', () => {
    expect(parseEnv(schema, { SYMBOLS: 'btc/usdc, ETHUSDT ,BTC/USDC' }).SYMBOLS).toEqual(['BTC/USDC', 'ETH/USDT']);
  });

  it.each([
    [{ WINDOW: 'abc' }, /^config: WINDOW must be a whole number from 2 to 500 \(got "abc"\)$/],
    [{ PORT: '70000' }, /^config: PORT must be a port from 0 to 65535 \(got "70000"\)$/],
    [{ REDIS_URL: 'http://x' }, /^config: REDIS_URL must be a redis or rediss URL/],
    [{ SYMBOLS: 'BTC-' }, /^config: SYMBOLS must be a comma-separated list/],
    [{ TRADING_MODE: 'paper' }, /^config: TRADING_MODE must be demo or live \(got "paper"\)$/],
    [{ FLAG: 'maybe' }, /^config: FLAG must be true or false/],
    [{ CANDLE_MAX_JUMP: '150' }, /^config: CANDLE_MAX_JUMP must be a percentage from 0 to 100/],
    [{ CANDLE_MAX_JUMP: '-5%' }, /^config: CANDLE_MAX_JUMP must be a percentage from 0 to 100/],
    [{ CANDLE_MAX_JUMP: '0.2x' }, /^config: CANDLE_MAX_JUMP must be a percentage from 0 to 100/],
  ])('stops on %j with one line naming the variable', (env, message) => {
    expect(() => parseEnv(schema, env)).toThrow(ConfigError);
    expect(() => parseEnv(schema, env)).toThrow(message);
  });

  it('reads BUS_SECRET: unset or empty is no secret, a short one stops with its name and never its value', () => {
    expect(parseEnv(schema, {}).BUS_SECRET).toBeUndefined();
    expect(parseEnv(schema, { BUS_SECRET: '' }).BUS_SECRET).toBeUndefined();
    const secret = 'a'.repeat(32);
    expect(parseEnv(schema, { BUS_SECRET: secret }).BUS_SECRET).toBe(secret);
    expect(() => parseEnv(schema, { BUS_SECRET: 'short-secret' })).toThrow(
      'config: BUS_SECRET must be at least 32 characters (e.g. openssl rand -hex 32), or unset for unsigned messages (got "[redacted]")',
    );
    expect(() => parseEnv(schema, { BUS_SECRET: ` ${secret}` })).toThrow(/^config: BUS_SECRET must not start or end/);
  });

  it('never echoes a secret', () => {
    const secret = z.object({ API_SECRET: z.string().min(20, 'must be at least 20 characters') });
    expect(() => parseEnv(secret, { API_SECRET: 'hunter2' })).toThrow('(got "[redacted]")');
  });
});
