import type { z } from 'zod';
import type { Side } from '@roottrading/contracts';
import type { Timeframe } from '../timeframes/timeframes.js';

/** A closed candle as numbers: what strategies compute on (the bus carries decimal strings). */
export interface Bar {
  startTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** A missing base candle made up by GAP_FILL=flat (or a bar built only of such candles). */
  filled?: boolean;
}

/** A strategy's parameters: plain numbers (and timeframe names), part of every signal's id and metadata. */
export type StrategyParams = Record<string, number | string>;

/** The latest closed bar of each timeframe the analyzer builds, as of the bar a strategy is stepped on. */
export interface TimeframeView {
  /** Undefined until a bar of that timeframe has closed (or when no strategy declared it). */
  closed(timeframe: string): Bar | undefined;
}

/** Where a strategy runs: its primary timeframe, and the other ones it reads through the view. */
export interface StrategyTimeframes {
  /** The bars it is stepped on (and may signal on the close of); the base interval when left out. */
  primary?: Timeframe;
  /** Other timeframes it reads, each with the bars of it the warm-up must replay. */
  reads?: readonly { timeframe: Timeframe; bars: number }[];
}

/** Exit prices a strategy sets on its own BUY (a range's far side, a projected target). */
export interface StrategyExits {
  stopLoss?: number;
  takeProfit?: number;
}

/** One strategy's state for one symbol: fed every closed bar of its primary timeframe in order. */
export interface StrategyMachine {
  /**
   * BUY or SELL when this bar completes a crossing; null otherwise (and during warm-up). `view` has
   * the latest closed bar of every other timeframe the strategy declared.
   */
  update(bar: Bar, view: TimeframeView): Side | null;
  /** The indicator values after the last update, plus the parameters: the signal's metadata. */
  metadata(): Record<string, number | string | null>;
  /**
   * Optional: the stop and target of the BUY `update` just returned, from the strategy's own levels.
   * Each one set takes the place of the configured rule (STOP_LOSS, TAKE_PROFIT, …) on that signal;
   * the others, and the trailing stop, stay as configured. Strategies without it are unchanged.
   */
  exits?(): StrategyExits | undefined;
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
  /**
   * How many past bars of its primary timeframe to replay at start so the next bar can already
   * signal (the analyzer turns that into base candles).
   */
  warmupCandles(params: P): number;
  /** Its timeframes; without this, the base interval alone (the strategies that predate timeframes). */
  timeframes?(params: P): StrategyTimeframes;
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
