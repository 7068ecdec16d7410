import { writeFile } from 'node:fs/promises';
import { parseCliArgs, USAGE } from './cli/args.js';
import { ProgressBar } from './cli/progress.js';
import { executeBacktest } from './execute.js';
import { gridCommand } from './grid/grid-command.js';
import { tradesCsv, type BacktestReport } from './report.js';
import { textReport } from './report-text.js';

export interface CommandIo {
  out: (text: string) => void;
  progress?: NodeJS.WriteStream;
}

/** `pnpm backtest …`: reads the settings and the candles, runs, prints the report, writes --json and --csv. */
export async function backtestCommand(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  io: CommandIo,
): Promise<BacktestReport | null> {
  const args = parseCliArgs(argv);
  if (args.help) {
    io.out(USAGE + '\n');
    return null;
  }
  const job = {
    ...(args.symbols !== undefined ? { symbols: args.symbols } : {}),
    ...(args.strategies !== undefined ? { strategies: args.strategies } : {}),
    source: args.source,
    ...(args.data !== undefined ? { data: args.data } : {}),
    period: {
      ...(args.from !== undefined ? { from: args.from } : {}),
      ...(args.to !== undefined ? { to: args.to } : {}),
    },
  };
  if (args.grid !== undefined) {
    await gridCommand(args, env, job, io);
    return null;
  }
  let bar: ProgressBar | undefined;
  const report = await executeBacktest(env, {
    ...job,
    onStart: (total) => (bar = new ProgressBar(total, io.progress)),
    onProgress: (n) => bar?.update(n),
  });
  bar?.done();
  io.out(textReport(report));
  if (args.json) await writeFile(args.json, JSON.stringify(report, null, 2) + '\n');
  if (args.csv) await writeFile(args.csv, tradesCsv(report));
  return report;
}
