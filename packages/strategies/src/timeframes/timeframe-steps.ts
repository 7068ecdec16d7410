import { msToInterval } from '@roottrading/contracts';
import type { Bar, TimeframeView } from '../strategies/types.js';
import { numberMath, TimeframeAggregator } from './aggregator.js';

/** The bars of every timeframe that closed at one moment (the base candle among them when it ends then). */
export type ClosedGroup = readonly { timeframeMs: number; bar: Bar }[];

/**
 * One symbol's base candles turned into the moments strategies are stepped at: each push yields,
 * in time order, the groups of bars that closed together, and before each group is handed over the
 * view holds it — so a strategy stepped on a 1h close sees the 4h bar that closed with it, and never
 * one that has not closed yet.
 */
export class TimeframeSteps {
  private aggregator: TimeframeAggregator<number> | undefined;
  private readonly latest = new Map<string, Bar>();
  private readonly labels: Map<number, string>;
  readonly view: TimeframeView = { closed: (timeframe) => this.latest.get(timeframe) };

  /** `timeframesMs`: every timeframe any strategy runs on or reads; those above the base are built. */
  constructor(
    private readonly baseMs: number,
    private readonly timeframesMs: readonly number[],
  ) {
    this.labels = new Map([baseMs, ...timeframesMs].map((ms) => [ms, msToInterval(ms)]));
    this.reset();
  }

  push(base: Bar, visit: (group: ClosedGroup) => void): void {
    const closed = this.aggregator?.push(base) ?? [];
    const baseEnd = base.startTime + this.baseMs;
    let i = 0;
    while (i < closed.length) {
      const end = closed[i]!.endTime;
      const group: { timeframeMs: number; bar: Bar }[] = [];
      // The aggregator never closes a bar after the candle it was given ends.
      if (end === baseEnd) group.push({ timeframeMs: this.baseMs, bar: base });
      for (; i < closed.length && closed[i]!.endTime === end; i++) group.push(closed[i]!);
      this.hand(group, visit);
    }
    if (closed.length === 0 || closed[closed.length - 1]!.endTime !== baseEnd) {
      this.hand([{ timeframeMs: this.baseMs, bar: base }], visit);
    }
  }

  reset(): void {
    const above = this.timeframesMs.filter((ms) => ms > this.baseMs);
    this.aggregator = above.length > 0 ? new TimeframeAggregator(this.baseMs, above, numberMath) : undefined;
    this.latest.clear();
  }

  private hand(group: ClosedGroup, visit: (group: ClosedGroup) => void): void {
    for (const { timeframeMs, bar } of group) this.latest.set(this.labels.get(timeframeMs)!, bar);
    visit(group);
  }
}
