import { z } from 'zod';
import { int } from '@roottrading/config';
import { exitField, parsePartial, parseTimeStop, partialText, type PartialRule } from './exit-rules.js';
import {
  ACTIVATION_LIMITS,
  ruleField,
  ruleText,
  STOP_LIMITS,
  STOP_LOSS_LIMITS,
  TARGET_LIMITS,
  type Rule,
} from './rules.js';
import { SWING_LOOKBACK } from './swing-stop.js';

/** The protective exits a strategy's BUY signals carry, as configured (resolved to prices per signal). */
export interface ProtectionConfig {
  stopLoss: Rule | null;
  takeProfit: Rule | null;
  trailingStop: Rule | null;
  /** Gain (a percentage) before the trailing stop starts; null = at once. Always null without a trailing stop. */
  trailingActivation: Rule | null;
  /** PARTIAL_TAKE_PROFIT: a share sold at a level above the entry, once. */
  partialTakeProfit: PartialRule | null;
  /** TIME_STOP: base candles after the entry candle; the position is sold at the close of the last. */
  timeStop: number | null;
  /** ATR_WINDOW: the Wilder period of the ATR the `atr` rules multiply. */
  atrWindow: number;
  /** SWING_STRENGTH: bars each side a swing low is lower than (STOP_LOSS=swing). */
  swingStrength: number;
}

/**
 * STOP_LOSS, TAKE_PROFIT, TRAILING_STOP, TRAILING_ACTIVATION, PARTIAL_TAKE_PROFIT, TIME_STOP, ATR_WINDOW
 * and SWING_STRENGTH: every strategy's default.
 * The activation is kept even without a default trailing stop: a strategy may set its own.
 */
export const protectionDefaultsSchema = z
  .object({
    STOP_LOSS: ruleField(STOP_LOSS_LIMITS, true),
    TAKE_PROFIT: ruleField(TARGET_LIMITS, true),
    TRAILING_STOP: ruleField(STOP_LIMITS, true),
    TRAILING_ACTIVATION: ruleField(ACTIVATION_LIMITS, true),
    PARTIAL_TAKE_PROFIT: exitField(parsePartial, true),
    TIME_STOP: exitField(parseTimeStop, true),
    ATR_WINDOW: int(14, 2, 1_000),
    SWING_STRENGTH: int(2, 1, 50),
  })
  .transform((env): ProtectionConfig => ({
    stopLoss: env.STOP_LOSS ?? null,
    takeProfit: env.TAKE_PROFIT ?? null,
    trailingStop: env.TRAILING_STOP ?? null,
    trailingActivation: env.TRAILING_ACTIVATION ?? null,
    partialTakeProfit: env.PARTIAL_TAKE_PROFIT ?? null,
    timeStop: env.TIME_STOP ?? null,
    atrWindow: env.ATR_WINDOW,
    swingStrength: env.SWING_STRENGTH,
  }));

/** A strategy's own choices: a rule, null for "none", undefined to inherit the default. */
export type ProtectionOverrides = {
  [K in 'stopLoss' | 'takeProfit' | 'trailingStop' | 'trailingActivation']: Rule | null | undefined;
} & { partialTakeProfit: PartialRule | null | undefined; timeStop: number | null | undefined };

/**
 * `<PREFIX>_STOP_LOSS`, `<PREFIX>_TAKE_PROFIT`, `<PREFIX>_TRAILING_STOP`, `<PREFIX>_TRAILING_ACTIVATION`,
 * `<PREFIX>_PARTIAL_TAKE_PROFIT`, `<PREFIX>_TIME_STOP`: one strategy's overrides. Unset or empty inherits the default; "none" switches it off for this
 * strategy. (Empty inherits, so an .env listing every variable with no value changes nothing.)
 */
