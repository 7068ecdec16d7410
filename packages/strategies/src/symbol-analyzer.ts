import type { Candle, Signal } from '@roottrading/contracts';
import { barFromCandle } from './bars.js';
import { classifyCandle } from './candle-order.js';
import { AverageTrueRange } from './indicators/atr.js';
import { hasProtection } from './protection/config.js';
import { resolveProtection } from './protection/resolve.js';
import { signalId } from './signal-id.js';
import type { LoadedStrategy } from './strategies/select.js';
import type { Bar, StrategyMachine } from './strategies/types.js';

export type CandleOutcome =
  | { status: 'analyzed'; signals: Signal[] }
  /** A replay started over: the state was reset before analysing this candle. */
  | { status: 'new-series'; signals: Signal[]; previousStartTime: number }
  /** Already handled (same open time or the candle before): ignored. */
  | { status: 'seen' };

/**
 * Every enabled strategy's state for one symbol. Synchronous and free of I/O: the service feeds it
 * candles one at a time, in order, and publishes what it returns.
 */
export class SymbolAnalyzer {
  private machines: { strategy: LoadedStrategy; machine: StrategyMachine }[] = [];
  /** One ATR per window any protected strategy uses (one, ATR_WINDOW, in practice), shared by them. */
  private atrs = new Map<number, AverageTrueRange>();
  lastStartTime: number | undefined;

  constructor(
    readonly symbol: string,
    private readonly strategies: readonly LoadedStrategy[],
    private readonly intervalMs: number,
  ) {
    this.reset();
  }

  /** Feeds a past candle (warm-up): the indicators move on, nothing is signalled. */
  warm(bar: Bar): void {
    for (const { machine } of this.machines) machine.update(bar);
    for (const atr of this.atrs.values()) atr.update(bar);
    this.lastStartTime = bar.startTime;
  }

  /** Feeds a live candle and returns the signals it completes, in strategy order. */
  analyze(candle: Candle, now = Date.now()): CandleOutcome {
    const order = classifyCandle(this.lastStartTime, candle.startTime, this.intervalMs);
    if (order === 'seen') return { status: 'seen' };
    const previousStartTime = this.lastStartTime;
    if (order === 'new-series') this.reset();
    const bar = barFromCandle(candle);
    for (const atr of this.atrs.values()) atr.update(bar);
    const signals: Signal[] = [];
    for (const { strategy, machine } of this.machines) {
      const side = machine.update(bar);
      if (side === null) continue;
      // Stops and targets protect the position a BUY opens; a SELL is itself the exit.
      const protection =
        side === 'BUY' && hasProtection(strategy.protection)
          ? resolveProtection(strategy.protection, candle.close, this.atrs.get(strategy.protection.atrWindow)?.value)
          : undefined;
      signals.push({
        id: signalId({
          strategy: strategy.name,
          paramsKey: strategy.paramsKey,
          symbol: candle.symbol,
          interval: candle.interval,
          openTime: candle.startTime,
        }),
        strategy: strategy.name,
        symbol: candle.symbol,
        interval: candle.interval,
        side,
        timestamp: candle.startTime,
        price: candle.close,
        metadata: protection ? { ...machine.metadata(), ...protection.metadata } : machine.metadata(),
        createdAt: now,
        ...(protection?.stopLoss ? { stopLoss: protection.stopLoss } : {}),
        ...(protection?.takeProfit ? { takeProfit: protection.takeProfit } : {}),
        ...(protection?.trailingStop ? { trailingStop: protection.trailingStop } : {}),
      });
    }
    this.lastStartTime = candle.startTime;
    if (order === 'new-series') return { status: 'new-series', signals, previousStartTime: previousStartTime! };
    return { status: 'analyzed', signals };
  }

  /** Forgets everything: fresh indicators for every strategy, and a fresh ATR. */
  reset(): void {
    this.machines = this.strategies.map((strategy) => ({ strategy, machine: strategy.create() }));
    this.atrs = new Map(
      this.strategies
        .filter((s) => hasProtection(s.protection))
        .map((s) => [s.protection.atrWindow, new AverageTrueRange(s.protection.atrWindow)]),
    );
    this.lastStartTime = undefined;
  }
}
