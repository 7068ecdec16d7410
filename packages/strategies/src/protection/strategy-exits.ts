import type { StrategyExits } from '../strategies/types.js';
import { compare, fixed, round, toPlain } from './fixed-decimal.js';
import { PRICE_DECIMALS, type ResolvedProtection } from './resolve.js';

/**
 * A BUY's protection with the strategy's own exit prices put in place of the configured rules: the
 * stop rounded down and the target up to PRICE_DECIMALS, as resolveProtection rounds. The levels are
 * floats (a range's high plus its height), so they are first cut to 15 significant digits: the dust
 * of 0.31 + 0.01 = 0.32000000000000006 would otherwise round a target up by a whole 1e-8. A level on the
 * wrong side of the entry (a stop at or over it, a target at or under it) is left out with a note,
 * and the configured one, if any, stays. Undefined when there is neither.
 */
export function withStrategyExits(
  configured: ResolvedProtection | undefined,
  exits: StrategyExits | undefined,
  close: string,
): ResolvedProtection | undefined {
  if (exits?.stopLoss === undefined && exits?.takeProfit === undefined) return configured;
  const entry = fixed(close);
  const out: ResolvedProtection = { ...configured, metadata: { ...configured?.metadata } };
  const notes = configured?.metadata.protectionNote ? [String(configured.metadata.protectionNote)] : [];
  if (exits.stopLoss !== undefined) {
    const price = round(decimal(exits.stopLoss), PRICE_DECIMALS, 'down');
    if (compare(price, fixed('0')) > 0 && compare(price, entry) < 0) {
      out.stopLoss = toPlain(price);
      out.metadata.stopLossRule = 'strategy';
      out.metadata.stopLoss = out.stopLoss;
    } else notes.push(`the strategy's stop loss ${toPlain(price)} left out: it is not between 0 and the entry`);
  }
  if (exits.takeProfit !== undefined) {
    const price = round(decimal(exits.takeProfit), PRICE_DECIMALS, 'up');
    if (compare(price, entry) > 0) {
      out.takeProfit = toPlain(price);
      out.metadata.takeProfitRule = 'strategy';
      out.metadata.takeProfit = out.takeProfit;
    } else notes.push(`the strategy's take profit ${toPlain(price)} left out: it is not above the entry`);
  }
  if (notes.length > 0) out.metadata.protectionNote = notes.join('; ');
  return out;
}

const decimal = (level: number) => fixed(Number(level.toPrecision(15)));
