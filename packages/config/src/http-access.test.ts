import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { ConfigError, parseEnv } from './env.js';
import { httpAccessEnv, originOf } from './http-access.js';

const schema = z.object(httpAccessEnv);

describe('httpAccessEnv', () => {
  it('adds nothing by default, and the web page is on 3000', () => {
    expect(parseEnv(schema, {})).toEqual({ FRONTEND_PORT: 3000, ALLOWED_HOSTS: [], ALLOWED_ORIGINS: [] });
  });

  it('reads host names, IPs and bracketed IPv6, lower-cased, once each', () => {
    const env = parseEnv(schema, {
      ALLOWED_HOSTS: ' Trading.Example.com, 192.168.1.20,[fd00::5],trading.example.com.',
    });
    expect(env.ALLOWED_HOSTS).toEqual(['trading.example.com', '192.168.1.20', '[fd00::5]']);
  });

  it('reads origins as a browser sends them', () => {
    const env = parseEnv(schema, {
      ALLOWED_ORIGINS: 'https://Trading.Example.com/, http://192.168.1.20:3000,https://trading.example.com:443',
    });
    expect(env.ALLOWED_ORIGINS).toEqual(['https://trading.example.com', 'http://192.168.1.20:3000']);
  });

  it.each([
    [
      { ALLOWED_HOSTS: 'http://trading.example.com' },
      /^config: ALLOWED_HOSTS must be a comma-separated list of host names/,
    ],
    [{ ALLOWED_HOSTS: 'trading.example.com:3000' }, /\("trading.example.com:3000" is not\)/],
    [{ ALLOWED_HOSTS: 'a b' }, /ALLOWED_HOSTS .*\(got "a b"\)$/],
    [{ ALLOWED_ORIGINS: 'trading.example.com' }, /^config: ALLOWED_ORIGINS must be a comma-separated list of origins/],
    [{ ALLOWED_ORIGINS: 'https://trading.example.com/app' }, /; "https:\/\/trading.example.com\/app" is not\)/],
    [{ ALLOWED_ORIGINS: 'ftp://trading.example.com' }, /ALLOWED_ORIGINS/],
    [{ FRONTEND_PORT: 'web' }, /^config: FRONTEND_PORT must be a port number/],
  ])('stops on %j with one line naming the variable', (env, message) => {
    expect(() => parseEnv(schema, env)).toThrow(ConfigError);
    expect(() => parseEnv(schema, env)).toThrow(message);
  });
});

describe('originOf', () => {
  it.each([
    ['http://localhost:3000', 'http://localhost:3000'],
    ['http://LOCALHOST:80/', 'http://localhost'],
    ['http://[::1]:3000', 'http://[::1]:3000'],
    ['null', undefined],
    ['http://user@localhost:3000', undefined],
    ['http://localhost:3000/?', undefined],
    ['http://localhost:99999', undefined],
  ])('%s → %s', (value, origin) => {
    expect(originOf(value)).toBe(origin);
  });
});
