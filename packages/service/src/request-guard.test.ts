import { describe, expect, it } from '@jest/globals';
import { accessRules, hostName, pageOrigins, refusalOf } from './request-guard.js';

const rules = accessRules({
  FRONTEND_PORT: 3000,
  ALLOWED_HOSTS: ['trading.example.com'],
  ALLOWED_ORIGINS: ['https://trading.example.com'],
});
const post = (host: string | undefined, origin?: string) => refusalOf(rules, { method: 'POST', host, origin });

describe('hostName', () => {
  it.each([
    ['localhost:3000', 'localhost'],
    ['127.0.0.1', '127.0.0.1'],
    ['[::1]:5002', '[::1]'],
    ['Trader:5002', 'trader'],
    ['localhost.:3000', 'localhost'],
    ['::1', undefined],
    ['a:b:c', undefined],
    ['user@localhost', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %j', (header, name) => {
    expect(hostName(header)).toBe(name);
  });
});

describe('refusalOf', () => {
  it('serves loopback, the docker-compose names and ALLOWED_HOSTS on any port', () => {
    for (const host of [
      'localhost:3000',
      '127.0.0.1:5002',
      '[::1]',
      'trader:5002',
      'frontend',
      'trading.example.com:443',
    ])
      expect([host, post(host)]).toEqual([host, undefined]);
  });

  it('refuses any other Host, or none, with 421 — reads too', () => {
    expect(post('attacker.example')).toEqual({
      status: 421,
      error: 'Host "attacker.example" refused: this server answers only its own host names (see ALLOWED_HOSTS)',
    });
    expect(refusalOf(rules, { method: 'GET', host: 'attacker.example:5002', origin: undefined })?.status).toBe(421);
    expect(post('localhost.attacker.example')?.status).toBe(421);
    expect(post(undefined)?.error).toMatch(/^no Host header refused/);
  });

  it('takes writes from the page, ALLOWED_ORIGINS and callers without an Origin only', () => {
    for (const origin of [...pageOrigins(3000), 'https://trading.example.com', undefined])
      expect([origin, post('localhost:3000', origin)]).toEqual([origin, undefined]);
    expect(post('localhost:3000', 'http://attacker.example')).toEqual({
      status: 403,
      error: 'cross-origin POST refused: Origin "http://attacker.example" is not allowed (see ALLOWED_ORIGINS)',
    });
    // Another port on loopback is another origin (another program's page).
    expect(post('localhost:3000', 'http://localhost:8080')?.status).toBe(403);
    expect(post('localhost:3000', 'null')?.status).toBe(403);
    expect(refusalOf(rules, { method: 'DELETE', host: 'trader', origin: 'http://trading.example.com' })?.status).toBe(
      403,
    );
  });

  it('lets reads and preflights through whatever their Origin', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS'])
      expect(refusalOf(rules, { method, host: 'localhost', origin: 'http://attacker.example' })).toBeUndefined();
  });
});
