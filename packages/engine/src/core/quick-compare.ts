import type { Decimal } from '@roottrading/accounting';
import type { CandleFloats } from './types.js';

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

/** A candle's prices by name, exact and (when it has them) as doubles. */
export interface PricedCandle {
  open: Decimal;
  high: Decimal;
  low: Decimal;
  floats?: CandleFloats;
}

export type PriceName = 'open' | 'high' | 'low';

/*
 * The same comparisons with a candle's price named rather than passed: its exact value is read
 * only when the doubles settle nothing, so a candle that parses its prices when first read (a
 * TextCandle) parses none on most candles.
 */

/** The candle's price ≤ b, exactly. */
export function priceAtMost(c: PricedCandle, name: PriceName, b: Decimal, bf: number | undefined): boolean {
  const af = c.floats?.[name];
  if (af !== undefined && bf !== undefined && af !== bf) return af < bf;
  return c[name].lte(b);
}

/** a ≤ the candle's price, exactly. */
export function atMostPrice(a: Decimal, af: number | undefined, c: PricedCandle, name: PriceName): boolean {
  const bf = c.floats?.[name];
  if (af !== undefined && bf !== undefined && af !== bf) return af < bf;
  return a.lte(c[name]);
}

/** a < the candle's price, exactly. */
export function belowPrice(a: Decimal, af: number | undefined, c: PricedCandle, name: PriceName): boolean {
  const bf = c.floats?.[name];
  if (af !== undefined && bf !== undefined && af !== bf) return af < bf;
  return a.lt(c[name]);
}
