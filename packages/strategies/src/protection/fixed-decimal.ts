import { numberToPlainString } from '@roottrading/contracts';

/**
 * Exact decimal arithmetic for stop and target prices: value = units / 10^scale with a BigInt.
 * Prices arrive as decimal strings and leave as decimal strings, so no float rounding ever reaches
 * a stop (the analyzer does not depend on the accounting package, and needs only +, −, × and a
 * final rounding).
 */
export interface Fixed {
  readonly units: bigint;
  readonly scale: number;
}

const DECIMAL_RE = /^(-)?(\d*)(?:\.(\d*))?$/;

/** "23152.65" → 2315265 / 10^2. Numbers go through their shortest round-trip text (no exponent). */
export function fixed(value: string | number): Fixed {
  const text = typeof value === 'number' ? numberToPlainString(value) : value.trim();
  const match = DECIMAL_RE.exec(text);
  if (!match || (!match[2] && !match[3])) throw new RangeError(`not a decimal: "${text}"`);
  const fraction = match[3] ?? '';
  const units = BigInt((match[2] || '0') + fraction);
  return { units: match[1] ? -units : units, scale: fraction.length };
}

function aligned(a: Fixed, b: Fixed): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale];
}

export function add(a: Fixed, b: Fixed): Fixed {
  const [x, y, scale] = aligned(a, b);
  return { units: x + y, scale };
}

export function sub(a: Fixed, b: Fixed): Fixed {
  const [x, y, scale] = aligned(a, b);
  return { units: x - y, scale };
}

export function mul(a: Fixed, b: Fixed): Fixed {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/** a / 10^n, exactly (a percentage into a fraction: 2 → 0.02). */
export function shift(a: Fixed, n: number): Fixed {
  return { units: a.units, scale: a.scale + n };
}

export function compare(a: Fixed, b: Fixed): number {
  const [x, y] = aligned(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Rounds to `decimals` places towards −∞ ('down') or +∞ ('up'). */
export function round(a: Fixed, decimals: number, direction: 'down' | 'up'): Fixed {
  if (a.scale <= decimals) return a;
  const divisor = 10n ** BigInt(a.scale - decimals);
  let units = a.units / divisor; // BigInt division truncates towards 0
  const exact = units * divisor === a.units;
  if (!exact && direction === 'down' && a.units < 0n) units -= 1n;
  if (!exact && direction === 'up' && a.units > 0n) units += 1n;
  return { units, scale: decimals };
}

/** Plain decimal text, no exponent, no trailing zeros: "22689.597", "0", "-0.5". */
export function toPlain(a: Fixed): string {
  const negative = a.units < 0n;
  const digits = (negative ? -a.units : a.units).toString().padStart(a.scale + 1, '0');
  const whole = digits.slice(0, digits.length - a.scale);
  const fraction = digits.slice(digits.length - a.scale).replace(/0+$/, '');
  const text = fraction ? `${whole}.${fraction}` : whole;
  return negative && text !== '0' ? `-${text}` : text;
}
