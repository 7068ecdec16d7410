import { z } from 'zod';
import { commonEnv, httpAccessEnv, port } from '@roottrading/config';

export const portfolioEnvSchema = z.object({
  ...commonEnv,
  ...httpAccessEnv,
  PORTFOLIO_PORT: port(8000),
  /** The strategy instances with their budgets: GET /arena ranks them (without it, every strategy that traded). */
  STRATEGIES_FILE: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined)),
});
export type PortfolioConfig = z.infer<typeof portfolioEnvSchema>;
