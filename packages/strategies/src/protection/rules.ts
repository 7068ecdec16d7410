import { z } from 'zod';
import { compare, fixed, toPlain } from './fixed-decimal.js';

/**
 * A protective distance from the entry: a percentage of the close ("2%") or a multiple of the ATR
 * ("1.5atr"). `value` is the number as normalised decimal text ("2", "1.5"), so it stays exact and
 * "2.0%" and "2%" are the same rule (and give the same signal id).
 */
export type Rule = { kind: 'percent'; value: string } | { kind: 'atr'; value: string } | SwingRule;

/** A stop-loss at the last swing low under the entry (STOP_LOSS=swing), found when the BUY is signalled. */
export interface SwingRule {
  kind: 'swing';
}

/** "2%", "1.5atr", "swing": how a rule is written in the environment, and in signal metadata. */
export function ruleText(rule: Rule): string {
  if (rule.kind === 'swing') return 'swing';
  return rule.kind === 'percent' ? `${rule.value}%` : `${rule.value}atr`;
}

/** Words that switch a protection off (also for one strategy when the global default sets one). */
const NONE = new Set(['none', 'off']);
const RULE_RE = /^(\d+(?:\.\d+)?|\.\d+)\s*(%|atr)$/i;

export interface RuleLimits {
  /** Largest percentage allowed. */
  maxPercent: number;
  /** Whether `maxPercent` itself is allowed (a 100 % stop would be a price of 0). */
  maxPercentIncluded: boolean;
  /** Whether an ATR multiple is allowed (not for an activation gain). */
  atr: boolean;
  /** Whether "swing" is allowed (the stop-loss only). */
  swing?: boolean;
}

export const STOP_LIMITS: RuleLimits = { maxPercent: 100, maxPercentIncluded: false, atr: true };
/** STOP_LOSS: a stop, or the last swing low. */
export const STOP_LOSS_LIMITS: RuleLimits = { ...STOP_LIMITS, swing: true };
export const TARGET_LIMITS: RuleLimits = { maxPercent: 1000, maxPercentIncluded: true, atr: true };
export const ACTIVATION_LIMITS: RuleLimits = { maxPercent: 1000, maxPercentIncluded: true, atr: false };
const MAX_ATR_MULTIPLE = 100;

const FORMAT = {
  rule: 'must be a percentage like 2% or an ATR multiple like 1.5atr',
  stopLoss: 'must be a percentage like 2%, an ATR multiple like 1.5atr or swing',
  activation: 'must be a percentage gain like 1%',
};

/**
 * Parses one rule. Returns null for "none"/"off" (and for empty when `emptyIsNone`), undefined for an
 * unset or empty value otherwise (a strategy's own variable: inherit the global default), or an error.
 */
export function parseRule(
  raw: string | undefined,
  limits: RuleLimits,
  emptyIsNone: boolean,
): Rule | null | undefined | { error: string } {
  const text = raw?.trim() ?? '';
  if (text === '') return emptyIsNone ? null : undefined;
  if (NONE.has(text.toLowerCase())) return null;
  if (limits.swing && text.toLowerCase() === 'swing') return { kind: 'swing' };
  const match = RULE_RE.exec(text);
  const kind = match?.[2]?.toLowerCase() === 'atr' ? 'atr' : 'percent';
  if (!match || (kind === 'atr' && !limits.atr)) {
    return { error: limits.swing ? FORMAT.stopLoss : limits.atr ? FORMAT.rule : FORMAT.activation };
  }
  const value = fixed(match[1]!);
  const zero = fixed('0');
  if (kind === 'atr') {
    if (compare(value, zero) <= 0 || compare(value, fixed(MAX_ATR_MULTIPLE)) > 0)
      return { error: `must be an ATR multiple above 0 and at most ${MAX_ATR_MULTIPLE}` };
  } else {
    const max = compare(value, fixed(limits.maxPercent));
    if (compare(value, zero) <= 0 || max > 0 || (max === 0 && !limits.maxPercentIncluded)) {
      const what = limits.atr ? 'a percentage' : 'a percentage gain';
      const top = limits.maxPercentIncluded ? `at most ${limits.maxPercent}%` : `below ${limits.maxPercent}%`;
      return { error: `must be ${what} above 0% and ${top}` };
    }
  }
  return { kind, value: toPlain(value) };
}

/** A zod field for one protection variable (see parseRule for what empty means). */
export function ruleField(limits: RuleLimits, emptyIsNone: boolean) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): Rule | null | undefined => {
      const parsed = parseRule(raw, limits, emptyIsNone);
      if (parsed && 'error' in parsed) {
        ctx.addIssue({ code: 'custom', message: parsed.error });
        return z.NEVER;
      }
      return parsed;
    });
}
