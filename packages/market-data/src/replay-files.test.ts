import { describe, expect, it } from '@jest/globals';
import { checkInterval, fileTokens, matchReplayFiles } from './replay-files.js';

const REAL = [
  'binanceus_BTCUSDC_1m_2023-03-01_2023-03-21.csv',
  'binanceus_BTCUSDT_1m_2023-03-01_2023-03-21.csv',
  'binanceus_BTCUSD_1m_2023-03-01_2023-03-21.csv',
  'metadata.csv',
  'README.md',
];

describe('replay file matching', () => {
  it('splits names into words at every non-alphanumeric', () => {
    expect(fileTokens('binanceus_BTCUSDC_1m.csv')).toEqual(['BINANCEUS', 'BTCUSDC', '1M', 'CSV']);
  });

  it('takes the compact symbol as a whole word: BTCUSDC, BTCUSD and BTCUSDT are three different files', () => {
    const files = matchReplayFiles('/data', REAL, ['BTC/USDC', 'BTC/USD', 'BTC/USDT']);
    expect(files.get('BTC/USDC')).toBe('binanceus_BTCUSDC_1m_2023-03-01_2023-03-21.csv');
    expect(files.get('BTC/USD')).toBe('binanceus_BTCUSD_1m_2023-03-01_2023-03-21.csv');
    expect(files.get('BTC/USDT')).toBe('binanceus_BTCUSDT_1m_2023-03-01_2023-03-21.csv');
  });

  it('never takes a _BTCUSDC_ file for BTC/USD', () => {
    expect(() => matchReplayFiles('/data', ['binanceus_BTCUSDC_1m.csv'], ['BTC/USD'])).toThrow(
      /no candle file for BTC\/USD.*BTCUSD as a whole word/,
    );
  });

  it('ignores files that are not .csv or .json, and files of other symbols', () => {
    const files = matchReplayFiles(
      '/data',
      ['BTCUSDC.txt', 'BTCUSDC.json', 'ETHUSDC.csv', 'notes_BTCUSDC.md'],
      ['BTC/USDC'],
    );
    expect([...files]).toEqual([['BTC/USDC', 'BTCUSDC.json']]);
  });

  it('matches whatever separators surround the symbol', () => {
    expect(matchReplayFiles('/d', ['btcusdc-1m.CSV'], ['BTC/USDC']).get('BTC/USDC')).toBe('btcusdc-1m.CSV');
    expect(matchReplayFiles('/d', ['x.BTCUSDC.json'], ['BTC/USDC']).get('BTC/USDC')).toBe('x.BTCUSDC.json');
  });

  it('refuses a symbol with no file, naming the directory and the symbol', () => {
    expect(() => matchReplayFiles('/data/market', REAL, ['ETH/USDC'])).toThrow(
      'REPLAY_DIR /data/market has no candle file for ETH/USDC',
    );
  });

  it('refuses a symbol with two files, naming both', () => {
    expect(() => matchReplayFiles('/d', ['a_BTCUSDC_1m.csv', 'b_BTCUSDC_5m.json'], ['BTC/USDC'])).toThrow(
      'REPLAY_DIR /d has 2 candle files for BTC/USDC (a_BTCUSDC_1m.csv, b_BTCUSDC_5m.json); keep exactly one',
    );
  });
});

describe('interval check', () => {
  it('accepts a file whose candles are INTERVAL apart (or that is too short to tell)', () => {
    expect(() => checkInterval('f.csv', 60_000, '1m', 60_000)).not.toThrow();
    expect(() => checkInterval('f.csv', undefined, '1m', 60_000)).not.toThrow();
  });

  it('refuses a mismatch naming the file, the inferred and the configured interval', () => {
    expect(() => checkInterval('/d/BTCUSDC_5m.csv', 300_000, '1m', 60_000)).toThrow(
      '/d/BTCUSDC_5m.csv: its candles are 5m apart but INTERVAL is 1m',
    );
  });
});
