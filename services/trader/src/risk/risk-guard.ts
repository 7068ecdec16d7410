import { dec, toPlain, type Decimal } from '@roottrading/accounting';
import type { KillSwitchState } from '@roottrading/contracts';
import type { RiskStateRow } from '@roottrading/db';
import type { EquityMarkRow } from '../repositories/equity-marks.js';
import { observeEquity, utcDay, type EquityMark, type LossLimits } from '@roottrading/engine';

export interface KillSwitch {
  active: boolean;
  reason: string | null;
  trippedAt: Date | null;
  resetBy: string | null;
  resetAt: Date | null;
}

const INACTIVE: KillSwitch = { active: false, reason: null, trippedAt: null, resetBy: null, resetAt: null };

/**
 * The kill switch and the equity marks it is judged on, in memory. Equity readings come per candle
 * and per commit; a breach turns the switch on here at once (entries are refused from the next
 * check) and the caller persists it. Marks are persisted in batches (`takeDirtyMarks`).
 */
export class RiskGuard {
  private state: KillSwitch = INACTIVE;
  private marks = new Map<string, EquityMark>();
  private dirty = new Set<string>();

  constructor(private readonly limits: LossLimits) {}

  load(row: RiskStateRow | undefined, marks: readonly EquityMarkRow[]): void {
    this.setKillSwitch(row);
    this.marks = new Map(
      marks.map((m) => [m.currency, { peak: dec(m.peak), day: m.day, dayStart: dec(m.dayStart), last: null }]),
    );
    this.dirty.clear();
  }

  get killSwitch(): KillSwitch {
    return this.state;
  }

  /** The reason an entry is refused while the switch is on; null when off. */
  refusal(): string | null {
    if (!this.state.active) return null;
    const since = this.state.trippedAt ? ` since ${this.state.trippedAt.toISOString()}` : '';
    return `kill switch active${since}: ${this.state.reason ?? 'no reason recorded'}; POST /risk/kill-switch/reset to allow entries again`;
  }

  setKillSwitch(row: RiskStateRow | undefined): void {
    this.state = row
      ? {
          active: row.kill_switch,
          reason: row.kill_reason,
          trippedAt: row.tripped_at,
          resetBy: row.reset_by,
          resetAt: row.reset_at,
        }
      : INACTIVE;
  }

  /**
   * One equity reading of a quote currency at a candle time (ms). Returns the breach when this
   * reading trips the switch (it was off); the switch is then on in memory.
   */
  observe(currency: string, equity: Decimal, candleTime: number): string | null {
    const seen = observeEquity(currency, this.marks.get(currency), equity, utcDay(candleTime), this.limits);
    this.marks.set(currency, seen.mark);
    if (seen.changed) this.dirty.add(currency);
    if (!seen.breach || this.state.active) return null;
    this.state = { ...this.state, active: true, reason: seen.breach, trippedAt: new Date() };
    return seen.breach;
  }

  /**
   * After a reset the loss that tripped the switch is history: the peak and the day's start are
   * taken again from the equity now, or the next candle would trip it again at once.
   */
  rebase(equities: ReadonlyMap<string, Decimal>, candleTime: number | null): void {
    for (const [currency, equity] of equities) {
      const day = candleTime === null ? (this.marks.get(currency)?.day ?? utcDay(Date.now())) : utcDay(candleTime);
      this.marks.set(currency, { peak: equity, day, dayStart: equity, last: equity });
      this.dirty.add(currency);
    }
  }

  /** Forgets the marks (the demo account was reset to its seed). */
  clearMarks(): void {
    this.marks.clear();
    this.dirty.clear();
  }

  mark(currency: string): EquityMark | undefined {
    return this.marks.get(currency);
  }

  takeDirtyMarks(): EquityMarkRow[] {
    const out: EquityMarkRow[] = [];
    for (const currency of this.dirty) {
      const m = this.marks.get(currency);
      if (m) out.push({ currency, peak: toPlain(m.peak), day: m.day, dayStart: toPlain(m.dayStart) });
    }
    this.dirty.clear();
    return out;
  }

  hasDirtyMarks(): boolean {
    return this.dirty.size > 0;
  }

  /** Puts marks back for the next flush when writing them failed. */
  markDirty(currencies: readonly string[]): void {
    for (const c of currencies) this.dirty.add(c);
  }

  view(): KillSwitchState {
    return {
      active: this.state.active,
      reason: this.state.reason,
      trippedAt: this.state.trippedAt?.toISOString() ?? null,
      resetBy: this.state.resetBy,
      resetAt: this.state.resetAt?.toISOString() ?? null,
    };
  }
}
