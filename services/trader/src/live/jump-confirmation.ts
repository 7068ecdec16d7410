import { dec, toPlain } from '@roottrading/accounting';
import type { Candle } from '@roottrading/contracts';
import { priceJump } from '@roottrading/engine';
import type { Logger } from '@roottrading/logger';
import type { ExchangeWord } from '../runner/candle-screen.js';
import type { GuardedExchange } from './guarded-exchange.js';

/**
 * Live: a candle that jumps past CANDLE_MAX_JUMP is confirmed at once by the exchange the account
 * trades on — its own last price, read over the trader's own connection — instead of waiting a
 * candle: a real crash must move the stops on its own candle. The candle is real when the exchange
 * trades within CANDLE_MAX_JUMP of its close; when the price cannot be read, the next candle decides.
 */
export function exchangeConfirmation(
  exchange: Pick<GuardedExchange, 'read'>,
  maxJumpPct: string,
  logger: Logger,
): (candle: Candle) => Promise<ExchangeWord | undefined> {
  const max = dec(maxJumpPct);
  return async (candle) => {
    try {
      const prices = await exchange.read('tickers', (c) => c.fetchLastPrices([candle.symbol]));
      const price = prices.get(candle.symbol);
      if (!price) return undefined;
      const text = toPlain(price);
      const off = priceJump({ high: text, low: text }, candle.close, max);
      return off === null
        ? {
            confirmed: true,
            reason: `the exchange trades at ${text}, within CANDLE_MAX_JUMP of its close ${candle.close}`,
          }
        : { confirmed: false, reason: `the exchange trades at ${text}, ${off.pct}% from its close ${candle.close}` };
    } catch (err) {
      logger.warn(
        { symbol: candle.symbol, error: (err as Error).message },
        'the exchange price could not be read to confirm a jump: the next candle decides',
      );
      return undefined;
    }
  };
}
