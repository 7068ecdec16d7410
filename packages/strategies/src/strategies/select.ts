import { z } from 'zod';
import { commonEnv, ConfigError, parseEnv } from '@roottrading/config';
import { intervalToMs } from '@roottrading/contracts';
import { canonicalJson } from '../canonical-json.js';
import {
  applyOverrides,
  protectionDefaultsSchema,
  protectionIdentity,
  protectionWarmup,
  strategyOverridesSchema,
  type ProtectionConfig,
  type ProtectionOverrides,
} from '../protection/config.js';
import { resolveTimeframes, type ResolvedTimeframes } from '../timeframes/strategy-timeframes.js';
import { strategyRegistry } from './registry.js';
import {
  isMultiSymbol,
  type AnyStrategyDefinition,
  type MultiSymbolMachine,
  type MultiSymbolStrategyDefinition,
} from './multi-symbol-types.js';
import type { StrategyMachine, StrategyParams } from './types.js';

const NO_OVERRIDES: ProtectionOverrides = {
  stopLoss: undefined,
  takeProfit: undefined,
  trailingStop: undefined,
  trailingActivation: undefined,
  partialTakeProfit: undefined,
  timeStop: undefined,
};

export const GAP_FILLS = ['none', 'flat'] as const;
export type GapFill = (typeof GAP_FILLS)[number];

/** What every strategy chosen by STRATEGIES has, whatever its kind. */
interface LoadedCommon {
  name: string;
  description: string;
  params: StrategyParams;
  /** Stop loss, take profit and trailing stop for its BUY signals (global defaults, then its own prefix). */
  protection: ProtectionConfig;
  /**
   * The parameters as canonical JSON (sorted keys): part of every signal id. With a protection
   * configured it holds that too (under "protection"), so changing a stop makes different signals;
   * without one it is the parameters alone, as before protections existed.
   */
  paramsKey: string;
  /** Base candles (INTERVAL) to replay at start: its primary timeframe's warm-up, in base candles. */
  warmupCandles: number;
  /** STRATEGIES_FILE: the strategy this instance runs (its `name` is the instance's); unset without the file. */
  strategy?: string;
  /** STRATEGIES_FILE: the symbols this instance trades (a multi-symbol one: reads, out of these); every symbol when unset. */
  symbols?: readonly string[];
  /** STRATEGIES_FILE: its capital per quote currency (decimal strings); the whole account when unset. */
  budget?: Readonly<Record<string, string>>;
}

/** A per-symbol strategy chosen by STRATEGIES, with its parameters read from the environment. */
export interface LoadedSymbolStrategy extends LoadedCommon {
  kind: 'single-symbol';
  /** Its primary timeframe (INTERVAL unless it declares one) and every timeframe it reads. */
  timeframes: Omit<ResolvedTimeframes, 'warmupCandles'>;
  /** GAP_FILL: whether the analyzer makes up missing base candles before this strategy sees them. */
  gapFill: GapFill;
  create(): StrategyMachine;
}

/**
 * A multi-symbol strategy chosen by STRATEGIES: stepped on the base interval's cross-sections
 * (GAP_FILL does not apply: a missing candle is an absent symbol).
 */
export interface LoadedMultiSymbolStrategy extends LoadedCommon {
  kind: 'multi-symbol';
  /** The symbols it reads out of SYMBOLS; throws a RangeError naming the variable otherwise. */
  symbolsOf(symbols: readonly string[]): string[];
  create(symbols: readonly string[], intervalMs: number): MultiSymbolMachine;
}

export type LoadedStrategy = LoadedSymbolStrategy | LoadedMultiSymbolStrategy;

/**
 * The base series every timeframe is built from: the services' INTERVAL (1m by default), and
 * GAP_FILL — `none` (missing candles stay missing: indicators count candles, not minutes) or `flat`
 * (each missing candle made up from the previous close, volume 0, marked filled).
 */
const baseSchema = z.object({
  INTERVAL: commonEnv.INTERVAL,
  GAP_FILL: z
    .string()
    .trim()
    .toLowerCase()
    .default('none')
    .pipe(z.enum(GAP_FILLS, { message: `must be ${GAP_FILLS.join(' or ')}` })),
});

/**
 * Resolves a STRATEGIES list ("RSI_Strategy, bollinger_bands") to registry names, in the order given,
 * matching case-insensitively. Returns an error message naming the unknown ones and the known ones.
 */
