import type { RequestHandler } from 'express';
import type { ErrorBody } from '@roottrading/contracts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a state-changing request that a browser sent from another site (its Origin names a
 * different host), so a web page open in the same browser cannot POST to /api/trader/trade.
 * Requests without an Origin header (curl, scripts) are not browser cross-site requests and pass.
 */
export const sameOriginWrites: RequestHandler = (req, res, next) => {
  const origin = req.headers.origin;
  if (SAFE_METHODS.has(req.method) || origin === undefined) return next();
  let originHost: string | undefined;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = undefined;
  }
  if (originHost !== undefined && originHost === req.headers.host) return next();
  const body: ErrorBody = { error: `cross-site ${req.method} refused: Origin ${origin} is not this server` };
  res.status(403).json(body);
};
