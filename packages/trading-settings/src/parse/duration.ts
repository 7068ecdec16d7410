/** Units a duration may carry; a bare number means seconds, because that is how people write "300". */
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * "300", "300s", "5m", "1h", "7d", "250ms" → milliseconds. Returns an error text (not a throw) so the env
 * schema can put it in its one-line message.
 */
export function parseDuration(raw: string): number | string {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/i.exec(raw.trim());
  if (!match) return 'must be a duration like 300, 300s, 5m, 1h or 7d';
  const unit = (match[2]?.toLowerCase() ?? 's') as keyof typeof UNIT_MS;
  const ms = Math.round(Number(match[1]) * UNIT_MS[unit]);
  if (!Number.isFinite(ms) || ms <= 0) return 'must be a duration greater than zero, like 300, 300s, 5m, 1h or 7d';
  return ms;
}
