import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { logsResponseSchema, settingsResponseSchema } from '@roottrading/contracts';
import { createLogger } from '@roottrading/logger';
import {
  createTestDatabase,
  httpRequest,
  testNamespace,
  TEST_REDIS_URL,
  type TestDatabase,
} from '@roottrading/testing';
import { portfolioEnvSchema } from './config.js';
import { startPortfolio, type PortfolioService } from './service.js';

let tdb: TestDatabase;
let svc: PortfolioService;
const BUS_SECRET = 'b'.repeat(40);
const PASSWORD = 'pg-pass-word';
const namespace = testNamespace('portfolio-diagnostics');

// The test database trusts its users: a password in the URL is accepted, and must never be shown.
const withPassword = (url: string) => url.replace('://postgres@', `://postgres:${PASSWORD}@`);

beforeAll(async () => {
  tdb = await createTestDatabase();
  const config = portfolioEnvSchema.parse({
    DATABASE_URL: withPassword(tdb.url),
    REDIS_URL: TEST_REDIS_URL,
    BUS_NAMESPACE: namespace,
    BUS_SECRET,
    SYMBOLS: 'BTC/USDC',
    PORTFOLIO_PORT: '0',
  });
  const quiet = new Writable({ write: (_c, _e, done) => done() });
  const logger = createLogger('portfolio', 'debug', quiet);
  svc = await startPortfolio(config, { logger });
  logger.warn({ url: withPassword(tdb.url), BUS_SECRET }, 'a warning with secrets in it');
  logger.error('the error');
}, 120_000);

afterAll(async () => {
  await svc?.stop();
  await tdb?.drop();
});

const get = async (path: string) => {
  const res = await fetch(`http://127.0.0.1:${svc.port}${path}`);
  return { status: res.status, body: await res.json() };
};

describe('GET /logs', () => {
  it('serves the last lines, redacted, oldest first, with a cursor to follow new ones', async () => {
    const { status, body } = await get('/logs');
    expect(status).toBe(200);
    expect(logsResponseSchema.parse(body)).toEqual(body);
    expect(body).toMatchObject({ service: 'portfolio', capacity: 1000 });
    const msgs = body.lines.map((l: { msg: string }) => l.msg);
    expect(msgs).toContain('portfolio listening');
    expect(msgs.slice(-2)).toEqual(['a warning with secrets in it', 'the error']);
    const warning = body.lines.at(-2);
    expect(warning).toMatchObject({ level: 'warn', time: expect.any(String), fields: { BUS_SECRET: '[redacted]' } });
    expect(warning.fields.url).toContain(':***@');
    expect(JSON.stringify(body)).not.toContain(PASSWORD);
    expect(JSON.stringify(body)).not.toContain(BUS_SECRET);

    const after = await get(`/logs?after=${body.last}`);
    expect(after.body).toMatchObject({ lines: [], last: body.last });
    // Its own requests are not logged, or following the logs would fill them.
    const again = await get(`/logs?after=${body.last}`);
    expect(again.body.lines).toEqual([]);
  });

  it('filters by level and keeps the newest when limited', async () => {
    const warn = await get('/logs?level=WARN');
    expect(warn.body.lines.map((l: { level: string }) => l.level)).toEqual(['warn', 'error']);
    const one = await get('/logs?limit=1');
    expect(one.body.lines.map((l: { msg: string }) => l.msg)).toEqual(['the error']);
  });

  it.each([
    ['level=loud', 'level'],
    ['after=-1', 'after'],
    ['limit=1001', 'limit'],
    ['service=trader', 'service'],
  ])('rejects %s with a 400 naming %s', async (qs, field) => {
    const { status, body } = await get(`/logs?${qs}`);
    expect(status).toBe(400);
    expect(body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('is refused to a page on another host name, like every route', async () => {
    const res = await httpRequest(`http://127.0.0.1:${svc.port}/logs`, { headers: { host: 'rebound.example' } });
    expect(res.status).toBe(421);
  });
});

describe('GET /settings', () => {
  it('shows the configuration as parsed, credentials and URL passwords masked', async () => {
    const { status, body } = await get('/settings');
    expect(status).toBe(200);
    expect(settingsResponseSchema.parse(body)).toEqual(body);
    expect(body.service).toBe('portfolio');
    expect(body.settings).toMatchObject({
      SYMBOLS: ['BTC/USDC'],
      PORTFOLIO_PORT: 0,
      BUS_SECRET: '[redacted]',
      BUS_NAMESPACE: namespace,
      REDIS_URL: TEST_REDIS_URL,
    });
    expect(body.settings.DATABASE_URL).toMatch(/^postgres:\/\/postgres:\*\*\*@127\.0\.0\.1/);
    expect(JSON.stringify(body)).not.toContain(PASSWORD);
    expect(JSON.stringify(body)).not.toContain(BUS_SECRET);
  });
});