export function resolveStrategyNames(
  raw: string,
  registry: readonly AnyStrategyDefinition[] = strategyRegistry,
): string[] | { error: string } {
  const known = registry.map((d) => d.name);
  const names: string[] = [];
  const unknown: string[] = [];
  for (const part of raw.split(',').map((p) => p.trim())) {
    if (!part) continue;
    const name = known.find((k) => k.toLowerCase() === part.toLowerCase());
    if (!name) unknown.push(`"${part}"`);
    else if (!names.includes(name)) names.push(name);
  }
  if (unknown.length > 0) {
    const what = unknown.length === 1 ? 'an unknown strategy' : 'unknown strategies';
    return { error: `names ${what} ${unknown.join(', ')}; known: ${known.join(', ')}` };
  }
  if (names.length === 0) return { error: `must name at least one strategy; known: ${known.join(', ')}` };
  return names;
}

/**
 * Parses each named strategy's parameters and protections from `env`. Every bad variable of every
 * strategy (and of the global STOP_LOSS, … defaults) is reported in one ConfigError line, so a bad
 * RSI_WINDOW or RSI_STOP_LOSS stops the service before it connects anywhere.
 */
export function loadStrategies(
  names: readonly string[],
  env: Record<string, string | undefined>,
  registry: readonly AnyStrategyDefinition[] = strategyRegistry,
): LoadedStrategy[] {
  const loaded: LoadedStrategy[] = [];
  const problems: string[] = [];
  const report = (err: unknown) => {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(err.message.replace(/^config: /, ''));
  };
  let defaults: ProtectionConfig | undefined;
  let base: z.output<typeof baseSchema> | undefined;
  try {
    defaults = parseEnv(protectionDefaultsSchema, env);
  } catch (err) {
    report(err);
  }
  try {
    base = parseEnv(baseSchema, env);
  } catch (err) {
    report(err);
  }
  for (const name of names) {
    const definition = registry.find((d) => d.name === name);
    if (!definition) {
      problems.push(`STRATEGIES names an unknown strategy "${name}"; known: ${registry.map((d) => d.name).join(', ')}`);
      continue;
    }
    let params: StrategyParams | undefined;
    let overrides: ProtectionOverrides | undefined;
    try {
      params = parseEnv(definition.paramsSchema, env);
    } catch (err) {
      report(err);
    }
    try {
      const prefix = definition.protectionPrefix;
      overrides = prefix ? parseEnv(strategyOverridesSchema(prefix), env) : NO_OVERRIDES;
    } catch (err) {
      report(err);
    }
    if (!params || !overrides || !defaults || !base) continue;
    if (isMultiSymbol(definition)) {
      loaded.push(
        loadMultiSymbol(definition, params, applyOverrides(defaults, overrides), intervalToMs(base.INTERVAL)),
      );
      continue;
    }
    let timeframes: ResolvedTimeframes;
    try {
      timeframes = resolveTimeframes(definition, params, base.INTERVAL);
    } catch (err) {
      problems.push((err as Error).message);
      continue;
    }
    const protection = applyOverrides(defaults, overrides);
    const identity = protectionIdentity(protection);
    const parsed = params;
    loaded.push({
      kind: 'single-symbol',
      name,
      description: definition.description,
      params,
      protection,
      // Filled gaps can change a signal, so they change its id; without them the id is as before.
      paramsKey: canonicalJson({
        ...params,
        ...(identity ? { protection: identity } : {}),
        ...(base.GAP_FILL === 'flat' ? { gapFill: 'flat' } : {}),
      }),
      gapFill: base.GAP_FILL,
      warmupCandles: Math.max(timeframes.warmupCandles, protectionWarmup(protection)),
      timeframes: {
        primary: timeframes.primary,
        primaryMs: timeframes.primaryMs,
        onBase: timeframes.onBase,
        timeframesMs: timeframes.timeframesMs,
      },
      create: () => definition.create(parsed),
    });
  }
  if (problems.length > 0) throw new ConfigError(`config: ${problems.join('; ')}`);
  return loaded;
}

function loadMultiSymbol(
  definition: MultiSymbolStrategyDefinition,
  params: StrategyParams,
  protection: ProtectionConfig,
  intervalMs: number,
): LoadedMultiSymbolStrategy {
  const identity = protectionIdentity(protection);
  return {
    kind: 'multi-symbol',
    name: definition.name,
    description: definition.description,
    params,
    protection,
    paramsKey: canonicalJson({ ...params, ...(identity ? { protection: identity } : {}) }),
    warmupCandles: Math.max(definition.warmupCandles(params, intervalMs), protectionWarmup(protection)),
    symbolsOf: (symbols) => definition.symbols(params, symbols),
    create: (symbols, ms) => definition.create(params, symbols, ms),
  };
}

export function isSymbolStrategy(strategy: LoadedStrategy): strategy is LoadedSymbolStrategy {
  return strategy.kind === 'single-symbol';
}
