import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ChildProcess } from 'node:child_process';
import {
  TEST_REDIS_URL,
  createTestDatabase,
  freePort,
  spawnService,
  testNamespace,
  type TestDatabase,
} from '@roottrading/testing';

/** The real entry point (tsx src/main.ts) as a process: start-up log, failure on bad config, SIGTERM. */
describe('analyzer process', () => {
  let tdb: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    env = {
      REDIS_URL: TEST_REDIS_URL,
      DATABASE_URL: tdb.url,
      BUS_NAMESPACE: testNamespace('analyzer-main'),
      SYMBOLS: 'BTC/USDC',
      LOG_LEVEL: 'info',
    };
  });

  afterAll(async () => {
    await tdb.drop();
  });

  const exitCode = (child: ChildProcess) =>
    child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', resolve));

  const messages = (output: string[]) =>
    output.flatMap((line) => {
      try {
        return [JSON.parse(line) as { msg?: string; err?: string; level?: string }];
      } catch {
        return [];
      }
    });

  it('logs the loaded strategies, answers /health and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const svc = await spawnService('analyzer', port, { ...env, ANALYZER_PORT: String(port) });
    const health = await fetch(svc.url('/health'));
    expect(health.status).toBe(200);
    expect(await svc.stop()).toBe(0);
    const logged = messages(svc.output).map((m) => m.msg);
    expect(logged).toContain('Strategies loaded: RSI_Strategy, SimpleMA_Cross, Bollinger_Bands');
    expect(logged).toContain('stopped');
  });

  it('refuses a bad strategy parameter with one line naming it, and exits 1', async () => {
    const port = await freePort();
    const svc = await spawnService(
      'analyzer',
      port,
      { ...env, ANALYZER_PORT: String(port), RSI_WINDOW: 'abc' },
      { waitHealthy: false },
    );
    expect(await exitCode(svc.child)).toBe(1);
    const fatal = messages(svc.output).filter((m) => m.level === 'fatal');
    expect(fatal).toEqual([
      expect.objectContaining({
        msg: 'failed to start',
        err: 'config: RSI_WINDOW must be a whole number from 2 to 1000 (got "abc")',
      }),
    ]);
  });

  it('refuses an unknown strategy name, listing the known ones', async () => {
    const port = await freePort();
    const svc = await spawnService(
      'analyzer',
      port,
      { ...env, ANALYZER_PORT: String(port), STRATEGIES: 'RSI_Strategy,Turtle' },
      { waitHealthy: false },
    );
    expect(await exitCode(svc.child)).toBe(1);
    expect(messages(svc.output).find((m) => m.level === 'fatal')?.err).toBe(
      'config: STRATEGIES names an unknown strategy "Turtle"; known: RSI_Strategy, SimpleMA_Cross, Bollinger_Bands, EMA_Cross, MACD_Trend, Donchian_Breakout, Supertrend, RSI_Divergence, Volume_Spike, VWAP_Reversion, Range_Breakout, Pair_Rotation, Cross_Pair_Swing (got "RSI_Strategy,Turtle")',
    );
  });
});
