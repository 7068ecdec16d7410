import { availableParallelism } from 'node:os';
import { writeFile } from 'node:fs/promises';
import type { CliArgs } from '../cli/args.js';
import { ProgressBar } from '../cli/progress.js';
import type { CommandIo } from '../command.js';
import type { BacktestJob } from '../execute.js';
import { resolveSetup } from '../setup.js';
import { grid } from './grid-report.js';
import { parseGrid } from './parse-grid.js';
import { sweep } from './sweep.js';
import { walkForward } from './walk-forward.js';

/** `pnpm backtest --grid …` (and `--walk-forward N`): a sweep on worker threads, its table on stdout. */
export async function gridCommand(
  args: CliArgs,
  env: Record<string, string | undefined>,
  job: Omit<BacktestJob, 'db' | 'onStart' | 'onProgress'>,
  io: CommandIo,
): Promise<void> {
  const axes = parseGrid(args.grid!);
  // Settings checked once here, so a bad one is one line, not one error per combination.
  resolveSetup({ ...env, ...Object.fromEntries(axes.map((a) => [a.name, a.values[0]!])) }, job);
  const threads = args.threads ?? availableParallelism();
  const bar = new ProgressBar(null, io.progress);
  const opts = {
    threads,
    rank: args.rank,
    ...(args.quote ? { quote: args.quote } : {}),
    onAnswer: (done: number) => bar.update(done),
  };
  const fixedEnv = {
    ...env,
    ...(job.symbols ? { SYMBOLS: job.symbols } : {}),
    ...(job.strategies ? { STRATEGIES: job.strategies } : {}),
  };
  if (args.walkForward !== undefined) {
    const result = await walkForward(fixedEnv, job, axes, { ...opts, windows: args.walkForward });
    bar.done();
    io.out(grid.walkForward(result, axes, args.rank));
    if (args.json)
      await writeFile(args.json, JSON.stringify({ grid: axes, rank: args.rank, walkForward: result }, null, 2) + '\n');
    return;
  }
  const rows = await sweep(fixedEnv, job, axes, opts);
  bar.done();
  io.out(grid.sweep(rows, axes, args.rank, args.quote));
  if (args.json) await writeFile(args.json, JSON.stringify({ grid: axes, rank: args.rank, rows }, null, 2) + '\n');
}
