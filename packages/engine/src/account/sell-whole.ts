import type { ExitReason } from '@roottrading/contracts';
import type { StepContext } from '../core/state.js';
import type { EngineOrder, EnginePosition, OrderSource } from '../core/types.js';
import { placeOrder, type OrderAsk } from './place-order.js';
import { cancelRestingSells } from './settle-order.js';

export interface WholeExit {
  source: OrderSource;
  exitReason: ExitReason;
  /** The level crossed (exact) or the last close (slippage applied). */
  price: OrderAsk['referencePrice'];
  exactPrice: boolean;
  fillTime: number;
  refuse?: OrderAsk['refuse'];
}

/**
 * Every exit of a whole position — stop, target, trailing stop, close, kill switch — goes through
 * here: the position's resting SELLs are cancelled first (they hold its coins), then all of it is
 * sold at market.
 */
export function sellWhole(ctx: StepContext, p: EnginePosition, exit: WholeExit): EngineOrder {
  cancelRestingSells(ctx, p.strategy, p.symbol, `canceled for the ${exit.exitReason.replace('_', '-')} exit`);
  return placeOrder(ctx, {
    source: exit.source,
    strategy: p.strategy,
    symbol: p.symbol,
    side: 'SELL',
    type: 'market',
    requested: 'all',
    buyOnlyWhenFlat: false,
    referencePrice: exit.price,
    exactPrice: exit.exactPrice,
    exitReason: exit.exitReason,
    fillTime: exit.fillTime,
    ...(exit.refuse ? { refuse: exit.refuse } : {}),
  });
}

/** Why the symbol's last close cannot price an order now (none yet, or older than priceMaxAgeMs); null when it can. */
export function stalePrice(ctx: StepContext, symbol: string): string | null {
  const last = ctx.state.lastCandles.get(symbol);
  if (!last) return `no price for ${symbol} yet`;
  if (ctx.log.at - last.closeTime <= ctx.config.priceMaxAgeMs) return null;
  return `the last price of ${symbol} is from ${new Date(last.closeTime).toISOString()}, older than ${ctx.config.priceMaxAgeMs / 1000}s`;
}
