import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Candle } from '@roottrading/contracts';
import { createLogger } from '@roottrading/logger';
import { REPO_ROOT, silentLevel, waitFor } from '@roottrading/testing';
import { ReplaySource } from './replay.js';

const logger = createLogger('gateway', silentLevel);
const MIN = 60_000;
const T0 = Date.UTC(2023, 2, 1);
let dir: string;

function csv(name: string, minutes: number[], price = 100): void {
  const rows = minutes.map((m) => `${new Date(T0 + m * MIN).toISOString()},${price},${price},${price},${price},1`);
  writeFileSync(join(dir, name), ['open_time,open,high,low,close,volume', ...rows].join('\n'));
}

function source(symbols: string[], interval = '1m', from = dir) {
  return new ReplaySource({ dir: from, symbols, interval, intervalMs: interval === '1m' ? MIN : 5 * MIN, logger });
}

const label = (c: Candle) => `${c.symbol}@${(c.startTime - T0) / MIN}`;

async function run(src: ReplaySource, batches: string[][] = []): Promise<Candle[]> {
  const out: Candle[] = [];
  await src.start(async (candles) => {
    out.push(...candles);
    batches.push(candles.map(label));
  });
  await waitFor(() => src.progress().done, { what: 'the replay to finish' });
  return out;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rt-replay-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('replay source', () => {
  it('interleaves symbols by open time, SYMBOLS order breaking ties, the candles of one time handed over together', async () => {
    csv('x_BTCUSDC_1m.csv', [0, 1, 2, 4]);
    csv('x_BTCUSDT_1m.csv', [1, 2, 3]);
    csv('x_BTCUSD_1m.csv', [0]);
    const src = source(['BTC/USDT', 'BTC/USDC']);
    const batches: string[][] = [];
    const out = await run(src, batches);
    expect(batches).toEqual([
      ['BTC/USDC@0'],
      ['BTC/USDT@1', 'BTC/USDC@1'],
      ['BTC/USDT@2', 'BTC/USDC@2'],
      ['BTC/USDT@3'],
      ['BTC/USDC@4'],
    ]);
    expect(out.map(label)).toEqual([
      'BTC/USDC@0',
      'BTC/USDT@1',
      'BTC/USDC@1',
      'BTC/USDT@2',
      'BTC/USDC@2',
      'BTC/USDT@3',
      'BTC/USDC@4',
    ]);
    expect(out[0]).toEqual({
      symbol: 'BTC/USDC',
      interval: '1m',
      startTime: T0,
      closeTime: T0 + MIN - 1,
      open: '100',
      high: '100',
      low: '100',
      close: '100',
      volume: '1',
      source: 'replay',
    });
    expect(src.progress()).toEqual({ done: true, published: 7, total: 7 });
    expect(src.status().state).toBe('finished');
    expect(src.status().lastCandleAt).toBe(T0 + 4 * MIN);
  });

  it('refuses at start a file whose interval is not INTERVAL', async () => {
    csv('BTCUSDC_1m.csv', [0, 1, 2]);
    await expect(source(['BTC/USDC'], '5m').start(async () => {})).rejects.toThrow(
      `${join(dir, 'BTCUSDC_1m.csv')}: its candles are 1m apart but INTERVAL is 5m`,
    );
  });

  it('reads gzipped files (.csv.gz) as their text, and names a corrupt one', async () => {
    csv('plain_BTCUSDT_1m.csv', [0, 1, 2], 101);
    const text = readFileSync(join(dir, 'plain_BTCUSDT_1m.csv'));
    rmSync(join(dir, 'plain_BTCUSDT_1m.csv'));
    writeFileSync(join(dir, 'x_BTCUSDT_1m.csv.gz'), gzipSync(text));
    const out = await run(source(['BTC/USDT']));
    expect(out.map((c) => [label(c), c.close])).toEqual([
      ['BTC/USDT@0', '101'],
      ['BTC/USDT@1', '101'],
      ['BTC/USDT@2', '101'],
    ]);
    writeFileSync(join(dir, 'x_BTCUSDT_1m.csv.gz'), 'not gzip');
    await expect(source(['BTC/USDT']).start(async () => {})).rejects.toThrow(
      /x_BTCUSDT_1m\.csv\.gz: not a readable gzip file/,
    );
  });

  it('replays the sample shipped in the repository (the offline quick start): a week of each pair', async () => {
    const out = await run(source(['BTC/USDC', 'BTC/USDT'], '1m', join(REPO_ROOT, 'data/sample')));
    for (const symbol of ['BTC/USDC', 'BTC/USDT']) {
      const mine = out.filter((c) => c.symbol === symbol);
      expect(mine).toHaveLength(7 * 24 * 60);
      expect(new Date(mine[0]!.startTime).toISOString()).toBe('2023-03-10T00:00:00.000Z');
      expect(new Date(mine.at(-1)!.startTime).toISOString()).toBe('2023-03-16T23:59:00.000Z');
    }
  });

  it('refuses at start a missing file, two files and a malformed row', async () => {
    csv('BTCUSDC_1m.csv', [0, 1]);
    await expect(source(['ETH/USDC']).start(async () => {})).rejects.toThrow(/has no candle file for ETH\/USDC/);
    csv('BTCUSDC_again.csv', [0, 1]);
    await expect(source(['BTC/USDC']).start(async () => {})).rejects.toThrow(/has 2 candle files for BTC\/USDC/);
    rmSync(join(dir, 'BTCUSDC_again.csv'));
    writeFileSync(
      join(dir, 'BTCUSDC_1m.csv'),
      'open_time,open,high,low,close,volume\n2023-03-01,1,1,1,1,1\n2023-03-02,x,1,1,1,1\n',
    );
    await expect(source(['BTC/USDC']).start(async () => {})).rejects.toThrow(/BTCUSDC_1m\.csv: line 3: open "x"/);
  });

  it('says which directory it cannot read', async () => {
    const src = new ReplaySource({
      dir: join(dir, 'nope'),
      symbols: ['BTC/USDC'],
      interval: '1m',
      intervalMs: MIN,
      logger,
    });
    await expect(src.start(async () => {})).rejects.toThrow(/REPLAY_DIR .*nope cannot be read/);
  });

  it('stops between candles', async () => {
    csv('BTCUSDC.csv', [0, 1, 2, 3, 4, 5]);
    const src = source(['BTC/USDC']);
    let n = 0;
    const stopped: Promise<void>[] = [];
    await src.start(async () => {
      if (++n === 2) stopped.push(src.stop());
    });
    await waitFor(() => stopped.length > 0);
    await stopped[0];
    expect(src.progress()).toMatchObject({ done: false, published: 1 });
  });
});
