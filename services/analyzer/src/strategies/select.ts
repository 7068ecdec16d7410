import { ConfigError, parseEnv } from '@roottrading/config';
import { canonicalJson } from '../canonical-json.js';
import { strategyRegistry } from './registry.js';
import type { StrategyDefinition, StrategyMachine, StrategyParams } from './types.js';

/** A strategy chosen by STRATEGIES, with its parameters read from the environment. */
export interface LoadedStrategy {
  name: string;
  description: string;
  params: StrategyParams;
  /** The parameters as canonical JSON (sorted keys): part of every signal id. */
  paramsKey: string;
  warmupCandles: number;
  create(): StrategyMachine;
}

/**
 * Resolves a STRATEGIES list ("RSI_Strategy, bollinger_bands") to registry names, in the order given,
 * matching case-insensitively. Returns an error message naming the unknown ones and the known ones.
 */
export function resolveStrategyNames(
  raw: string,
  registry: readonly StrategyDefinition[] = strategyRegistry,
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
 * Parses each named strategy's parameters from `env`. Every bad variable of every strategy is
 * reported in one ConfigError line, so a bad RSI_WINDOW stops the service before it connects anywhere.
 */
export function loadStrategies(
  names: readonly string[],
  env: Record<string, string | undefined>,
  registry: readonly StrategyDefinition[] = strategyRegistry,
): LoadedStrategy[] {
  const loaded: LoadedStrategy[] = [];
  const problems: string[] = [];
  for (const name of names) {
    const definition = registry.find((d) => d.name === name);
    if (!definition) {
      problems.push(`STRATEGIES names an unknown strategy "${name}"; known: ${registry.map((d) => d.name).join(', ')}`);
      continue;
    }
    try {
      const params = parseEnv(definition.paramsSchema, env);
      loaded.push({
        name,
        description: definition.description,
        params,
        paramsKey: canonicalJson(params),
        warmupCandles: definition.warmupCandles(params),
        create: () => definition.create(params),
      });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(err.message.replace(/^config: /, ''));
    }
  }
  if (problems.length > 0) throw new ConfigError(`config: ${problems.join('; ')}`);
  return loaded;
}
