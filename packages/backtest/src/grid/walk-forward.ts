import { ConfigError } from '@roottrading/config';
import type { BacktestJob } from '../execute.js';
import { spanOf } from '../execute.js';
import { combinations, type GridAxis } from './parse-grid.js';
import { runPool } from './pool.js';
import { RANKINGS } from './sweep.js';

export interface WalkWindow {
  train: { from: number; to: number };
  test: { from: number; to: number };
  /** The combination that scored best in-sample, and its scores in and out of sample. */
  best: { settings: Record<string, string>; inSample: number | null; outOfSample: number | null } | null;
}

export interface WalkCombination {
  settings: Record<string, string>;
  /** The mean score over the windows (those it scored in). */
  inSample: number | null;
  outOfSample: number | null;
}

export interface WalkForward {
  windows: WalkWindow[];
  combinations: WalkCombination[];
}

type Job = Omit<BacktestJob, 'db' | 'onStart' | 'onProgress'>;

export interface WalkPeriod {
  from: number;
  to: number;
}

/**
 * The candles' span in N + 1 equal parts (whole intervals; the last takes the rest): window k trains
 * on part k and tests on part k + 1.
 */
export function walkWindows(
  span: { first: number; last: number; intervalMs: number },
  windows: number,
): { train: WalkPeriod; test: WalkPeriod }[] {
  const parts = windows + 1;
  const end = span.last + span.intervalMs;
  const size = Math.floor((end - span.first) / parts / span.intervalMs) * span.intervalMs;
  if (size < span.intervalMs) throw new ConfigError(`--walk-forward ${windows}: too few candles for ${parts} parts`);
  const part = (k: number) => ({
    from: span.first + k * size,
    to: k === parts - 1 ? end : span.first + (k + 1) * size,
  });
  return Array.from({ length: windows }, (_, w) => ({ train: part(w), test: part(w + 1) }));
}

/**
 * The walk-forward's verdict from every combination's score in each window (`scores[w][0][c]` in
 * sample, `scores[w][1][c]` out of sample): per window the best in sample and how it did on the
 * window after; per combination its mean in and out of sample.
 */
export function walkForwardResult(
  windows: readonly { train: WalkPeriod; test: WalkPeriod }[],
  combos: readonly Record<string, string>[],
  scores: readonly (readonly (readonly (number | null)[])[])[],
): WalkForward {
  const chosen = windows.map(({ train, test }, w): WalkWindow => {
    let best: number | null = null;
    scores[w]![0]!.forEach((s, c) => {
      if (s !== null && (best === null || s > scores[w]![0]![best]!)) best = c;
    });
    return {
      train,
      test,
      best:
        best === null
          ? null
          : { settings: combos[best]!, inSample: scores[w]![0]![best]!, outOfSample: scores[w]![1]![best]! },
    };
  });
  const mean = (xs: (number | null)[]) => {
    const v = xs.filter((x): x is number => x !== null);
    return v.length > 0 ? v.reduce((a, b) => a + b, 0) / v.length : null;
  };
  return {
    windows: chosen,
    combinations: combos.map((settings, c) => ({
      settings,
      inSample: mean(scores.map((s) => s[0]![c]!)),
      outOfSample: mean(scores.map((s) => s[1]![c]!)),
    })),
  };
}

/**
 * Splits the candles' span into N + 1 equal parts; window k trains on part k and tests on part
 * k + 1. Every combination runs on both, each run warming its indicators up on the candles before
 * it and selling what is open at its last close, so a window's score is its own. The best
 * combination in sample is judged on the window after it: if out-of-sample scores fall far below
 * in-sample ones, the grid is fitting noise.
 */
export async function walkForward(
  env: Record<string, string | undefined>,
  job: Job,
  axes: readonly GridAxis[],
  opts: {
    windows: number;
    threads: number;
    rank: string;
    quote?: string;
    onAnswer?: (done: number, total: number) => void;
  },
): Promise<WalkForward> {
  const pick = RANKINGS[opts.rank];
  if (!pick) throw new ConfigError(`--rank must be one of ${Object.keys(RANKINGS).join(', ')} (got "${opts.rank}")`);
  const span = await spanOf(env, job);
  if (!span) throw new ConfigError('--walk-forward: there are no candles in the period');
  const combos = combinations(axes);
  const runs = walkWindows(span, opts.windows).map(({ train, test }) => [train, test] as const);
  const tasks = runs.flatMap(([train, test], w) =>
    [train, test].flatMap((period, side) =>
      combos.map((settings, c) => ({
        key: { w, side, c },
        env: { ...env, ...settings },
        job: { ...job, period, warmUp: true, closeAtEnd: true },
      })),
    ),
  );
  const answers = await runPool(
    tasks.map((t, index) => ({ index, env: t.env, job: t.job })),
    opts.threads,
    (_, done) => opts.onAnswer?.(done, tasks.length),
  );
  // scores[w][side][c]
  const scores = runs.map(() => [combos.map(() => null as number | null), combos.map(() => null as number | null)]);
  answers.forEach((a, i) => {
    const { w, side, c } = tasks[i]!.key;
    if (!a.ok) throw new ConfigError(`--walk-forward: a run failed: ${a.error}`);
    const q = opts.quote ? a.total.find((t) => t.quote === opts.quote) : a.total[0];
    scores[w]![side]![c] = q ? pick(q) : null;
  });
  return walkForwardResult(
    runs.map(([train, test]) => ({ train, test })),
    combos,
    scores,
  );
}
