/** Exponential backoff: base, 2×base, 4×base … capped at `max` (attempt counts from 1). */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  return Math.min(baseMs * 2 ** exponent, maxMs);
}
