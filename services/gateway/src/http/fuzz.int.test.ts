import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { databaseDigest, expectRefusal, invalidQueries, queryString, waitFor } from '@roottrading/testing';
import { startTestGateway, type TestGateway } from '../test-harness.js';
import { candlesQuerySchema } from './candles-route.js';

/** The gateway's `GET /candles` under generated bad queries: each a 400 naming the problem, nothing written. */
let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway({ MARKET_SOURCE: 'synthetic', SYMBOLS: 'BTC/USDC', SYNTHETIC_COUNT: '1' });
  // The feed's one candle is stored in the background: in before the digest is taken.
  await waitFor(
    async () => (await gw.tdb.db.selectFrom('candles').select('symbol').executeTakeFirst()) !== undefined || undefined,
    {
      what: "the synthetic feed's candle stored",
    },
  );
});

afterAll(async () => {
  await gw?.close();
});

describe('the gateway under generated bad input', () => {
  it('refuses bad GET /candles queries with a 400 naming the problem', async () => {
    const digest = await databaseDigest(gw.tdb.db);
    const schema = candlesQuerySchema(['BTC/USDC'], '1m');
    const valid = { symbol: 'BTC/USDC', interval: '1h', limit: '10', before: '2024-01-01T00:00:00Z' };
    expect(schema.safeParse(valid).success).toBe(true);
    await fc.assert(
      fc.asyncProperty(invalidQueries(schema, valid), async (query) => {
        const path = `/candles${queryString(query)}`;
        await expectRefusal(await fetch(`http://127.0.0.1:${gw.svc.port}${path}`), path, 400);
      }),
      { numRuns: 80 },
    );
    expect(await databaseDigest(gw.tdb.db)).toEqual(digest);
    expect((await gw.health()).status).toBe(200);
  });
});
