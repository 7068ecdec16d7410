import { floorToStep, type Decimal } from '@roottrading/accounting';
import type { ExitReason } from '@roottrading/contracts';
import type { StepContext } from '../core/state.js';
import { positionKey, type EnginePosition, type OrderSource } from '../core/types.js';
import type { PartialDecision } from '../protection/evaluate-exit.js';
import { placeOrder } from './place-order.js';
import { sellWhole } from './sell-whole.js';

/**
 * Sells the partial take-profit's share of a position at the level (or the open that gapped past
 * it), exactly, as a stop fills. The share is the holding × fraction down to the market's step. When
 * that share or what would remain is below the market's minimum (under a step, or worth less than
 * the minimum order value at this price), the remainder could not be sold later, or the share not
 * now: the whole position is sold instead, with the same exit reason. The position is marked taken
 * first, so whatever becomes of the order (refused, rejected by the exchange), it is tried once.
 */
export function takePartial(ctx: StepContext, p: EnginePosition, hit: PartialDecision, fillTime: number): void {
  const { state, config } = ctx;
  const rules = config.markets.get(p.symbol)!;
  const fraction = p.protection.partial!.fraction;
  const held = p.life.holding.quantity;
  const share = floorToStep(held.mul(fraction), rules.stepSize);
  const rest = held.minus(share);
  const belowMinimum = (q: Decimal) => floorToStep(q, rules.stepSize).lte(0) || q.mul(hit.price).lt(rules.minNotional);
  const marked: EnginePosition = { ...p, partialTaken: true };
  state.positions.set(positionKey(p.strategy, p.symbol), marked);
  ctx.log.emit({ type: 'position', position: marked });
  const exit = { source: 'protection' as const, exitReason: 'partial_take_profit' as const };
  if (belowMinimum(share) || belowMinimum(rest)) {
    sellWhole(ctx, marked, { ...exit, price: hit.price, exactPrice: true, fillTime });
    return;
  }
  placeOrder(ctx, {
    ...exit,
    strategy: p.strategy,
    symbol: p.symbol,
    side: 'SELL',
    type: 'market',
    requested: share,
    buyOnlyWhenFlat: false,
    referencePrice: hit.price,
    exactPrice: true,
    fillTime,
  });
}

/**
 * An exit of the whole position asked for while its partial take-profit is in flight (a close, the
 * kill switch, a SELL signal on the same candle): the rest is sold once the partial has filled — or
 * failed — as an exit waiting for resting SELLs goes on (continueExit). True when it was put off so.
 */
export function sellRestAfterPartial(
  ctx: StepContext,
  p: EnginePosition,
  source: OrderSource,
  exitReason: ExitReason,
): boolean {
  if (!partialInFlight(ctx, p)) return false;
  const waiting: EnginePosition = { ...p, exitWhenFreed: { source, exitReason } };
  ctx.state.positions.set(positionKey(p.strategy, p.symbol), waiting);
  ctx.log.emit({ type: 'position', position: waiting });
  return true;
}

/**
 * Is the exit in flight a partial take-profit that leaves a rest (not one that sells it all, under
 * the market's minimum), with nothing yet waiting for it?
 */
export function partialInFlight(ctx: StepContext, p: EnginePosition): boolean {
  const inFlight = p.exitOrderId === null ? undefined : ctx.state.orders.get(p.exitOrderId);
  if (inFlight?.exitReason !== 'partial_take_profit' || p.exitWhenFreed) return false;
  return inFlight.quantity.lt(p.life.holding.quantity);
}
