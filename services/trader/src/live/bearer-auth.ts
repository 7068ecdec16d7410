import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { ErrorBody } from '@roottrading/contracts';
import { HttpError } from '@roottrading/service';

/** Both sides hashed first: equal lengths for timingSafeEqual, so not even the token's length leaks. */
const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Why an Authorization header does not carry the token (undefined when it does). Constant time in the token. */
function tokenProblem(authorization: string | undefined, expected: Buffer): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
  if (match && timingSafeEqual(digest(match[1]!), expected)) return undefined;
  return match
    ? 'invalid API token'
    : 'this route needs the trader API token: send "Authorization: Bearer <TRADER_API_TOKEN>"';
}

function expectedDigest(token: string): Buffer {
  // Refused at build time, so a missing setting can never mean "no check".
  if (!token) throw new Error('a bearer token check needs a non-empty token');
  return digest(token);
}

/**
 * Express middleware for the routes that change state (POST /trade, cancel, pause, reset): the
 * request must carry `Authorization: Bearer <TRADER_API_TOKEN>`, else 401 with a JSON error.
 */
export function requireBearerToken(token: string): RequestHandler {
  const expected = expectedDigest(token);
  return (req, res, next) => {
    const problem = tokenProblem(req.get('authorization'), expected);
    if (problem === undefined) {
      next();
      return;
    }
    res
      .status(401)
      .set('WWW-Authenticate', 'Bearer realm="trader"')
      .json({ error: problem } satisfies ErrorBody);
  };
}

/**
 * The same check as a function that throws HttpError(401) — the shape of http/operator-auth.ts's
 * requireOperator(req), which every state-changing route already calls: live mode plugs this in there.
 */
export function bearerTokenCheck(token: string): (req: Request) => void {
  const expected = expectedDigest(token);
  return (req) => {
    const problem = tokenProblem(req.get('authorization'), expected);
    if (problem !== undefined) throw new HttpError(401, problem);
  };
}
