import { z } from 'zod';
import { int } from '@roottrading/config';
import type { Side } from '@roottrading/contracts';
import { defineMultiSymbolStrategy, type CrossSection, type MultiSymbolDecision } from './multi-symbol-types.js';

const DAY_MS = 86_400_000;
/** 1970-01-05, the first Monday 00:00 UTC: rebalance periods start on Mondays (the epoch is a Thursday). */
const FIRST_MONDAY_MS = 4 * DAY_MS;

const paramsSchema = z
  .object({
    ROTATION_LOOKBACK_DAYS: int(7, 1, 365),
    ROTATION_REBALANCE_DAYS: int(7, 1, 365),
    /** Empty: every symbol of SYMBOLS. */
    ROTATION_SYMBOLS: z.string().trim().toUpperCase().default(''),
  })
  .transform((env) => ({
    lookbackDays: env.ROTATION_LOOKBACK_DAYS,
    rebalanceDays: env.ROTATION_REBALANCE_DAYS,
    symbols: env.ROTATION_SYMBOLS.split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .join(','),
  }));

type RotationParams = z.output<typeof paramsSchema>;

/**
 * Momentum rotation between pairs: at the first candle of every rebalance period (weekly by default,
 * periods starting Monday 00:00 UTC), rank the symbols present by their return over the lookback
 * (close now over the last close at or before now − lookback), BUY the strongest unless held, and
 * SELL every other one held. Only symbols with a full lookback are ranked, ties go to the earlier in
 * SYMBOLS. A held symbol with no candle at the rebalance is sold at its next candle.
 */
export const pairRotationStrategy = defineMultiSymbolStrategy<RotationParams>({
  name: 'Pair_Rotation',
  protectionPrefix: 'ROTATION',
  description: 'each rebalance period, hold the symbol with the best return over the lookback, sell the others',
  paramsSchema,
  // The previous rebalance's pick is what is held now: replay a whole period and its lookback before it.
  warmupCandles: (p, intervalMs) => Math.ceil(((p.lookbackDays + p.rebalanceDays) * DAY_MS) / intervalMs) + 2,
  symbols(params, all) {
    const named = params.symbols === '' ? [...all] : params.symbols.split(',');
    const unknown = named.filter((s) => !all.includes(s));
    if (unknown.length > 0) throw new RangeError(`ROTATION_SYMBOLS names ${unknown.join(', ')}, not in SYMBOLS`);
    if (named.length < 2) throw new RangeError('Pair_Rotation needs at least two symbols to rotate between');
    return named;
  },
  create(params, symbols) {
    const lookbackMs = params.lookbackDays * DAY_MS;
    const periodMs = params.rebalanceDays * DAY_MS;
    /** Per symbol, its closes from the last one at or before now − lookback on. */
    const history = new Map<string, { t: number; close: number }[]>(symbols.map((s) => [s, []]));
    const holding = new Set<string>();
    let target: string | undefined;
    let period: number | undefined;
    let returns = new Map<string, number>();

    const returnOf = (symbol: string, openTime: number): number | undefined => {
      const h = history.get(symbol)!;
      const first = h[0];
      if (first === undefined || first.t > openTime - lookbackMs || first.close <= 0) return undefined;
      return h[h.length - 1]!.close / first.close - 1;
    };
    const decision = (symbol: string, side: Side, at: number): MultiSymbolDecision => ({
      symbol,
      side,
      metadata: {
        returnPct: pct(returns.get(symbol)),
        bestReturnPct: target === undefined ? null : pct(returns.get(target)),
        rebalanceAt: (period ?? 0) * periodMs + FIRST_MONDAY_MS,
        candleAt: at,
        ...params,
      },
    });

    return {
      step({ openTime, bars }: CrossSection): MultiSymbolDecision[] {
        for (const [symbol, bar] of bars) {
          const h = history.get(symbol)!;
          h.push({ t: openTime, close: bar.close });
          // Keep one close at or before the lookback's start: the one the return is measured from.
          while (h.length > 1 && h[1]!.t <= openTime - lookbackMs) h.shift();
        }
        const out: MultiSymbolDecision[] = [];
        const previous = period;
        period = Math.floor((openTime - FIRST_MONDAY_MS) / periodMs);
        // The first candle seen only places us in a period; its start may have been before our data.
        if (previous !== undefined && period > previous) {
          returns = new Map();
          let best: string | undefined;
          for (const symbol of symbols) {
            const r = bars.has(symbol) ? returnOf(symbol, openTime) : undefined;
            if (r === undefined) continue;
            returns.set(symbol, r);
            if (best === undefined || r > returns.get(best)!) best = symbol;
          }
          if (best !== undefined) {
            target = best;
            if (!holding.has(best)) {
              holding.add(best);
              out.push(decision(best, 'BUY', openTime));
            }
          }
        }
        for (const symbol of symbols) {
          if (symbol === target || !holding.has(symbol) || !bars.has(symbol)) continue;
          holding.delete(symbol);
          out.push(decision(symbol, 'SELL', openTime));
        }
        return out;
      },
    };
  },
});

const pct = (r: number | undefined) => (r === undefined ? null : r * 100);
