import type { Request } from 'express';

/**
 * Every route that changes state passes here first. In demo mode there is nothing to guard: the
 * trader listens on HTTP_HOST (127.0.0.1 by default) and takes JSON only (see requireJson).
 *
 * Live mode will check the trader's API token here (a later issue): one place, so no route that
 * moves money can be added without it.
 */
export function requireOperator(_req: Request): void {
  // Intentionally empty in demo mode.
}
