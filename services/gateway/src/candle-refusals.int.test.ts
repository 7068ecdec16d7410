import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { testNamespace, waitFor } from '@roottrading/testing';
import { AnalyzerDouble, startTestGateway, type TestGateway } from './test-harness.js';

const MIN = 60_000;
const T0 = Date.UTC(2023, 2, 1);

describe('the gateway refuses impossible candles from its source', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rt-gw-bad-'));
  let gw: TestGateway | undefined;
  let analyzer: AnalyzerDouble | undefined;

  afterAll(async () => {
    await gw?.close();
    await analyzer?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes and stores only the sound ones, counting the rest on /health', async () => {
    const row = (i: number, o: string, h: string, l: string, c: string) => `${T0 + i * MIN},${o},${h},${l},${c},1`;
    const rows = [
      row(0, '100', '101', '99', '100'),
      row(1, '100', '99', '101', '100'), // high below low
      row(2, '0', '101', '0', '100'), // a price of 0
      row(3, '100', '102', '99', '101'),
      row(4, '101', '100', '99', '100.5'), // high below open
      row(5, '100', '101', '99', '100'),
    ];
    writeFileSync(join(dir, 'binanceus_BTCUSDC_1m.csv'), ['open_time,open,high,low,close,volume', ...rows].join('\n'));
    const namespace = testNamespace('gw-refusals');
    analyzer = new AnalyzerDouble(namespace);
    await analyzer.subscribe(['BTC/USDC']);
    gw = await startTestGateway(
      { MARKET_SOURCE: 'replay', REPLAY_DIR: dir, SYMBOLS: 'BTC/USDC', MARKET_SPEED: 'max' },
      namespace,
    );
    await waitFor(async () => ((await gw!.health()).body.details.replay as { done: boolean }).done, {
      what: 'the replay to finish',
    });
    await waitFor(() => gw!.svc.status().candlesStored === 3, { what: 'the sound candles stored' });
    await analyzer.bus.drain();
    expect(analyzer.received.map((c) => (c.startTime - T0) / MIN)).toEqual([0, 3, 5]);
    const stored = await gw.tdb.db.selectFrom('candles').select('open_time').orderBy('open_time').execute();
    expect(stored.map((r) => (r.open_time.getTime() - T0) / MIN)).toEqual([0, 3, 5]);
    expect((await gw.health()).body.details).toMatchObject({ candlesRefused: 3 });
  });
});
