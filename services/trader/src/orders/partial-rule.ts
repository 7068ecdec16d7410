import { dec, toPlain } from '@roottrading/accounting';
import type { PartialTakeProfitRule } from '@roottrading/db';
import type { PartialSpec } from '@roottrading/engine';

/** The stored (jsonb) form of a partial take-profit. */
export function partialRuleOf(spec: PartialSpec): PartialTakeProfitRule {
  return { price: toPlain(spec.price), fraction: toPlain(spec.fraction) };
}

export function partialSpecOf(rule: PartialTakeProfitRule | null): PartialSpec | null {
  return rule ? { price: dec(rule.price), fraction: dec(rule.fraction) } : null;
}
