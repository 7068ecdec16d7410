import { z } from 'zod';
import { compare, fixed, toPlain } from './fixed-decimal.js';
import { parseRule, ruleText, TARGET_LIMITS, type Rule } from './rules.js';

/**
 * PARTIAL_TAKE_PROFIT: sell `share` percent of the position at a level above the entry, written as
 * a take-profit is ("5%" or "1.5atr"): "50%@5%" sells half at +5 %. `share` is normalised decimal
 * text ("50"), so "50.0%@5%" and "50%@5%" are the same rule and give the same signal id.
 */
export interface PartialRule {
  share: string;
  level: Exclude<Rule, { kind: 'swing' }>;
}

export function partialText(rule: PartialRule): string {
  return `${rule.share}%@${ruleText(rule.level)}`;
}

const NONE = new Set(['none', 'off']);
const PARTIAL_RE = /^(\d+(?:\.\d+)?|\.\d+)\s*%\s*@\s*(.+)$/;
const PARTIAL_FORMAT = 'must be a share and a level like 50%@5% or 50%@1.5atr';
export const MAX_TIME_STOP = 100_000;

/** Parses PARTIAL_TAKE_PROFIT as parseRule parses a rule (null for none, undefined to inherit, or an error). */
export function parsePartial(
  raw: string | undefined,
  emptyIsNone: boolean,
): PartialRule | null | undefined | { error: string } {
  const text = raw?.trim() ?? '';
  if (text === '') return emptyIsNone ? null : undefined;
  if (NONE.has(text.toLowerCase())) return null;
  const match = PARTIAL_RE.exec(text);
  if (!match) return { error: PARTIAL_FORMAT };
  const share = fixed(match[1]!);
  if (compare(share, fixed('0')) <= 0 || compare(share, fixed('100')) >= 0)
    return { error: 'must sell a share above 0% and below 100% (all of it is a take profit)' };
  const level = parseRule(match[2], TARGET_LIMITS, true);
  if (!level) return { error: PARTIAL_FORMAT };
  if ('error' in level) return { error: `level ${level.error}` };
  if (level.kind === 'swing') return { error: PARTIAL_FORMAT };
  return { share: toPlain(share), level };
}

/** Parses TIME_STOP: a whole number of base candles, or none. */
export function parseTimeStop(
  raw: string | undefined,
  emptyIsNone: boolean,
): number | null | undefined | { error: string } {
  const text = raw?.trim() ?? '';
  if (text === '') return emptyIsNone ? null : undefined;
  if (NONE.has(text.toLowerCase())) return null;
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_TIME_STOP)
    return { error: `must be a whole number of candles from 1 to ${MAX_TIME_STOP}` };
  return n;
}

/** A zod field for one PARTIAL_TAKE_PROFIT or TIME_STOP variable. */
export function exitField<T>(
  parse: (raw: string | undefined, emptyIsNone: boolean) => T | { error: string },
  emptyIsNone: boolean,
) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): T => {
      const parsed = parse(raw, emptyIsNone);
      if (parsed && typeof parsed === 'object' && 'error' in parsed) {
        ctx.addIssue({ code: 'custom', message: parsed.error });
        return z.NEVER;
      }
      return parsed as T;
    });
}
