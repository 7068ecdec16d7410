import type { Decimal } from '@roottrading/accounting';

/**
 * Comparisons a double can settle before any Decimal work. Turning a decimal into the nearest
 * double never reverses an order (a ≤ b gives double(a) ≤ double(b)), so a STRICT inequality
 * between the doubles proves the same strict inequality between the exact values; when the doubles
 * are equal nothing is proven and the caller compares exactly. Every verdict is therefore the one
 * the Decimal comparison gives — the doubles only spare most candles the Decimal work.
 */

/** Each level's double, made once per Decimal (levels are immutable and outlive many candles). */
const doubles = new WeakMap<Decimal, number>();

export function doubleOf(d: Decimal): number {
  let v = doubles.get(d);
  if (v === undefined) {
    v = d.toNumber();
    doubles.set(d, v);
  }
  return v;
}

/** A level's double when the candle has doubles to compare it with (otherwise nothing is looked up). */
export function doubleIf(on: unknown, d: Decimal): number | undefined {
  return on === undefined ? undefined : doubleOf(d);
}

/** a < b exactly, deciding by the doubles where they differ. */
export function lessThan(a: Decimal, af: number | undefined, b: Decimal, bf: number | undefined): boolean {
  if (af !== undefined && bf !== undefined && af !== bf) return af < bf;
  return a.lt(b);
}

/** a ≤ b exactly, deciding by the doubles where they differ. */
export function atMost(a: Decimal, af: number | undefined, b: Decimal, bf: number | undefined): boolean {
  if (af !== undefined && bf !== undefined && af !== bf) return af < bf;
  return a.lte(b);
}
