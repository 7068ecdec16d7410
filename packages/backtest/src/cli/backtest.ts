/** `pnpm backtest`: the command, wired to this process. */
import { loadDotEnv } from '@roottrading/config';
import { backtestCommand } from '../command.js';

loadDotEnv();
try {
  await backtestCommand(process.argv.slice(2), process.env, {
    out: (text) => process.stdout.write(text),
    progress: process.stderr,
  });
} catch (err) {
  // Bad settings, files or candles: one line naming what was wrong (no stack: it is not a crash).
  const expected = err instanceof Error && /Error$/.test(err.name) && err.name !== 'Error' && err.name !== 'TypeError';
  process.stderr.write(`backtest: ${err instanceof Error ? err.message : String(err)}\n`);
  if (!expected && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  process.exitCode = 2;
}
