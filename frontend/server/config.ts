import { z } from 'zod';
import { commonEnv, httpAccessEnv, url } from '@roottrading/config';

/**
 * The web process reads only what it needs: where to listen, where each service answers, and the
 * Redis it relays live events from (the same namespace and BUS_SECRET as the services, or it relays
 * nothing), and which Host names and Origins it serves (FRONTEND_PORT, ALLOWED_HOSTS, ALLOWED_ORIGINS).
 */
export const frontendEnvSchema = z.object({
  ...httpAccessEnv,
  HTTP_HOST: commonEnv.HTTP_HOST,
  LOG_LEVEL: commonEnv.LOG_LEVEL,
  REDIS_URL: commonEnv.REDIS_URL,
  BUS_NAMESPACE: commonEnv.BUS_NAMESPACE,
  BUS_SECRET: commonEnv.BUS_SECRET,
  GATEWAY_URL: url(['http', 'https'], 'http://127.0.0.1:5010'),
  ANALYZER_URL: url(['http', 'https'], 'http://127.0.0.1:5012'),
  TRADER_URL: url(['http', 'https'], 'http://127.0.0.1:5002'),
  PORTFOLIO_URL: url(['http', 'https'], 'http://127.0.0.1:8000'),
  BACKTEST_URL: url(['http', 'https'], 'http://127.0.0.1:5014'),
});
export type FrontendConfig = z.infer<typeof frontendEnvSchema>;

/** The services behind `/api/<name>/…`, in the order the UI lists them. */
export const UPSTREAMS = ['gateway', 'analyzer', 'trader', 'portfolio', 'backtest'] as const;
export type UpstreamName = (typeof UPSTREAMS)[number];

export function upstreamUrls(config: FrontendConfig): Record<UpstreamName, string> {
  return {
    gateway: config.GATEWAY_URL,
    analyzer: config.ANALYZER_URL,
    trader: config.TRADER_URL,
    portfolio: config.PORTFOLIO_URL,
    backtest: config.BACKTEST_URL,
  };
}
