import { z } from 'zod';
import { positiveDecimalInput } from './decimal.js';
import { symbolSchema } from './symbols.js';

/** An instance's name: what its signals, orders, trades and positions carry as their strategy. */
export const instanceNameSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/,
    'must be 1–64 letters, digits, "_", "." or "-", starting with a letter or digit',
  );

const settingValue = z.union([z.string(), z.number().finite(), z.boolean()]).transform(String);
const settingName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be a variable name in capitals, e.g. RSI_WINDOW');

/**
 * One strategy instance of STRATEGIES_FILE: a strategy under its own name, with its own parameters
 * (the strategy's variables, e.g. RSI_WINDOW: 10; unset ones come from the environment as without
 * the file), symbols (a subset of SYMBOLS; all by default), protections (STOP_LOSS, TAKE_PROFIT,
 * TRAILING_STOP, TRAILING_ACTIVATION) and capital budget per quote currency.
 */
export const strategyInstanceSchema = z
  .object({
    name: instanceNameSchema,
    strategy: z.string().min(1, 'must name a strategy'),
    params: z.record(settingName, settingValue).default({}),
    symbols: z.array(symbolSchema).min(1, 'must list at least one symbol when given').optional(),
    protections: z.record(settingName, settingValue).default({}),
    /** Quote currency → the most this instance may have at cost in positions and resting BUYs, plus its closed result. */
    budget: z
      .record(z.string().regex(/^[A-Z0-9]{2,12}$/, 'must be a currency code such as USDC'), positiveDecimalInput)
      .optional(),
  })
  .strict();

export const strategiesFileSchema = z
  .object({ instances: z.array(strategyInstanceSchema).min(1, 'must list at least one instance') })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.instances.forEach((instance, i) => {
      const key = instance.name.toLowerCase();
      if (seen.has(key))
        ctx.addIssue({ code: 'custom', path: ['instances', i, 'name'], message: `repeats "${instance.name}"` });
      seen.add(key);
    });
  });

export type StrategyInstance = z.output<typeof strategyInstanceSchema>;
export type StrategiesFile = z.output<typeof strategiesFileSchema>;
