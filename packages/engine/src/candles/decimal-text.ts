/**
 * Exact order of two prices as the bus writes them (plain decimal text, "23152.65"), without
 * parsing them into floats or Decimals: a candle is checked on every path before anything else
 * touches it, so this is the cheap exact way.
 */

const PLAIN = /^(-?)(\d+)(?:\.(\d+))?$/;

interface Parts {
  negative: boolean;
  whole: string;
  fraction: string;
}

function partsOf(text: string): Parts {
  const m = PLAIN.exec(text);
  if (!m) throw new Error(`"${text}" is not a plain decimal`);
  const whole = m[2]!.replace(/^0+(?=\d)/, '');
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  const zero = whole === '0' && fraction === '';
  return { negative: m[1] === '-' && !zero, whole, fraction };
}

function compareMagnitude(a: Parts, b: Parts): number {
  if (a.whole.length !== b.whole.length) return a.whole.length < b.whole.length ? -1 : 1;
  if (a.whole !== b.whole) return a.whole < b.whole ? -1 : 1;
  const width = Math.max(a.fraction.length, b.fraction.length);
  const af = a.fraction.padEnd(width, '0');
  const bf = b.fraction.padEnd(width, '0');
  return af === bf ? 0 : af < bf ? -1 : 1;
}

/** -1, 0 or 1 as a is below, equal to or above b, exactly. */
export function compareDecimalText(a: string, b: string): number {
  const pa = partsOf(a);
  const pb = partsOf(b);
  if (pa.negative !== pb.negative) return pa.negative ? -1 : 1;
  const m = compareMagnitude(pa, pb);
  return pa.negative ? -m : m;
}

/** The sign of a decimal text: -1, 0 or 1 ("-0.0" is 0). */
export function signOfDecimalText(text: string): number {
  const p = partsOf(text);
  if (p.whole === '0' && p.fraction === '') return 0;
  return p.negative ? -1 : 1;
}
