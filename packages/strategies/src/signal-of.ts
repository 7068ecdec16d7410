import type { Candle, Signal } from '@roottrading/contracts';
import { hasProtection, type ProtectionConfig } from './protection/config.js';
import type { ProtectionInputs } from './protection/protection-levels.js';
import { resolveProtection } from './protection/resolve.js';
import { withStrategyExits } from './protection/strategy-exits.js';
import { signalId } from './signal-id.js';
import type { StrategyExits } from './strategies/types.js';

/** What a strategy decided on a candle, with the metadata of that moment. */
export interface Decision {
  side: Signal['side'];
  metadata: Record<string, number | string | null>;
  /** A BUY's own stop and target, when the strategy sets them. */
  exits: StrategyExits | undefined;
}

/** The strategy as its signals name it, and the protection its BUYs get. */
export interface SignalSource {
  name: string;
  paramsKey: string;
  protection: ProtectionConfig;
}

/**
 * The signal a decision makes on `candle`: its id from what decided it, the candle's close as its
 * price, and on a BUY the stop, target and trailing stop (the configured rules, with the strategy's
 * own exits in their place). `inputs`: the symbol's ATR and swing lows at this candle, for the rules
 * measured on them.
 */
export function signalOf(
  strategy: SignalSource,
  candle: Candle,
  decision: Decision,
  inputs: ProtectionInputs,
  now: number,
): Signal {
  const { side, metadata } = decision;
  // Stops and targets protect the position a BUY opens; a SELL is itself the exit.
  const configured =
    side === 'BUY' && hasProtection(strategy.protection)
      ? resolveProtection(strategy.protection, candle.close, inputs.atr, inputs.swingLows)
      : undefined;
  const protection = side === 'BUY' ? withStrategyExits(configured, decision.exits, candle.close) : undefined;
  return {
    id: signalId({
      strategy: strategy.name,
      paramsKey: strategy.paramsKey,
      symbol: candle.symbol,
      interval: candle.interval,
      openTime: candle.startTime,
    }),
    strategy: strategy.name,
    symbol: candle.symbol,
    interval: candle.interval,
    side,
    timestamp: candle.startTime,
    price: candle.close,
    metadata: protection ? { ...metadata, ...protection.metadata } : metadata,
    createdAt: now,
    ...(protection?.stopLoss ? { stopLoss: protection.stopLoss } : {}),
    ...(protection?.takeProfit ? { takeProfit: protection.takeProfit } : {}),
    ...(protection?.trailingStop ? { trailingStop: protection.trailingStop } : {}),
    ...(protection?.partialTakeProfit ? { partialTakeProfit: protection.partialTakeProfit } : {}),
    ...(protection?.timeStop !== undefined ? { timeStop: protection.timeStop } : {}),
  };
}
