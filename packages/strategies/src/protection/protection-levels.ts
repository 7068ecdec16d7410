import { AverageTrueRange } from '../indicators/atr.js';
import type { Bar } from '../strategies/types.js';
import { hasProtection, usesSwing, type ProtectionConfig } from './config.js';
import { RecentSwingLows } from './swing-stop.js';

/** What a BUY's configured stop and target are measured on, at the candle it is sent with. */
export interface ProtectionInputs {
  atr: number | undefined;
  swingLows: readonly number[] | undefined;
}

/**
 * One symbol's ATRs (one per ATR_WINDOW any protected strategy uses) and recent swing lows (one per
 * SWING_STRENGTH any STOP_LOSS=swing strategy uses), fed every base candle: shared by the strategies
 * of that symbol, per-symbol and multi-symbol alike.
 */
export class ProtectionLevels {
  private readonly atrs: Map<number, AverageTrueRange>;
  private readonly swingLows: Map<number, RecentSwingLows>;

  constructor(protections: readonly ProtectionConfig[]) {
    this.atrs = new Map(protections.filter(hasProtection).map((p) => [p.atrWindow, new AverageTrueRange(p.atrWindow)]));
    this.swingLows = new Map(
      protections.filter(usesSwing).map((p) => [p.swingStrength, new RecentSwingLows(p.swingStrength)]),
    );
  }

  update(bar: Bar): void {
    for (const atr of this.atrs.values()) atr.update(bar);
    for (const swings of this.swingLows.values()) swings.update(bar.low);
  }

  inputsFor(config: ProtectionConfig): ProtectionInputs {
    return { atr: this.atrs.get(config.atrWindow)?.value, swingLows: this.swingLows.get(config.swingStrength)?.lows() };
  }
}
