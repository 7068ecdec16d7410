/**
 * Exact order of two prices as the bus writes them (plain decimal text, "23152.65"), without
 * parsing them into Decimals: a candle is checked on every path before anything else touches it,
 * so this is the cheap exact way. `plainDouble` is cheaper still: it checks the text's shape and
 * gives its nearest double, which settles every comparison except a tie (see quick-compare.ts).
 */

const PLAIN = /^(-?)(\d+)(?:\.(\d+))?$/;

interface Parts {
  negative: boolean;
  whole: string;
  fraction: string;
}

const notPlain = (text: string) => new Error(`"${text}" is not a plain decimal`);

function partsOf(text: string): Parts {
  const m = PLAIN.exec(text);
  if (!m) throw notPlain(text);
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

const ZERO = 48;
const NINE = 57;
const MINUS = 45;
const POINT = 46;

/** Digits from `i` on; the index after them (`i` itself when there is none). */
function digitsFrom(text: string, i: number): number {
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch < ZERO || ch > NINE) break;
    i++;
  }
  return i;
}

/**
 * How many significant digits a plain decimal text has (from its first digit other than 0 to its
 * last, trailing zeros counted), or -1 when the text is not a plain decimal — the shape of the
 * exact comparisons' pattern, checked by a scan (this runs on every price of every candle).
 */
export function plainDigits(text: string): number {
  const start = text.charCodeAt(0) === MINUS ? 1 : 0;
  const whole = digitsFrom(text, start);
  if (whole === start) return -1;
  let end = whole;
  if (end < text.length) {
    if (text.charCodeAt(end) !== POINT) return -1;
    end = digitsFrom(text, whole + 1);
    if (end === whole + 1 || end !== text.length) return -1;
  }
  let first = start;
  while (first < end && (text.charCodeAt(first) === ZERO || text.charCodeAt(first) === POINT)) first++;
  if (first === end) return 0;
  // The point, when it comes after the first significant digit, is no digit.
  return end - first - (whole > first && whole < end ? 1 : 0);
}

export function isPlainDecimal(text: string): boolean {
  return plainDigits(text) >= 0;
}

/** The nearest double of a plain decimal text; throws as the exact comparisons do on any other text. */
export function plainDouble(text: string): number {
  if (!isPlainDecimal(text)) throw notPlain(text);
  return Number(text);
}

/**
 * The sign of a plain decimal text, `d` its double: a double off zero has the text's sign (the
 * nearest double never crosses zero); a zero double may be a tiny price, so that is decided exactly.
 */
export function signOf(text: string, d: number): number {
  if (d > 0) return 1;
  if (d < 0) return -1;
  return signOfDecimalText(text);
}

/**
 * compareDecimalText with the texts' doubles: different doubles are the texts' order; a tie is
 * decided exactly — at once when the texts are the same (a candle's high is often its close).
 */
export function compareOf(a: string, ad: number, b: string, bd: number): number {
  if (ad !== bd) return ad < bd ? -1 : 1;
  return a === b ? 0 : compareDecimalText(a, b);
}
