/**
 * Whether `a` crossed `b` between two bars: 'up' when it was at or under and is now over, 'down' the
 * other way, null otherwise (touching is not crossing, so two equal lines on a flat run never cross).
 */
export function crossing(previousA: number, previousB: number, a: number, b: number): 'up' | 'down' | null {
  if (previousA <= previousB && a > b) return 'up';
  if (previousA >= previousB && a < b) return 'down';
  return null;
}

/**
 * Bars to replay for averages seeded by a simple mean and then smoothed exponentially: after three
 * periods the seed's weight is under 0.3 % (e^−6 for an EMA), so a restart's values agree closely
 * with an unbroken run's without replaying the whole history.
 */
export function exponentialWarmup(period: number): number {
  return 3 * period + 1;
}
