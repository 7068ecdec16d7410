import { describe, expect, it } from '@jest/globals';
import { createTestDatabase, freePort, spawnService, testNamespace, TEST_REDIS_URL } from '@roottrading/testing';

describe('gateway process (pnpm start command)', () => {
  it('stops at start with one line naming a bad variable', async () => {
    const svc = await spawnService(
      'gateway',
      await freePort(),
      { MARKET_SOURCE: 'replay', REPLAY_DIR: '' },
      { waitHealthy: false },
    );
    const code = await new Promise<number | null>((r) => svc.child.on('exit', (c) => r(c)));
    expect(code).toBe(1);
    const fatal = svc.output
      .map((l) => JSON.parse(l) as { level: string; err?: string })
      .filter((l) => l.level === 'fatal');
    expect(fatal).toHaveLength(1);
    expect(fatal[0]!.err).toMatch(/^config: REPLAY_DIR must name a directory/);
  });

  it('starts, answers /health and stops cleanly on SIGTERM', async () => {
    const tdb = await createTestDatabase();
    const port = await freePort();
    const svc = await spawnService('gateway', port, {
      GATEWAY_PORT: String(port),
      REDIS_URL: TEST_REDIS_URL,
      DATABASE_URL: tdb.url,
      BUS_NAMESPACE: testNamespace('gw-main'),
      MARKET_SOURCE: 'synthetic',
      MARKET_SPEED: '1',
      LOG_LEVEL: 'info',
    });
    try {
      const health = (await (await fetch(svc.url('/health'))).json()) as { details: { source: string } };
      expect(health.details.source).toBe('synthetic');
      expect(await svc.stop()).toBe(0);
      expect(svc.output.some((l) => l.includes('"gateway started"'))).toBe(true);
      expect(svc.output.some((l) => l.includes('"stopped"'))).toBe(true);
    } finally {
      await svc.kill();
      await tdb.drop();
    }
  });
});