export function strategyOverridesSchema(prefix: string) {
  const names = {
    stopLoss: `${prefix}_STOP_LOSS`,
    takeProfit: `${prefix}_TAKE_PROFIT`,
    trailingStop: `${prefix}_TRAILING_STOP`,
    trailingActivation: `${prefix}_TRAILING_ACTIVATION`,
    partialTakeProfit: `${prefix}_PARTIAL_TAKE_PROFIT`,
    timeStop: `${prefix}_TIME_STOP`,
  };
  return z
    .object({
      [names.stopLoss]: ruleField(STOP_LOSS_LIMITS, false),
      [names.takeProfit]: ruleField(TARGET_LIMITS, false),
      [names.trailingStop]: ruleField(STOP_LIMITS, false),
      [names.trailingActivation]: ruleField(ACTIVATION_LIMITS, false),
      [names.partialTakeProfit]: exitField(parsePartial, false),
      [names.timeStop]: exitField(parseTimeStop, false),
    })
    .transform((env): ProtectionOverrides => ({
      stopLoss: env[names.stopLoss] as Rule | null | undefined,
      takeProfit: env[names.takeProfit] as Rule | null | undefined,
      trailingStop: env[names.trailingStop] as Rule | null | undefined,
      trailingActivation: env[names.trailingActivation] as Rule | null | undefined,
      partialTakeProfit: env[names.partialTakeProfit] as PartialRule | null | undefined,
      timeStop: env[names.timeStop] as number | null | undefined,
    }));
}

/** The defaults with a strategy's overrides applied. */
export function applyOverrides(defaults: ProtectionConfig, own: ProtectionOverrides): ProtectionConfig {
  const pick = <K extends keyof ProtectionOverrides>(key: K): ProtectionConfig[K] =>
    own[key] === undefined ? defaults[key] : (own[key] as ProtectionConfig[K]);
  return normalise({
    stopLoss: pick('stopLoss'),
    takeProfit: pick('takeProfit'),
    trailingStop: pick('trailingStop'),
    trailingActivation: pick('trailingActivation'),
    partialTakeProfit: pick('partialTakeProfit'),
    timeStop: pick('timeStop'),
    atrWindow: defaults.atrWindow,
    swingStrength: defaults.swingStrength,
  });
}

/** An activation means nothing without a trailing stop: dropped, so it cannot change a signal id. */
function normalise(config: ProtectionConfig): ProtectionConfig {
  return config.trailingStop ? config : { ...config, trailingActivation: null };
}

export function hasProtection(config: ProtectionConfig): boolean {
  return Boolean(
    config.stopLoss || config.takeProfit || config.trailingStop || config.partialTakeProfit || config.timeStop,
  );
}

export function usesAtr(config: ProtectionConfig): boolean {
  const rules = [config.stopLoss, config.takeProfit, config.trailingStop, config.partialTakeProfit?.level];
  return rules.some((r) => r?.kind === 'atr');
}

export function usesSwing(config: ProtectionConfig): boolean {
  return config.stopLoss?.kind === 'swing';
}

/**
 * Candles to replay at start so the ATR after a restart agrees with an unbroken run (Wilder smoothing
 * remembers its seed for a long time, as the RSI does), and a swing stop sees the same swing lows (it
 * looks back SWING_LOOKBACK candles at most): 0 when the strategy has no protection.
 */
export function protectionWarmup(config: ProtectionConfig): number {
  if (!hasProtection(config)) return 0;
  const swing = usesSwing(config) ? SWING_LOOKBACK + 2 * config.swingStrength + 1 : 0;
  return Math.max(10 * config.atrWindow + 2, swing);
}

/** The configuration as written ("2%", "1.5atr", null): for /strategies and the start-up log. */
export function protectionView(config: ProtectionConfig) {
  const text = (r: Rule | null) => (r ? ruleText(r) : null);
  return {
    stopLoss: text(config.stopLoss),
    takeProfit: text(config.takeProfit),
    trailingStop: text(config.trailingStop),
    trailingActivation: text(config.trailingActivation),
    partialTakeProfit: config.partialTakeProfit ? partialText(config.partialTakeProfit) : null,
    timeStop: config.timeStop,
    atrWindow: config.atrWindow,
    swingStrength: config.swingStrength,
  };
}

/**
 * What of the protection config enters the signal id: the rules that are set, plus ATR_WINDOW only
 * when a rule uses the ATR and SWING_STRENGTH only with a swing stop. Undefined without any protection, so those signal ids are unchanged.
 */
export function protectionIdentity(config: ProtectionConfig): Record<string, string | number> | undefined {
  if (!hasProtection(config)) return undefined;
  const view = protectionView(config);
  const identity: Record<string, string | number> = {};
  for (const key of ['stopLoss', 'takeProfit', 'trailingStop', 'trailingActivation', 'partialTakeProfit'] as const) {
    const text = view[key];
    if (text !== null) identity[key] = text;
  }
  if (config.timeStop !== null) identity.timeStop = config.timeStop;
  if (usesAtr(config)) identity.atrWindow = config.atrWindow;
  if (usesSwing(config)) identity.swingStrength = config.swingStrength;
  return identity;
}
