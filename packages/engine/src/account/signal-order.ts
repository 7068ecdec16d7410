import type { Decimal } from '@roottrading/accounting';
import type { StepContext } from '../core/state.js';
import type { EngineSignal } from '../core/types.js';
import type { OrderAsk } from './place-order.js';

/**
 * The order a strategy's signal asks for — the same whether it trades or is recorded refused
 * (expired, late, a reserved name), so every signal's order row reads alike: a SELL of the whole
 * position, a BUY sized as configured (fixed, or by the risk manager) with the signal's protections.
 */
export function signalOrderAsk(
  ctx: StepContext,
  s: EngineSignal,
  at: { referencePrice: Decimal; fillTime: number },
  refuse?: OrderAsk['refuse'],
): OrderAsk {
  const sizing = ctx.config.limits.sizing;
  return {
    source: 'signal',
    strategy: s.strategy,
    symbol: s.symbol,
    side: s.side,
    type: 'market',
    requested: s.side === 'SELL' ? 'all' : sizing.mode === 'fixed' ? sizing.fixedQuantity : 'sized',
    buyOnlyWhenFlat: true,
    referencePrice: at.referencePrice,
    exactPrice: false,
    exitReason: s.side === 'SELL' ? 'signal' : undefined,
    protection: s.side === 'BUY' ? s.protection : undefined,
    signalId: s.id,
    fillTime: at.fillTime,
    refuse,
  };
}
