import { describe, expect, it } from '@jest/globals';
import { freePort, waitFor } from '@roottrading/testing';
import { startTestGateway } from './test-harness.js';

describe('gateway with Redis unreachable', () => {
  it('answers /health with 503 (redis down) instead of hanging, and still stops', async () => {
    const gw = await startTestGateway({
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      MARKET_SOURCE: 'synthetic',
      MARKET_SPEED: 'max',
    });
    try {
      const health = await waitFor(async () => gw.health(), { what: '/health' });
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ status: 'down', redis: 'down', postgres: 'up' });
      expect(health.body.details).toMatchObject({ source: 'synthetic', published: 0 });
    } finally {
      await gw.close();
    }
  });
});
