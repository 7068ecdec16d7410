import type { z } from 'zod';
import { strategyRegistry } from './registry.js';
import type { AnyStrategyDefinition } from './multi-symbol-types.js';

/** The protections a strategy may set under its own prefix (RSI_STOP_LOSS, …) or an instance in STRATEGIES_FILE. */
export const PROTECTION = [
  'STOP_LOSS',
  'TAKE_PROFIT',
  'TRAILING_STOP',
  'TRAILING_ACTIVATION',
  'PARTIAL_TAKE_PROFIT',
  'TIME_STOP',
];

/** The variable names an object schema reads, through any refine or transform around it. */
export function keysOf(schema: z.ZodType): string[] {
  const def = (schema as unknown as { _zod: { def: { type: string; in?: z.ZodType; shape?: object } } })._zod.def;
  if (def.type === 'pipe' && def.in) return keysOf(def.in);
  if (def.type === 'object' && def.shape) return Object.keys(def.shape);
  return [];
}

/**
 * Every environment variable the strategies read: the protection defaults (STOP_LOSS, …,
 * ATR_WINDOW, SWING_STRENGTH), GAP_FILL, each strategy's parameters (RSI_WINDOW, …) and its own protections (RSI_STOP_LOSS, …).
 * What a stored backtest may override, and nothing more.
 */
export function strategySettingNames(registry: readonly AnyStrategyDefinition[] = strategyRegistry): string[] {
  const names = new Set<string>([...PROTECTION, 'ATR_WINDOW', 'SWING_STRENGTH', 'GAP_FILL']);
  for (const d of registry) {
    for (const key of keysOf(d.paramsSchema)) names.add(key);
    if (d.protectionPrefix) for (const p of PROTECTION) names.add(`${d.protectionPrefix}_${p}`);
  }
  return [...names];
}
