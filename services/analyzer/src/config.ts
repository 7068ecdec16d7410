import { z } from 'zod';
import { commonEnv, httpAccessEnv, parseEnv, port } from '@roottrading/config';
import { defaultStrategyNames, resolveStrategyNames } from '@roottrading/strategies';

/**
 * The analyzer's environment. Each strategy's own variables (RSI_WINDOW, BB_STD, …) are read by its
 * paramsSchema when the service starts (see loadStrategies in @roottrading/strategies).
 */
export const analyzerEnvSchema = z.object({
  ...commonEnv,
  ...httpAccessEnv,
  ANALYZER_PORT: port(5012),
  /** Comma-separated strategy names, run in this order; default: the first three (RSI, SMA cross, Bollinger). */
  STRATEGIES: z
    .string()
    .default(defaultStrategyNames.join(','))
    .transform((raw, ctx) => {
      const names = resolveStrategyNames(raw);
      if (Array.isArray(names)) return names;
      ctx.addIssue({ code: 'custom', message: names.error });
      return z.NEVER;
    }),
});

export type AnalyzerConfig = z.output<typeof analyzerEnvSchema>;

export function parseAnalyzerConfig(env: Record<string, string | undefined> = process.env): AnalyzerConfig {
  return parseEnv(analyzerEnvSchema, env);
}
