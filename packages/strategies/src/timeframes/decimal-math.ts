import { add, compare, fixed, toPlain } from '../protection/fixed-decimal.js';
import type { BarMath } from './aggregator.js';

/**
 * Bars of decimal text built exactly: the gateway serves what it stores, so a 1h volume is the exact
 * sum of its minutes' volumes, never a float's approximation of it.
 */
export const decimalMath: BarMath<string> = {
  max: (a, b) => (compare(fixed(a), fixed(b)) >= 0 ? a : b),
  min: (a, b) => (compare(fixed(a), fixed(b)) <= 0 ? a : b),
  add: (a, b) => toPlain(add(fixed(a), fixed(b))),
};
