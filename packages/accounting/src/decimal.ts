import DecimalJs from 'decimal.js';

/**
 * The one decimal type for money. 60 significant digits hold any NUMERIC(38,18) value and the
 * product of two of them exactly; results are rounded only where a rule says so (the market's
 * tick and step, the 18-decimal scale of the database), half-even.
 */
export const Decimal = DecimalJs.clone({
  precision: 60,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Decimal = InstanceType<typeof Decimal>;
/** Anything a Decimal can be made from: a decimal string, a number or a Decimal. */
export type DecimalValue = string | number | Decimal;

/** The scale PostgreSQL stores money at (NUMERIC(38,18)). */
export const DB_SCALE = 18;

export function dec(value: DecimalValue): Decimal {
  return new Decimal(value);
}

/** Plain decimal text, no exponent, trailing zeros trimmed: what goes on the bus and in the APIs. */
export function toPlain(value: Decimal): string {
  return value.toDecimalPlaces(DB_SCALE).toFixed();
}

/** Rounds down to a multiple of `step` (quantities: never more than the account asked or holds). */
export function floorToStep(value: DecimalValue, step: DecimalValue): Decimal {
  const s = dec(step);
  return dec(value).div(s).floor().mul(s);
}

/** Rounds to the nearest multiple of `tick` (prices). */
export function roundToTick(value: DecimalValue, tick: DecimalValue): Decimal {
  const t = dec(tick);
  return dec(value).div(t).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).mul(t);
}

export function sum(values: Iterable<DecimalValue>): Decimal {
  let total = dec(0);
  for (const v of values) total = total.plus(v);
  return total;
}
