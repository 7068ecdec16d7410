import { z } from 'zod';

/** A non-negative or signed decimal written as a string, e.g. "23152.65". Money never travels as a float. */
const DECIMAL_RE = /^-?(0|[1-9]\d*)(\.\d+)?$/;

export const decimalString = z.string().regex(DECIMAL_RE, 'must be a decimal number written as a string, e.g. "0.001"');

export const positiveDecimalString = decimalString.refine((v) => !v.startsWith('-') && /[1-9]/.test(v), {
  message: 'must be greater than zero',
});

/**
 * Accepts a JSON number or a decimal string (the seed's own example sends `0.001` as a number) and
 * normalises it to a decimal string. Numbers are converted through their shortest round-trip form,
 * so 0.001 stays "0.001".
 */
export const decimalInput = z.union([z.number().finite(), z.string().trim()]).transform((v, ctx) => {
  const text = typeof v === 'number' ? numberToPlainString(v) : v;
  if (!DECIMAL_RE.test(text)) {
    ctx.addIssue({ code: 'custom', message: 'must be a decimal number, e.g. 0.001 or "0.001"' });
    return z.NEVER;
  }
  return text;
});

export const positiveDecimalInput = decimalInput.refine((v) => !v.startsWith('-') && /[1-9]/.test(v), {
  message: 'must be greater than zero',
});

/** 1e-7 → "0.0000001": JSON numbers in exponent form are still plain decimals. */
export function numberToPlainString(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  const [mantissa = '0', expText = '0'] = s.toLowerCase().split('e');
  const exp = Number(expText);
  const negative = mantissa.startsWith('-');
  const [intPart = '0', fracPart = ''] = mantissa.replace('-', '').split('.');
  const digits = intPart + fracPart;
  const point = intPart.length + exp;
  let out: string;
  if (point <= 0) out = '0.' + '0'.repeat(-point) + digits;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = digits.slice(0, point) + '.' + digits.slice(point);
  out = out.replace(/^0+(?=\d)/, '');
  if (out.includes('.')) out = out.replace(/\.?0+$/, '');
  return (negative ? '-' : '') + out;
}
