import { z } from 'zod';
import { commonEnv, httpAccessEnv, port } from '@roottrading/config';

export const portfolioEnvSchema = z.object({
  ...commonEnv,
  ...httpAccessEnv,
  PORTFOLIO_PORT: port(8000),
});
export type PortfolioConfig = z.infer<typeof portfolioEnvSchema>;
