import { z } from 'zod';
import { int } from '@roottrading/config';
import { ACTIVATION_LIMITS, ruleField, ruleText, STOP_LIMITS, TARGET_LIMITS, type Rule } from './rules.js';

/** The protective exits a strategy's BUY signals carry, as configured (resolved to prices per signal). */
export interface ProtectionConfig {
  stopLoss: Rule | null;
  takeProfit: Rule | null;
  trailingStop: Rule | null;
  /** Gain (a percentage) before the trailing stop starts; null = at once. Always null without a trailing stop. */
  trailingActivation: Rule | null;
  /** ATR_WINDOW: the Wilder period of the ATR the `atr` rules multiply. */
  atrWindow: number;
}

/**
 * STOP_LOSS, TAKE_PROFIT, TRAILING_STOP, TRAILING_ACTIVATION and ATR_WINDOW: every strategy's default.
 * The activation is kept even without a default trailing stop: a strategy may set its own.
 */
export const protectionDefaultsSchema = z
  .object({
    STOP_LOSS: ruleField(STOP_LIMITS, true),
    TAKE_PROFIT: ruleField(TARGET_LIMITS, true),
    TRAILING_STOP: ruleField(STOP_LIMITS, true),
    TRAILING_ACTIVATION: ruleField(ACTIVATION_LIMITS, true),
    ATR_WINDOW: int(14, 2, 1_000),
  })
  .transform((env): ProtectionConfig => ({
    stopLoss: env.STOP_LOSS ?? null,
    takeProfit: env.TAKE_PROFIT ?? null,
    trailingStop: env.TRAILING_STOP ?? null,
    trailingActivation: env.TRAILING_ACTIVATION ?? null,
    atrWindow: env.ATR_WINDOW,
  }));

/** A strategy's own choices: a rule, null for "none", undefined to inherit the default. */
export type ProtectionOverrides = {
  [K in 'stopLoss' | 'takeProfit' | 'trailingStop' | 'trailingActivation']: Rule | null | undefined;
};

/**
 * `<PREFIX>_STOP_LOSS`, `<PREFIX>_TAKE_PROFIT`, `<PREFIX>_TRAILING_STOP`, `<PREFIX>_TRAILING_ACTIVATION`:
 * one strategy's overrides. Unset or empty inherits the default; "none" switches it off for this
 * strategy. (Empty inherits, so an .env listing every variable with no value changes nothing.)
 */
export function strategyOverridesSchema(prefix: string) {
  const names = {
    stopLoss: `${prefix}_STOP_LOSS`,
    takeProfit: `${prefix}_TAKE_PROFIT`,
    trailingStop: `${prefix}_TRAILING_STOP`,
    trailingActivation: `${prefix}_TRAILING_ACTIVATION`,
  };
  return z
    .object({
      [names.stopLoss]: ruleField(STOP_LIMITS, false),
      [names.takeProfit]: ruleField(TARGET_LIMITS, false),
      [names.trailingStop]: ruleField(STOP_LIMITS, false),
      [names.trailingActivation]: ruleField(ACTIVATION_LIMITS, false),
    })
    .transform((env): ProtectionOverrides => ({
      stopLoss: env[names.stopLoss],
      takeProfit: env[names.takeProfit],
      trailingStop: env[names.trailingStop],
      trailingActivation: env[names.trailingActivation],
    }));
}

/** The defaults with a strategy's overrides applied. */
export function applyOverrides(defaults: ProtectionConfig, own: ProtectionOverrides): ProtectionConfig {
  const pick = (key: keyof ProtectionOverrides) => (own[key] === undefined ? defaults[key] : own[key]);
  return normalise({
    stopLoss: pick('stopLoss'),
    takeProfit: pick('takeProfit'),
    trailingStop: pick('trailingStop'),
    trailingActivation: pick('trailingActivation'),
    atrWindow: defaults.atrWindow,
  });
}

/** An activation means nothing without a trailing stop: dropped, so it cannot change a signal id. */
function normalise(config: ProtectionConfig): ProtectionConfig {
  return config.trailingStop ? config : { ...config, trailingActivation: null };
}

export function hasProtection(config: ProtectionConfig): boolean {
  return Boolean(config.stopLoss || config.takeProfit || config.trailingStop);
}

export function usesAtr(config: ProtectionConfig): boolean {
  return [config.stopLoss, config.takeProfit, config.trailingStop].some((r) => r?.kind === 'atr');
}

/**
 * Candles to replay at start so the ATR after a restart agrees with an unbroken run (Wilder smoothing
 * remembers its seed for a long time, as the RSI does): 0 when the strategy has no protection.
 */
export function protectionWarmup(config: ProtectionConfig): number {
  return hasProtection(config) ? 10 * config.atrWindow + 2 : 0;
}

/** The configuration as written ("2%", "1.5atr", null): for /strategies and the start-up log. */
export function protectionView(config: ProtectionConfig) {
  const text = (r: Rule | null) => (r ? ruleText(r) : null);
  return {
    stopLoss: text(config.stopLoss),
    takeProfit: text(config.takeProfit),
    trailingStop: text(config.trailingStop),
    trailingActivation: text(config.trailingActivation),
    atrWindow: config.atrWindow,
  };
}

/**
 * What of the protection config enters the signal id: the rules that are set, plus ATR_WINDOW only
 * when a rule uses the ATR. Undefined without any protection, so those signal ids are unchanged.
 */
export function protectionIdentity(config: ProtectionConfig): Record<string, string | number> | undefined {
  if (!hasProtection(config)) return undefined;
  const view = protectionView(config);
  const identity: Record<string, string | number> = {};
  for (const key of ['stopLoss', 'takeProfit', 'trailingStop', 'trailingActivation'] as const) {
    const text = view[key];
    if (text !== null) identity[key] = text;
  }
  if (usesAtr(config)) identity.atrWindow = config.atrWindow;
  return identity;
}
