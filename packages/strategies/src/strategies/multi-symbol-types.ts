import type { z } from 'zod';
import type { Side } from '@roottrading/contracts';
import type { Bar, StrategyDefinition, StrategyParams } from './types.js';

/**
 * The closed base candles of one open time across the symbols a multi-symbol strategy reads. A
 * symbol with no candle at that time (a minute without trades, a refused candle) is simply not in
 * `bars`: strategies treat it as absent, never as a zero or a repeat of its last price.
 */
export interface CrossSection {
  openTime: number;
  /** Only the symbols present at `openTime`, in SYMBOLS order. */
  bars: ReadonlyMap<string, Bar>;
}

/** One signal of a multi-symbol strategy: for a symbol present in the cross-section it was stepped on. */
export interface MultiSymbolDecision {
  symbol: string;
  side: Side;
  /** The values that decided it, plus the parameters: the signal's metadata. */
  metadata: Record<string, number | string | null>;
}

/** A multi-symbol strategy's state: fed every cross-section in open-time order, once each. */
export interface MultiSymbolMachine {
  /** The signals this cross-section completes (none during warm-up: too little history). */
  step(section: CrossSection): readonly MultiSymbolDecision[];
}

/**
 * A strategy that decides on several symbols at once (rotation between pairs, one pair's signal
 * conditioned on another's). It runs on the base interval, stepped once per candle open time with
 * every symbol it reads (see CrossSectionAnalyzer); its signals go out with the analysed-candle
 * entry of their own symbol at that time, so the trader's order of events is unchanged.
 */
export interface MultiSymbolStrategyDefinition<P extends StrategyParams = StrategyParams> {
  readonly kind: 'multi-symbol';
  readonly name: string;
  readonly description: string;
  /** As for single-symbol strategies: `ROTATION` reads ROTATION_STOP_LOSS, … for its BUY signals. */
  readonly protectionPrefix?: string;
  readonly paramsSchema: z.ZodType<P>;
  /** Base candles to replay at start so that the next cross-section signals as an unbroken run would. */
  warmupCandles(params: P, intervalMs: number): number;
  /**
   * The symbols it reads, out of SYMBOLS (kept in SYMBOLS order by the caller). Throws a RangeError
   * naming the variable when its parameters name a symbol SYMBOLS does not have.
   */
  symbols(params: P, symbols: readonly string[]): string[];
  /** A fresh machine over those symbols. */
  create(params: P, symbols: readonly string[], intervalMs: number): MultiSymbolMachine;
}

/** Whatever the registry holds: a per-symbol strategy or a multi-symbol one. */
export type AnyStrategyDefinition = StrategyDefinition | MultiSymbolStrategyDefinition;

export function isMultiSymbol(definition: AnyStrategyDefinition): definition is MultiSymbolStrategyDefinition {
  return (definition as { kind?: string }).kind === 'multi-symbol';
}

/** As defineStrategy: each file keeps its precise parameter type, the registry holds them all. */
export function defineMultiSymbolStrategy<P extends StrategyParams>(
  definition: Omit<MultiSymbolStrategyDefinition<P>, 'kind'>,
): MultiSymbolStrategyDefinition {
  return { kind: 'multi-symbol', ...definition } as unknown as MultiSymbolStrategyDefinition;
}

export function isSymbolDefinition(definition: AnyStrategyDefinition): definition is StrategyDefinition {
  return !isMultiSymbol(definition);
}
