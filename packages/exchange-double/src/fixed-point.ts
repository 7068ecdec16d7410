/**
 * Binance keeps every amount at 8 decimals. The double does the same with BigInt units of 1e-8,
 * so balances add up exactly without a decimal library (this package uses node built-ins only).
 */
export const DECIMALS = 8;
const UNIT = 10n ** BigInt(DECIMALS);

const PLAIN = /^(\d+)(?:\.(\d+))?$/;

/** "0.001" → 100000n; undefined when it is not a plain non-negative decimal or has more than 8 decimals. */
export function parseUnits(text: string | undefined | null): bigint | undefined {
  if (text === undefined || text === null) return undefined;
  const m = PLAIN.exec(text.trim());
  if (!m) return undefined;
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > DECIMALS) return undefined;
  return BigInt(m[1]!) * UNIT + BigInt(frac.padEnd(DECIMALS, '0') || '0');
}

/** Like parseUnits, but throws: for values the test itself supplies. */
export function units(text: string): bigint {
  const v = parseUnits(text);
  if (v === undefined) throw new Error(`"${text}" is not a decimal with at most ${DECIMALS} decimals`);
  return v;
}

/** 100000n → "0.00100000": binance writes amounts with all 8 decimals. */
export function formatUnits(v: bigint): string {
  const negative = v < 0n;
  const abs = negative ? -v : v;
  const whole = abs / UNIT;
  const frac = (abs % UNIT).toString().padStart(DECIMALS, '0');
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

/** a × b, truncated to 8 decimals (what an exchange does to a quote amount or a fee). */
export function mulUnits(a: bigint, b: bigint): bigint {
  return (a * b) / UNIT;
}

/** a × b ÷ c, truncated to 8 decimals once, at the end (no rounding in between). */
export function mulDivUnits(a: bigint, b: bigint, c: bigint): bigint {
  return (a * b) / c;
}

export function minUnits(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
