import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { createLogger, redactUrl } from './index.js';

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
