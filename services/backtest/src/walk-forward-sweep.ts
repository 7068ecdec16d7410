import { spanOf, walkForwardResult, walkWindows, type WalkPeriod } from '@roottrading/backtest';
import { ConfigError } from '@roottrading/config';
import type { BacktestRequest, WalkForwardView } from '@roottrading/contracts';
import { HttpError } from '@roottrading/service';
import { runEnv, runPeriod, type StoredRequest } from './run-settings.js';

/** Where a walk-forward run stands: its window, training (0) or testing (1), and its combination. */
export interface WalkCell {
  window: number;
  side: 0 | 1;
  combo: number;
  /** The sweep's windows, ISO, and how many combinations it has: every run carries the whole plan. */
  windows: { train: { from: string; to: string }; test: { from: string; to: string } }[];
  combos: number;
}

const isoOf = (p: WalkPeriod) => ({ from: new Date(p.from).toISOString(), to: new Date(p.to).toISOString() });

/**
 * The windows of a walk-forward over the request's candles, as `pnpm backtest --walk-forward N`
 * splits them: found from the candles the runs will read (the service's own source), so the runs
 * and the CLI share their boundaries. Too few candles is the client's 400.
 */
export async function walkPlan(
  body: BacktestRequest,
  request: StoredRequest,
  env: Record<string, string | undefined>,
): Promise<WalkCell['windows']> {
  try {
    const span = await spanOf(runEnv(env, request.settings), { source: body.source, period: runPeriod(body) });
    if (!span) throw new ConfigError('walkForward: there are no candles in the period');
    return walkWindows(span, body.walkForward!).map((w) => ({ train: isoOf(w.train), test: isoOf(w.test) }));
  } catch (err) {
    if (err instanceof ConfigError)
      throw new HttpError(400, err.message.replace(/^(config: )?--walk-forward/, 'walkForward'));
    throw err;
  }
}

/** The walk-forward's verdict from the sweep's runs as scored so far (a run not done scores nothing). */
export function walkForwardOf(
  scored: readonly { settings: Record<string, string>; score: number | null; walk: WalkCell }[],
): WalkForwardView | null {
  const plan = scored[0]?.walk;
  if (!plan) return null;
  const ms = (p: { from: string; to: string }) => ({ from: Date.parse(p.from), to: Date.parse(p.to) });
  const windows = plan.windows.map((w) => ({ train: ms(w.train), test: ms(w.test) }));
  const combos: Record<string, string>[] = Array.from({ length: plan.combos }, () => ({}));
  const scores = windows.map(() => [0, 1].map(() => combos.map((): number | null => null)));
  for (const s of scored) {
    combos[s.walk.combo] = s.settings;
    scores[s.walk.window]![s.walk.side]![s.walk.combo] = s.score;
  }
  const result = walkForwardResult(windows, combos, scores);
  return {
    windows: result.windows.map((w) => ({ ...w, train: isoOf(w.train), test: isoOf(w.test) })),
    combinations: result.combinations,
  };
}
