import { dec, type Decimal } from '@roottrading/accounting';

export interface PriceJump {
  /** The price that went furthest from the reference: the high (up) or the low (down). */
  price: 'high' | 'low';
  value: string;
  /** How far, in % of the reference, rounded to 2 places for the reason. */
  pct: string;
}

/** Below this relative distance from the limit the doubles decide nothing and the check is exact. */
const MARGIN = 1e-9;

/**
 * The candle's high or low when one is more than `maxPct` % from `reference` (the last accepted
 * close), else null. High and low bound every price of the candle, so a wick to 1 is a jump as
 * much as a close at 1 is: either would fire a stop. Decided exactly: the doubles settle only
 * what is clearly inside the limit, the rest is Decimal arithmetic on the candle's own text.
 * `limit` is maxPct's double (a caller checking every candle passes it, made once).
 */
export function priceJump(
  c: { high: string; low: string },
  reference: string,
  maxPct: Decimal,
  limit: number = maxPct.toNumber(),
): PriceJump | null {
  const r = Number(reference);
  const up = ((Number(c.high) - r) / r) * 100;
  const down = ((r - Number(c.low)) / r) * 100;
  if (up < limit * (1 - MARGIN) && down < limit * (1 - MARGIN)) return null;
  const ref = dec(reference);
  const bound = maxPct.mul(ref);
  // |p − r| · 100 > maxPct · r, products exact at 60 digits.
  const upBy = dec(c.high).minus(ref).mul(100);
  const downBy = ref.minus(dec(c.low)).mul(100);
  const furthest = upBy.gte(downBy) ? ({ price: 'high', by: upBy } as const) : ({ price: 'low', by: downBy } as const);
  if (!furthest.by.gt(bound)) return null;
  return {
    price: furthest.price,
    value: furthest.price === 'high' ? c.high : c.low,
    pct: furthest.by.div(ref).toDecimalPlaces(2).toFixed(),
  };
}
