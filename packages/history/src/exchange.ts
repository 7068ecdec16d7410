import ccxt, { type Exchange } from 'ccxt';
import { DownloadArgsError, DownloadError } from './errors.js';

type ExchangeClass = new (config: Record<string, unknown>) => Exchange;

/** Makes the ccxt exchange a download talks to; tests hand in one pointed at a local double. */
export type ExchangeFactory = (id: string) => Exchange;

/**
 * A ccxt REST exchange for public spot market data: ccxt's own rate limiting (it spaces the
 * requests as the exchange asks), spot markets only, and no currencies (a private call on binance).
 */
export const createExchange: ExchangeFactory = (id) => {
  const Class = (ccxt as unknown as Record<string, ExchangeClass | undefined>)[id];
  if (!ccxt.exchanges.includes(id) || !Class) {
    throw new DownloadArgsError(`--exchange "${id}" is not an exchange ccxt knows (e.g. binance, kraken, coinbase)`);
  }
  const exchange = new Class({
    enableRateLimit: true,
    options: { defaultType: 'spot', fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false },
  });
  exchange.has['fetchCurrencies'] = false;
  return exchange;
};

/**
 * Refuses, before anything is fetched or written, an exchange without candle history, an interval
 * it does not offer and a symbol it does not list.
 */
export async function checkExchange(exchange: Exchange, symbols: readonly string[], interval: string): Promise<void> {
  if (!exchange.has['fetchOHLCV']) throw new DownloadArgsError(`--exchange ${exchange.id} offers no candle history`);
  const timeframes = Object.keys(exchange.timeframes ?? {});
  if (timeframes.length > 0 && !timeframes.includes(interval)) {
    throw new DownloadArgsError(
      `--interval ${interval} is not a timeframe ${exchange.id} offers (${timeframes.join(', ')})`,
    );
  }
  try {
    await exchange.loadMarkets();
  } catch (err) {
    throw new DownloadError(`cannot load ${exchange.id}'s markets: ${(err as Error).message}`, { cause: err });
  }
  const missing = symbols.filter((s) => !exchange.markets?.[s]);
  if (missing.length > 0) {
    throw new DownloadArgsError(`--symbols: ${exchange.id} has no spot market ${missing.join(', ')}`);
  }
}
