const DAY_MS = 86_400_000;

/** The UTC day a (candle) time falls in: its date and the half-open range [from, to) it covers. */
export function utcDayOf(time: Date): { day: string; from: Date; to: Date } {
  const from = new Date(Math.floor(time.getTime() / DAY_MS) * DAY_MS);
  return { day: from.toISOString().slice(0, 10), from, to: new Date(from.getTime() + DAY_MS) };
}
