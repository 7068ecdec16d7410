import type { z } from 'zod';
import type { Side } from '@roottrading/contracts';

/** A closed candle as numbers: what strategies compute on (the bus carries decimal strings). */
export interface Bar {
  startTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** A strategy's parameters: plain numbers, part of every signal's id and metadata. */
export type StrategyParams = Record<string, number>;

/** One strategy's state for one symbol: fed every closed candle in order. */
export interface StrategyMachine {
  /** BUY or SELL when this candle completes a crossing; null otherwise (and during warm-up). */
  update(bar: Bar): Side | null;
  /** The indicator values after the last update, plus the parameters: the signal's metadata. */
  metadata(): Record<string, number | null>;
}

/**
 * A strategy plugin: one file under src/strategies/ exporting this, listed once in registry.ts.
 * `paramsSchema` reads the strategy's own environment variables (with defaults) into its parameters.
 */
export interface StrategyDefinition<P extends StrategyParams = StrategyParams> {
  readonly name: string;
  readonly description: string;
  /**
   * Prefix of the strategy's own protection variables: `RSI` reads RSI_STOP_LOSS, RSI_TAKE_PROFIT,
   * RSI_TRAILING_STOP and RSI_TRAILING_ACTIVATION over the global STOP_LOSS, … defaults. Without
   * one, the strategy's BUY signals get the global defaults only.
   */
  readonly protectionPrefix?: string;
  readonly paramsSchema: z.ZodType<P>;
  /** How many past candles to replay at start so the next live candle can already signal. */
  warmupCandles(params: P): number;
  /** A fresh state machine for one symbol. */
  create(params: P): StrategyMachine;
}

/**
 * Lets each strategy file keep its precise parameter type while the registry holds them all as
 * StrategyDefinition (parameters are only ever given back to the definition that parsed them).
 */
export function defineStrategy<P extends StrategyParams>(definition: StrategyDefinition<P>): StrategyDefinition {
  return definition as unknown as StrategyDefinition;
}
