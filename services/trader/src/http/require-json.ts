import type { Request } from 'express';
import { HttpError } from '@roottrading/service';

/**
 * State-changing routes take JSON only: a form or text/plain POST from another web page cannot reach
 * a local trader, because a cross-origin JSON request needs a CORS preflight this server never grants.
 */
export function requireJson(req: Request, what: string): void {
  if (!req.is('application/json')) {
    throw new HttpError(415, `send ${what} as JSON with Content-Type: application/json`, [
      { field: 'body', message: 'must be JSON (Content-Type: application/json)' },
    ]);
  }
}
