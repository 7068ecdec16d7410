/** `pnpm data:download`: the command, wired to this process. */
import { ConfigError, loadDotEnv } from '@roottrading/config';
import { downloadCommand, DownloadArgsError, DownloadError } from '../index.js';

loadDotEnv();
try {
  await downloadCommand(process.argv.slice(2), process.env, {
    out: (text) => process.stdout.write(text),
    progress: process.stderr,
  });
} catch (err) {
  const bad = err instanceof DownloadArgsError || err instanceof ConfigError;
  // One line naming what was wrong; a stack only for what nobody foresaw.
  process.stderr.write(`data:download: ${err instanceof Error ? err.message : String(err)}\n`);
  if (!bad && !(err instanceof DownloadError) && err instanceof Error && err.stack)
    process.stderr.write(`${err.stack}\n`);
  process.exitCode = bad ? 2 : 1;
}
