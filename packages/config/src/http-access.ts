import { z } from 'zod';
import { port } from './fields.js';

/** A DNS name, an IPv4 address or a bracketed IPv6 address: what a Host header names before its port. */
const HOST_NAME =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])$/;

const parts = (raw: string) =>
  raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);

/** "trading.example.com,192.168.1.20,[fd00::5]": host names, any port; lower-cased, without a trailing dot. */
export const hostList = () =>
  z
    .string()
    .default('')
    .transform((raw, ctx) => {
      const out: string[] = [];
      for (const part of parts(raw)) {
        const host = part.toLowerCase().replace(/\.$/, '');
        if (!HOST_NAME.test(host)) {
          ctx.addIssue({
            code: 'custom',
            message: `must be a comma-separated list of host names without scheme or port, like trading.example.com,192.168.1.20 ("${part}" is not)`,
          });
          return z.NEVER;
        }
        if (!out.includes(host)) out.push(host);
      }
      return out;
    });

/** Scheme, host and port, at most a trailing slash: no path, query, fragment or credentials. */
const ORIGIN_SHAPE = /^https?:\/\/[^/?#@\s]+\/?$/i;

/** The origin a browser would send for `value` (lower-cased, default port dropped), if it names one. */
export function originOf(value: string): string | undefined {
  if (!ORIGIN_SHAPE.test(value)) return undefined;
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
}

/** "https://trading.example.com,http://192.168.1.20:3000": origins as browsers send them. */
export const originList = () =>
  z
    .string()
    .default('')
    .transform((raw, ctx) => {
      const out: string[] = [];
      for (const part of parts(raw)) {
        const origin = originOf(part);
        if (origin === undefined) {
          ctx.addIssue({
            code: 'custom',
            message: `must be a comma-separated list of origins like https://trading.example.com,http://192.168.1.20:3000 (scheme, host and port only; "${part}" is not)`,
          });
          return z.NEVER;
        }
        if (!out.includes(origin)) out.push(origin);
      }
      return out;
    });

/**
 * What every HTTP server (the services and the web process) needs to tell its own requests from a
 * rebound DNS name or another site's page: the web page's port (whose origins it accepts writes
 * from) and the host names and origins to accept beyond the defaults.
 */
export const httpAccessEnv = {
  FRONTEND_PORT: port(3000),
  ALLOWED_HOSTS: hostList(),
  ALLOWED_ORIGINS: originList(),
};
