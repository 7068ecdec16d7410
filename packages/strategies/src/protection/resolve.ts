import type { PartialTakeProfit, TrailingStop } from '@roottrading/contracts';
import type { ProtectionConfig } from './config.js';
import { partialText } from './exit-rules.js';
import { add, compare, fixed, mul, round, shift, sub, toPlain, type Fixed } from './fixed-decimal.js';
import { ruleText, type Rule } from './rules.js';
import { SWING_LOOKBACK } from './swing-stop.js';

/**
 * Decimals of the stop, target and trailing distance prices. Stops round down and targets and
 * trailing distances round up: rounding never moves an exit closer to the entry than configured.
 */
export const PRICE_DECIMALS = 8;

/** A BUY signal's protective exits, and what to add to its metadata. */
export interface ResolvedProtection {
  stopLoss?: string;
  takeProfit?: string;
  trailingStop?: TrailingStop;
  partialTakeProfit?: PartialTakeProfit;
  timeStop?: number;
  /** The rules as written, the resolved values, the ATR, and a note on anything left out. */
  metadata: Record<string, string | number | null>;
}

const ZERO = fixed('0');

/**
 * Turns a strategy's protection config into prices for a BUY at `close` (the candle's close, as on
 * the bus). An ATR rule needs an ATR above 0: during the warm-up or in a flat market it is left out
 * with a note, rather than emitting a stop equal to the entry. A swing stop stands at the newest of
 * `swingLows` (oldest first) under the entry, or is left out with a note when there is none. The
 * rest of the signal is unaffected.
 */
export function resolveProtection(
  config: ProtectionConfig,
  close: string,
  atr: number | undefined,
  swingLows: readonly number[] = [],
): ResolvedProtection {
  const entry = fixed(close);
  const atrValue = atr !== undefined && atr > 0 && Number.isFinite(atr) ? fixed(atr) : undefined;
  const notes: string[] = [];
  const metadata: ResolvedProtection['metadata'] = { atr: atr ?? null, atrWindow: config.atrWindow };
  const out: ResolvedProtection = { metadata };

  /** The price distance a rule stands for, or undefined (with a note) when the ATR cannot give one. */
  const distance = (what: string, rule: Rule): Fixed | undefined => {
    if (rule.kind === 'swing') return undefined;
    if (rule.kind === 'percent') return mul(entry, shift(fixed(rule.value), 2));
    if (atrValue) return mul(fixed(rule.value), atrValue);
    const why = atr === undefined ? 'no ATR yet (warm-up)' : 'the ATR is 0 (flat market)';
    notes.push(`${what} ${ruleText(rule)} left out: ${why}`);
    return undefined;
  };

  if (config.stopLoss?.kind === 'swing') {
    metadata.stopLossRule = 'swing';
    const below = swingLows.map((low) => fixed(low)).filter((low) => compare(low, entry) < 0);
    const low = below[below.length - 1];
    const price = low && round(low, PRICE_DECIMALS, 'down');
    if (price && compare(price, ZERO) > 0) out.stopLoss = toPlain(price);
    else notes.push(`stop loss swing left out: no swing low under the entry in the last ${SWING_LOOKBACK} candles`);
    metadata.swingLow = out.stopLoss ?? null;
    metadata.stopLoss = out.stopLoss ?? null;
  } else if (config.stopLoss) {
    metadata.stopLossRule = ruleText(config.stopLoss);
    const d = distance('stop loss', config.stopLoss);
    if (d) {
      const price = round(sub(entry, d), PRICE_DECIMALS, 'down');
      if (compare(price, ZERO) > 0 && compare(price, entry) < 0) out.stopLoss = toPlain(price);
      else notes.push(`stop loss ${metadata.stopLossRule} left out: ${toPlain(price)} is not between 0 and the entry`);
    }
    metadata.stopLoss = out.stopLoss ?? null;
  }

  if (config.takeProfit) {
    metadata.takeProfitRule = ruleText(config.takeProfit);
    const d = distance('take profit', config.takeProfit);
    if (d) out.takeProfit = toPlain(round(add(entry, d), PRICE_DECIMALS, 'up'));
    metadata.takeProfit = out.takeProfit ?? null;
  }

  if (config.trailingStop) {
    const rule = config.trailingStop;
    metadata.trailingStopRule = ruleText(rule);
    // An activation is always a percentage (ACTIVATION_LIMITS), never an ATR multiple or a swing.
    const gain = config.trailingActivation?.kind === 'percent' ? config.trailingActivation.value : null;
    const activation = gain === null ? null : toPlain(shift(fixed(gain), 2));
    if (rule.kind === 'percent') {
      out.trailingStop = { type: 'percent', value: toPlain(shift(fixed(rule.value), 2)), activation };
    } else {
      const d = distance('trailing stop', rule);
      const value = d && round(d, PRICE_DECIMALS, 'up');
      // A trail as wide as the price could never trigger (and the trader refuses such an entry).
      if (value && compare(value, entry) < 0)
        out.trailingStop = { type: 'distance', value: toPlain(value), activation };
      else if (value)
        notes.push(`trailing stop ${metadata.trailingStopRule} left out: ${toPlain(value)} is not below the entry`);
    }
    metadata.trailingStopType = out.trailingStop?.type ?? null;
    metadata.trailingStopValue = out.trailingStop?.value ?? null;
    metadata.trailingActivation = activation;
  }

  if (config.partialTakeProfit) {
    const rule = config.partialTakeProfit;
    metadata.partialTakeProfitRule = partialText(rule);
    const d = distance('partial take profit', rule.level);
    const price = d && round(add(entry, d), PRICE_DECIMALS, 'up');
    const target = out.takeProfit ? fixed(out.takeProfit) : undefined;
    // At or over the take-profit it could never be taken apart: the target sells it all first.
    if (price && target && compare(price, target) >= 0)
      notes.push(
        `partial take profit ${metadata.partialTakeProfitRule} left out: ${toPlain(price)} is not below the take profit ${out.takeProfit}`,
      );
    else if (price) out.partialTakeProfit = { price: toPlain(price), fraction: toPlain(shift(fixed(rule.share), 2)) };
    metadata.partialTakeProfit = out.partialTakeProfit?.price ?? null;
    metadata.partialTakeProfitShare = out.partialTakeProfit?.fraction ?? null;
  }

  if (config.timeStop !== null) {
    out.timeStop = config.timeStop;
    metadata.timeStop = config.timeStop;
  }

  if (notes.length > 0) metadata.protectionNote = notes.join('; ');
  return out;
}
