import type { Express, Request } from 'express';
import { HttpError } from '@roottrading/service';
import { bearerTokenCheck } from '../live/bearer-auth.js';

/** Where the app keeps its operator check (app.locals), so route modules need no extra wiring. */
const CHECK = 'roottradingOperatorCheck';

export type OperatorCheck = (req: Request) => void;

/** Demo mode: the trader listens on HTTP_HOST (127.0.0.1 by default) and takes JSON only (requireJson). */
const openInDemo: OperatorCheck = () => undefined;

/**
 * Chooses the check every state-changing route runs: none in demo mode; in live mode the request
 * must carry `Authorization: Bearer <TRADER_API_TOKEN>` (401 JSON otherwise). Call it once, before
 * the routes are mounted.
 */
export function installOperatorAuth(
  app: Express,
  config: { TRADING_MODE: 'demo' | 'live'; TRADER_API_TOKEN?: string | undefined },
): void {
  const check: OperatorCheck =
    config.TRADING_MODE === 'live' ? bearerTokenCheck(config.TRADER_API_TOKEN ?? '') : openInDemo;
  app.locals[CHECK] = check;
}

/**
 * Every route that changes state passes here first: one place, so no route that moves money can
 * be added without it. An app that never chose its check refuses (fails closed) rather than
 * letting the request through.
 */
export function requireOperator(req: Request): void {
  const check = req.app.locals[CHECK] as OperatorCheck | undefined;
  if (!check) throw new HttpError(500, 'operator authentication is not configured');
  check(req);
}
