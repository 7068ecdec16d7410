/**
 * `pnpm start`: migrations, then the whole stack as separate Node processes. Each line a service
 * prints goes to the console prefixed with its name (pretty-printed on a terminal) and, unchanged,
 * to logs/<service>.log. Ctrl-C or SIGTERM stops every service cleanly (SIGTERM, 10 s grace); so
 * does the end of the process that started this one (pnpm itself, killed or closed with its
 * terminal), and each service stops by itself if this process is killed outright (RT_PARENT_PID).
 * A service that exits by itself is started again after 1 s, 2 s, 4 s … up to 30 s (the wait starts
 * over once it has run a minute), and the console says so; one stopped with the stack stays stopped.
 * A Redis reached without a password on an address other than loopback gets a warning at start.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { loadDotEnv } from '@roottrading/config';
import { prettyLine } from './pretty.js';
import { redisExposureWarning } from './redis-exposure.js';
import { nextRestart, restartMessage } from './restart-backoff.js';
import { PROCESSES, type ProcessName } from './services.js';

const root = resolve(import.meta.dirname, '..');
const envFile = loadDotEnv([root]);
// Paths in .env are relative to the repository root; the services run in their own folders.
for (const name of ['REPLAY_DIR', 'MARKETS_FILE', 'STRATEGIES_FILE']) {
  const value = process.env[name];
  if (value && !isAbsolute(value)) process.env[name] = resolve(root, value);
}
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const selected = only.length ? PROCESSES.filter((p) => only.includes(p.name)) : PROCESSES;
const colors = [36, 35, 33, 32, 34];
const width = Math.max(...PROCESSES.map((p) => p.name.length));

console.log(envFile ? `using ${envFile}` : 'no .env found: using defaults (copy .env.example to .env to change them)');
const redisWarning = redisExposureWarning(process.env.REDIS_URL);
if (redisWarning) console.warn(redisWarning);
if (!process.env.BUS_SECRET?.trim()) {
  console.log('BUS_SECRET is not set: bus messages are unsigned, so whatever can write to Redis can feed the services');
}
mkdirSync(resolve(root, 'logs'), { recursive: true });

run('migrate', ['--import', 'tsx', 'packages/db/src/cli/migrate.ts'], root);
if (selected.some((p) => p.name === 'frontend') && !existsSync(resolve(root, 'frontend/dist/index.html'))) {
  console.log('building the frontend (first start)…');
  const built = spawnSync('pnpm', ['--filter', '@roottrading/frontend', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) console.error('frontend build failed: the web page will say so; the services start anyway');
}

const children = new Map<ProcessName, ChildProcess>();
/** Services waiting out their backoff before the next start. */
const restarts = new Map<ProcessName, NodeJS.Timeout>();
let stopping = false;
const pretty = process.stdout.isTTY ? prettyLine(true) : (line: string) => `${line}\n`;
selected.forEach((p, i) => startProcess(p, `\x1b[${colors[i % colors.length]}m${p.name.padEnd(width)}\x1b[0m |`, 1));

function startProcess(p: (typeof PROCESSES)[number], prefix: string, attempt: number): void {
  const child = spawn(process.execPath, ['--import', 'tsx', p.entry], {
    cwd: resolve(root, p.dir),
    env: { ...process.env, RT_PARENT_PID: String(process.pid) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const startedAt = Date.now();
  children.set(p.name, child);
  const file = createWriteStream(resolve(root, 'logs', `${p.name}.log`), { flags: 'a' });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream! }).on('line', (line) => {
      file.write(line + '\n');
      process.stdout.write(`${prefix} ${pretty(line)}`);
    });
  }
  child.on('exit', (code, signal) => {
    children.delete(p.name);
    file.end();
    if (stopping) {
      exitWhenAllStopped();
      return;
    }
    const restart = nextRestart(attempt, Date.now() - startedAt);
    console.error(`${restartMessage(p.name, signal ?? `code ${code}`, restart)}; see logs/${p.name}.log`);
    const timer = setTimeout(() => {
      restarts.delete(p.name);
      startProcess(p, prefix, restart.attempt);
    }, restart.delayMs);
    restarts.set(p.name, timer);
  });
}

function exitWhenAllStopped(): void {
  if (children.size === 0) process.exit(0);
}

function stopAll(why: string): void {
  if (stopping) return;
  stopping = true;
  console.log(`stopping (${why})…`);
  for (const timer of restarts.values()) clearTimeout(timer);
  restarts.clear();
  for (const child of children.values()) child.kill('SIGTERM');
  exitWhenAllStopped();
  setTimeout(() => {
    for (const child of children.values()) child.kill('SIGKILL');
    process.exit(1);
  }, 11_000).unref();
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stopAll(signal));
// pnpm does not pass SIGTERM on to its script: when it goes, this process is handed to another parent.
const launcher = process.ppid;
setInterval(() => {
  if (process.ppid !== launcher) stopAll('the process that ran pnpm start is gone');
}, 500).unref();
// With the terminal or pnpm gone, writing to the console fails: the log files still get every line.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

function run(name: string, args: string[], cwd: string): void {
  const result = spawnSync(process.execPath, args, { cwd, env: process.env, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${name} failed (exit ${result.status}): is PostgreSQL running at DATABASE_URL?`);
    process.exit(1);
  }
}
