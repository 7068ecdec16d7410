import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_MARKETS_FILE, loadMarkets, requireMarkets } from './markets.js';

describe('markets file', () => {
  it('has rules for the default symbols', () => {
    const markets = loadMarkets();
    for (const s of ['BTC/USDC', 'BTC/USDT', 'BTC/USD', 'ETH/USDC', 'ETH/USDT', 'ETH/BTC', 'SOL/USDC', 'SOL/USDT']) {
      expect(markets.has(s)).toBe(true);
    }
    expect(markets.get('BTC/USDC')).toMatchObject({ base: 'BTC', quote: 'USDC' });
    expect(markets.get('BTC/USDC')?.stepSize.toFixed()).toBe('0.00001');
    expect(markets.get('ETH/USDT')?.stepSize.toFixed()).toBe('0.0001');
  });

  it('names the symbols that have no rules', () => {
    expect(() => requireMarkets(loadMarkets(), ['BTC/USDC', 'DOGE/EUR'], DEFAULT_MARKETS_FILE)).toThrow(
      /^no market rules for DOGE\/EUR in .*markets\.json/,
    );
  });

  it('refuses a malformed file with one line naming the entry', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'markets-')), 'm.json');
    writeFileSync(
      file,
      JSON.stringify({ markets: { 'BTC/USDC': { tickSize: '0.01', stepSize: 0.1, minNotional: '5' } } }),
    );
    expect(() => loadMarkets(file)).toThrow(/markets\.BTC\/USDC\.stepSize/);
  });
});
