import { afterEach, describe, expect, it } from '@jest/globals';
import type { Candle } from '@roottrading/contracts';
import { testNamespace, waitFor } from '@roottrading/testing';
import { AnalyzerDouble, startTestGateway, type TestGateway } from './test-harness.js';

const MIN = 60_000;
const START = Date.UTC(2024, 0, 1);
const SYMBOLS = ['BTC/USDC', 'ETH/USDC'];

describe('synthetic source', () => {
  let gw: TestGateway | undefined;
  let analyzer: AnalyzerDouble | undefined;

  afterEach(async () => {
    await gw?.close();
    await analyzer?.close();
    gw = undefined;
    analyzer = undefined;
  });

  async function run(seed: string): Promise<Candle[]> {
    const namespace = testNamespace('gw-synth');
    analyzer = new AnalyzerDouble(namespace);
    await analyzer.subscribe(SYMBOLS);
    gw = await startTestGateway(
      {
        MARKET_SOURCE: 'synthetic',
        SYMBOLS: SYMBOLS.join(','),
        MARKET_SPEED: 'max',
        SYNTHETIC_SEED: seed,
        SYNTHETIC_COUNT: '100',
      },
      namespace,
    );
    await waitFor(async () => ((await gw!.health()).body.details.feed as { state: string }).state === 'finished', {
      what: 'the walk to finish',
    });
    await waitFor(() => analyzer!.received.length === 200, { what: 'every candle' });
    await waitFor(() => gw!.svc.status().candlesStored === 200, { what: 'every candle stored' });
    const received = [...analyzer.received];
    await gw.close();
    await analyzer.close();
    gw = undefined;
    analyzer = undefined;
    return received;
  }

  it('walks deterministically from the fixed start time, one candle per interval per symbol', async () => {
    const first = await run('7');
    for (const symbol of SYMBOLS) {
      const candles = first.filter((c) => c.symbol === symbol);
      expect(candles.map((c) => c.startTime)).toEqual(Array.from({ length: 100 }, (_, i) => START + i * MIN));
      expect(candles.every((c) => c.source === 'synthetic' && c.closeTime === c.startTime + MIN - 1)).toBe(true);
    }
    expect(await run('7')).toEqual(first);
    expect((await run('8')).map((c) => c.close)).not.toEqual(first.map((c) => c.close));
  }, 30_000);

  it('at a numeric speed publishes on schedule without waiting for a subscriber', async () => {
    gw = await startTestGateway({
      MARKET_SOURCE: 'synthetic',
      MARKET_SPEED: '60000',
      SYNTHETIC_COUNT: '20',
    });
    await waitFor(() => gw!.svc.status().feed.state === 'finished', { what: 'the walk to finish' });
    await waitFor(() => gw!.svc.status().candlesStored === 20, { what: 'every candle stored' });
    expect(gw.svc.status()).toMatchObject({ speed: 60_000, published: 20, analyzerLag: 0, replay: null });
  });
});
