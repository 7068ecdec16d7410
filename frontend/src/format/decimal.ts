/**
 * Decimal strings as the APIs write them ("23152.65", "-0.0012"), handled exactly with BigInt:
 * money is never turned into a float for arithmetic or display. Only ratios meant for a
 * percentage on screen come out as numbers.
 */

const DECIMAL_RE = /^([-+])?(\d+)(?:\.(\d*))?$|^([-+])?\.(\d+)$/;

/** value = units / 10^scale */
interface Scaled {
  units: bigint;
  scale: number;
}

export function isDecimal(value: string): boolean {
  return DECIMAL_RE.test(value.trim());
}

function toScaled(value: string): Scaled {
  const match = DECIMAL_RE.exec(value.trim());
  if (!match) throw new Error(`"${value}" is not a decimal number`);
  const sign = match[1] ?? match[4];
  const intPart = match[2] ?? '0';
  const fracPart = match[3] ?? match[5] ?? '';
  const units = BigInt(intPart + fracPart);
  return { units: sign === '-' ? -units : units, scale: fracPart.length };
}

function fromScaled({ units, scale }: Scaled): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const intPart = digits.slice(0, digits.length - scale);
  const fracPart = scale > 0 ? digits.slice(digits.length - scale).replace(/0+$/, '') : '';
  const text = fracPart ? `${intPart}.${fracPart}` : intPart;
  return negative && /[1-9]/.test(text) ? `-${text}` : text;
}

function align(a: Scaled, b: Scaled): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale];
}

/** Digits after the point once trailing zeros are dropped: "23152.650" → 2, "30000" → 0. */
export function decimalsOf(value: string): number {
  const match = DECIMAL_RE.exec(value.trim());
  if (!match) return 0;
  return (match[3] ?? match[5] ?? '').replace(/0+$/, '').length;
}

export function addDecimals(a: string, b: string): string {
  const [x, y, scale] = align(toScaled(a), toScaled(b));
  return fromScaled({ units: x + y, scale });
}

export function subDecimals(a: string, b: string): string {
  const [x, y, scale] = align(toScaled(a), toScaled(b));
  return fromScaled({ units: x - y, scale });
}

export function mulDecimals(a: string, b: string): string {
  const x = toScaled(a);
  const y = toScaled(b);
  return fromScaled({ units: x.units * y.units, scale: x.scale + y.scale });
}

export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const [x, y] = align(toScaled(a), toScaled(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isZero(value: string): boolean {
  return toScaled(value).units === 0n;
}

export function isNegative(value: string): boolean {
  return toScaled(value).units < 0n;
}

/**
 * a / b as a float, for percentages and shares on screen only (never fed back into money).
 * Null when b is zero or either side is not a number.
 */
export function ratio(a: string, b: string): number | null {
  if (!isDecimal(a) || !isDecimal(b)) return null;
  const [x, y] = align(toScaled(a), toScaled(b));
  if (y === 0n) return null;
  // Scale the quotient to 12 digits in BigInt first, so huge balances do not lose precision.
  const scaled = (x * 10n ** 12n) / y;
  return Number(scaled) / 1e12;
}

/** Rounds half to even (as the services do) or towards zero ("down", for quantities to a step). */
export function roundDecimal(value: string, places: number, mode: 'half-even' | 'down' = 'half-even'): string {
  const s = toScaled(value);
  if (s.scale <= places) return fromScaled(s);
  const drop = 10n ** BigInt(s.scale - places);
  const negative = s.units < 0n;
  const abs = negative ? -s.units : s.units;
  let kept = abs / drop;
  const rest = abs % drop;
  if (mode === 'half-even') {
    const twice = rest * 2n;
    if (twice > drop || (twice === drop && kept % 2n === 1n)) kept += 1n;
  }
  return fromScaled({ units: negative ? -kept : kept, scale: places });
}

export interface FormatOptions {
  /** Pad with zeros to at least this many decimals (a price at its tick: 23152.60). */
  minDecimals?: number;
  /** Round (half-even) to at most this many decimals. */
  maxDecimals?: number;
  /** Thousands separators: 23,152.60. */
  group?: boolean;
  /** A "+" in front of positive values (PnL). */
  signed?: boolean;
}

/**
 * A decimal string for the screen: rounded to `maxDecimals`, padded to `minDecimals`, grouped by
 * thousands. Not locale-dependent on purpose: the same figures read the same in every browser and
 * in the tests. Something that is not a decimal comes back unchanged.
 */
export function formatDecimal(value: string, options: FormatOptions = {}): string {
  const { minDecimals = 0, group = true, signed = false } = options;
  const maxDecimals = Math.max(options.maxDecimals ?? 8, minDecimals);
  if (!isDecimal(value)) return value;
  const rounded = roundDecimal(value, maxDecimals);
  const negative = rounded.startsWith('-');
  const [intPart = '0', fracPart = ''] = rounded.replace('-', '').split('.');
  const frac = fracPart.padEnd(minDecimals, '0');
  const intText = group ? intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : intPart;
  const sign = negative ? '-' : signed && /[1-9]/.test(rounded) ? '+' : '';
  return `${sign}${intText}${frac ? `.${frac}` : ''}`;
}

/** 0.4213 → "42.13 %"; null → "—". */
export function formatPercent(fraction: number | null | undefined, decimals = 2): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(decimals)} %`;
}
