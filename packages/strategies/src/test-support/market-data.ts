import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { numberToPlainString, type Candle } from '@roottrading/contracts';
import { MARKET_DATA_DIR } from '@roottrading/testing';

/** One row of the real candle files (test-only: the files live beside the project, never in it). */
export interface MarketRow {
  openTime: number;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
}

const FILES: Record<string, string> = {
  'BTC/USDC': 'binanceus_BTCUSDC_1m_2023-03-01_2023-03-21.csv',
  'BTC/USDT': 'binanceus_BTCUSDT_1m_2023-03-01_2023-03-21.csv',
  'BTC/USD': 'binanceus_BTCUSD_1m_2023-03-01_2023-03-21.csv',
};

/** Reads a pair's 1-minute candles from MARKET_DATA_DIR, oldest first. */
export function readMarketRows(symbol = 'BTC/USDC'): MarketRow[] {
  const file = FILES[symbol];
  if (!file) throw new Error(`no market data file for ${symbol}`);
  const lines = readFileSync(join(MARKET_DATA_DIR, file), 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const [time = '', open = '', high = '', low = '', close = '', volume = ''] = line.split(',');
    // "2023-03-01 00:00:00+00:00" → ISO with a "T" so Date parses it everywhere.
    return { openTime: Date.parse(time.replace(' ', 'T')), open, high, low, close, volume };
  });
}

export function readCloses(symbol = 'BTC/USDC'): number[] {
  return readMarketRows(symbol).map((r) => Number(r.close));
}

/** A pair's real candles as the bus carries them (the replay source's shape), oldest first. */
export function replayCandles(symbol = 'BTC/USDC', count?: number): Candle[] {
  return readMarketRows(symbol)
    .slice(0, count)
    .map((r) => ({
      symbol,
      interval: '1m',
      startTime: r.openTime,
      closeTime: r.openTime + 60_000 - 1,
      open: r.open,
      high: r.high,
      low: r.low,
      close: r.close,
      // A few real volumes are written like 5.4e-05; the bus carries plain decimals only.
      volume: numberToPlainString(Number(r.volume)),
      source: 'replay',
    }));
}
