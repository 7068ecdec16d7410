import { dec, toPlain } from '@roottrading/accounting';
import type { TrailingRule } from '@roottrading/db';
import type { TrailingSpec } from '@roottrading/engine';

/** The stored (jsonb) form of a trailing rule. */
export function trailingRuleOf(spec: TrailingSpec): TrailingRule {
  return {
    type: spec.type,
    value: toPlain(spec.value),
    activation: spec.activation === null ? null : toPlain(spec.activation),
  };
}

export function trailingSpecOf(rule: TrailingRule | null): TrailingSpec | null {
  if (!rule) return null;
  return {
    type: rule.type,
    value: dec(rule.value),
    activation: rule.activation === null || rule.activation === undefined ? null : dec(rule.activation),
  };
}
