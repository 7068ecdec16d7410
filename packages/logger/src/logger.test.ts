import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { createLogger, isSecretName, logBufferOf, LogBuffer, maskSetting, redactUrl, secretValues } from './index.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const dest = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, dest };
}

describe('logger', () => {
  it('writes one JSON line per event with the service name and never a secret', async () => {
    const { lines, dest } = capture();
    const log = createLogger('trader', 'info', dest);
    log.info({ exchange: { apiKey: 'AKIA123', secret: 's3cr3t', name: 'binance' }, token: 'abc' }, 'connected');
    log.debug('hidden at info');
    await new Promise((r) => setImmediate(r));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'info', service: 'trader', msg: 'connected', token: '[redacted]' });
    expect(lines[0]!.exchange).toEqual({ apiKey: '[redacted]', secret: '[redacted]', name: 'binance' });
    expect(JSON.stringify(lines)).not.toMatch(/AKIA123|s3cr3t/);
  });

  it('never writes BUS_SECRET, on its own or inside a config', async () => {
    const { lines, dest } = capture();
    const log = createLogger('analyzer', 'info', dest);
    log.info({ BUS_SECRET: 'bus-secret-value', config: { BUS_SECRET: 'bus-secret-value' } }, 'config');
    await new Promise((r) => setImmediate(r));
    expect(lines[0]).toMatchObject({ BUS_SECRET: '[redacted]', config: { BUS_SECRET: '[redacted]' } });
    expect(JSON.stringify(lines)).not.toMatch(/bus-secret-value/);
  });

  it('hides passwords in connection URLs', () => {
    expect(redactUrl('redis://:pw@redis:6379')).toBe('redis://:***@redis:6379');
    expect(redactUrl('postgres://postgres@127.0.0.1:5432/rt')).toBe('postgres://postgres@127.0.0.1:5432/rt');
  });
});

describe('log buffer', () => {
  it('keeps every line the logger and its children write, redacted, and reads after a cursor by level', async () => {
    const { dest } = capture();
    const log = createLogger('portfolio', 'debug', dest);
    const child = log.child({ module: 'routes' });
    log.debug('starting');
    child.info({ token: 'abc' }, 'listening');
    child.warn({ url: 'postgres://rt:hunter22@db:5432/rt' }, 'slow query');
    log.error(new Error('connect to redis://:pw123456@redis:6379 failed'), 'redis down');
    const buffer = logBufferOf(child)!;
    expect(buffer).toBe(logBufferOf(log));
    const all = buffer.read({});
    expect(all.lines.map((l) => [l.seq, l.level])).toEqual([
      [1, 'debug'],
      [2, 'info'],
      [3, 'warn'],
      [4, 'error'],
    ]);
    expect(JSON.parse(all.lines[1]!.text)).toMatchObject({ msg: 'listening', module: 'routes', token: '[redacted]' });
    expect(all.lines[2]!.text).toContain('postgres://rt:***@db:5432/rt');
    expect(all.lines[3]!.text).toContain('redis://:***@redis:6379');
    expect(JSON.stringify(all)).not.toMatch(/hunter22|pw123456/);
    expect(buffer.read({ level: 'warn' }).lines.map((l) => l.seq)).toEqual([3, 4]);
    expect(buffer.read({ after: 3 }).lines.map((l) => l.seq)).toEqual([4]);
    expect(buffer.read({ after: 4 })).toEqual({ lines: [], last: 4 });
  });

  it('holds the newest lines only, and never the environment credentials, even inside a message', () => {
    const buffer = new LogBuffer(['sup3r-s3cret-value'], 3);
    for (let i = 1; i <= 5; i++) buffer.write(`{"level":"info","msg":"line ${i} sup3r-s3cret-value"}\n`);
    const { lines, last } = buffer.read({});
    expect(last).toBe(5);
    expect(lines.map((l) => l.text)).toEqual([
      '{"level":"info","msg":"line 3 [redacted]"}',
      '{"level":"info","msg":"line 4 [redacted]"}',
      '{"level":"info","msg":"line 5 [redacted]"}',
    ]);
    expect(buffer.read({ limit: 1 }).lines.map((l) => l.seq)).toEqual([5]);
  });
});

describe('settings masking', () => {
  it.each([
    ['BUS_SECRET', 'x'.repeat(40), '[redacted]'],
    ['EXCHANGE_API_KEY', 'AKIA', '[redacted]'],
    ['TRADER_API_TOKEN', 't'.repeat(30), '[redacted]'],
    ['REDIS_PASSWORD', 'pw', '[redacted]'],
    ['EXCHANGE_API_SECRET', '', ''],
    ['DATABASE_URL', 'postgres://rt:pw@db:5432/rt', 'postgres://rt:***@db:5432/rt'],
    ['REDIS_URL', 'redis://127.0.0.1:6379', 'redis://127.0.0.1:6379'],
    ['SYMBOLS', ['BTC/USDC'], ['BTC/USDC']],
  ])('%s', (name, value, shown) => {
    expect(maskSetting(name, value)).toEqual(shown);
  });

  it('takes the values of credential variables out of the text, and of those only', () => {
    const env = {
      BUS_SECRET: 'b'.repeat(32),
      EXCHANGE_API_KEY: 'AKIA-long-key',
      npm_package_keywords_0: 'trading',
      PW: 'short',
    };
    expect(secretValues(env)).toEqual(['b'.repeat(32), 'AKIA-long-key']);
  });

  it('knows a credential by its name', () => {
    expect(['apiKey', 'LIVE_PASSPHRASE', 'TRADE_QUANTITY', 'SYMBOLS'].map(isSecretName)).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});
