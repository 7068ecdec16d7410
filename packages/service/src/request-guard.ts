import type { RequestHandler } from 'express';
import type { ErrorBody } from '@roottrading/contracts';
import type { Logger } from '@roottrading/logger';

/** `httpAccessEnv` of @roottrading/config, as parsed: what every HTTP server of the stack is told. */
export interface HttpAccessSettings {
  FRONTEND_PORT: number;
  ALLOWED_HOSTS: readonly string[];
  ALLOWED_ORIGINS: readonly string[];
}

/**
 * Loopback, and the names docker-compose gives the processes on its network (the web process
 * proxies to http://trader:5002 and so on). Any port: the published ones are set in .env.
 */
export const DEFAULT_HOSTS = [
  'localhost',
  '127.0.0.1',
  '[::1]',
  'gateway',
  'analyzer',
  'trader',
  'portfolio',
  'backtest',
  'frontend',
] as const;

/** The origins the web page itself is opened on, by default. */
export function pageOrigins(webPort: number): string[] {
  return ['localhost', '127.0.0.1', '[::1]'].map((host) => `http://${host}:${webPort}`);
}

export interface AccessRules {
  hosts: ReadonlySet<string>;
  origins: ReadonlySet<string>;
}

export function accessRules(settings: HttpAccessSettings): AccessRules {
  return {
    hosts: new Set([...DEFAULT_HOSTS, ...settings.ALLOWED_HOSTS]),
    origins: new Set([...pageOrigins(settings.FRONTEND_PORT), ...settings.ALLOWED_ORIGINS]),
  };
}

/** The name a Host header gives, without its port, lower-cased; undefined when it is not one. */
export function hostName(header: string | undefined): string | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]/\s@]+)(?::\d{1,5})?$/i.exec(header ?? '');
  return match ? match[1]!.toLowerCase().replace(/\.$/, '') : undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface Refusal {
  status: 403 | 421;
  error: string;
}

/**
 * Why a request must not be served, if it must not. A Host this server does not go by is what a
 * page on a rebound DNS name sends (421: any method, reads included, since such a page can read
 * the answers); a state-changing request with an Origin not allowed is another site's page (403).
 * No Origin at all is curl, a script or a service, which no browser page can pass for.
 */
export function refusalOf(
  rules: AccessRules,
  req: { method: string; host: string | undefined; origin: string | undefined },
): Refusal | undefined {
  const host = hostName(req.host);
  if (host === undefined || !rules.hosts.has(host)) {
    const named = req.host === undefined ? 'no Host header' : `Host ${JSON.stringify(req.host)}`;
    return { status: 421, error: `${named} refused: this server answers only its own host names (see ALLOWED_HOSTS)` };
  }
  if (SAFE_METHODS.has(req.method) || req.origin === undefined) return undefined;
  if (rules.origins.has(normalOrigin(req.origin))) return undefined;
  return {
    status: 403,
    error: `cross-origin ${req.method} refused: Origin ${JSON.stringify(req.origin)} is not allowed (see ALLOWED_ORIGINS)`,
  };
}

function normalOrigin(origin: string): string {
  try {
    return new URL(origin).origin;
  } catch {
    return origin; // "null" and other non-URLs: compared as sent, so never allowed
  }
}

/**
 * The first middleware of every HTTP server of the stack: a refused request is answered with a
 * JSON error before any body is read or any route runs, so it changes nothing.
 */
export function requestGuard(rules: AccessRules, logger: Logger): RequestHandler {
  return (req, res, next) => {
    const refusal = refusalOf(rules, { method: req.method, host: req.headers.host, origin: req.headers.origin });
    if (refusal === undefined) return next();
    logger.warn(
      {
        method: req.method,
        path: req.path,
        host: req.headers.host,
        origin: req.headers.origin,
        status: refusal.status,
      },
      refusal.error,
    );
    res.status(refusal.status).json({ error: refusal.error } satisfies ErrorBody);
  };
}
