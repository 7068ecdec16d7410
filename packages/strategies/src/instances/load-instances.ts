import type { z } from 'zod';
import { ConfigError, parseConfigText, readConfigFile } from '@roottrading/config';
import { strategiesFileSchema, type StrategiesFile, type StrategyInstance } from '@roottrading/contracts';
import { strategyRegistry } from '../strategies/registry.js';
import { loadStrategies, type LoadedStrategy } from '../strategies/select.js';
import { keysOf, PROTECTION } from '../strategies/setting-names.js';
import type { AnyStrategyDefinition } from '../strategies/multi-symbol-types.js';

type Env = Record<string, string | undefined>;

/**
 * The strategies a service runs: the instances of STRATEGIES_FILE when it is set, else the
 * strategies STRATEGIES names (each one instance under its own name, as before the file existed).
 */
export function loadStrategySet(names: readonly string[], env: Env): LoadedStrategy[] {
  const path = env.STRATEGIES_FILE?.trim();
  if (!path) return loadStrategies(names, env);
  if (env.STRATEGIES?.trim()) {
    throw new ConfigError('config: set STRATEGIES or STRATEGIES_FILE, not both (the file lists the instances to run)');
  }
  return loadInstances(readConfigFile(path, instancesFileSchema(env), 'STRATEGIES_FILE'), env);
}

/** The same from the file's text (tests, the backtest service); `where` names it in errors. */
export function parseStrategiesFile(text: string, env: Env, where = 'STRATEGIES_FILE'): LoadedStrategy[] {
  return loadInstances(parseConfigText(text, instancesFileSchema(env), where), env);
}

/**
 * The file's shape (contracts) plus what only the strategies know, so every problem carries its
 * line: the strategy exists, each parameter is one of its variables with a valid value, each
 * protection is a known one, each symbol is in SYMBOLS.
 */
function instancesFileSchema(env: Env, registry: readonly AnyStrategyDefinition[] = strategyRegistry) {
  const symbols = env.SYMBOLS?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return strategiesFileSchema.superRefine((file, ctx) => {
    file.instances.forEach((instance, i) => {
      const at = (...path: (string | number)[]) => ['instances', i, ...path];
      const definition = definitionOf(instance, registry);
      if (!definition) {
        const known = registry.map((d) => d.name).join(', ');
        ctx.addIssue({ code: 'custom', path: at('strategy'), message: `names an unknown strategy; known: ${known}` });
        return;
      }
      const own = new Set(keysOf(definition.paramsSchema));
      for (const key of Object.keys(instance.params)) {
        if (!own.has(key)) {
          const list = [...own].join(', ') || 'none';
          ctx.addIssue({
            code: 'custom',
            path: at('params', key),
            message: `is not a ${definition.name} parameter (${list})`,
          });
        }
      }
      const parsed = definition.paramsSchema.safeParse({ ...env, ...instance.params });
      if (!parsed.success) for (const issue of parsed.error.issues) reportParam(ctx, issue, instance, at);
      for (const key of Object.keys(instance.protections)) {
        if (!PROTECTION.includes(key)) {
          ctx.addIssue({
            code: 'custom',
            path: at('protections', key),
            message: `is not one of ${PROTECTION.join(', ')}`,
          });
        }
      }
      instance.symbols?.forEach((symbol, j) => {
        if (symbols && !symbols.includes(symbol)) {
          ctx.addIssue({ code: 'custom', path: at('symbols', j), message: `is not in SYMBOLS (${symbols.join(',')})` });
        }
      });
    });
  });
}

function reportParam(
  ctx: z.RefinementCtx,
  issue: z.core.$ZodIssue,
  instance: StrategyInstance,
  at: (...path: (string | number)[]) => (string | number)[],
): void {
  const key = String(issue.path[0] ?? '');
  const inFile = key in instance.params;
  ctx.addIssue({
    code: 'custom',
    path: inFile ? at('params', key) : at('params'),
    message: inFile ? issue.message : `${key} (from the environment) ${issue.message}`,
  });
}

function definitionOf(instance: StrategyInstance, registry: readonly AnyStrategyDefinition[]) {
  return registry.find((d) => d.name.toLowerCase() === instance.strategy.toLowerCase());
}

/**
 * Each instance is its strategy loaded from the environment with the instance's own variables laid
 * over it: its parameters, and its protections under the strategy's prefix (which wins over the
 * global STOP_LOSS, …), so an instance without protections gets what the strategy would get alone.
 */
function loadInstances(file: StrategiesFile, env: Env, registry = strategyRegistry): LoadedStrategy[] {
  return file.instances.map((instance) => {
    const definition = definitionOf(instance, registry)!;
    const prefix = definition.protectionPrefix;
    const protections = Object.fromEntries(
      Object.entries(instance.protections).map(([key, value]) => [prefix ? `${prefix}_${key}` : key, value]),
    );
    const [loaded] = loadStrategies([definition.name], { ...env, ...instance.params, ...protections }, registry);
    return {
      ...loaded!,
      name: instance.name,
      strategy: definition.name,
      ...(instance.symbols ? { symbols: instance.symbols } : {}),
      ...(instance.budget ? { budget: instance.budget } : {}),
    };
  });
}

/** The instances that trade `symbol`: those without a symbols list, and those that list it. */
export function strategiesFor(symbol: string, strategies: readonly LoadedStrategy[]): LoadedStrategy[] {
  return strategies.filter((s) => !s.symbols || s.symbols.includes(symbol));
}
