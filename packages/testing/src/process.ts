import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { REPO_ROOT, waitFor } from './util.js';

export interface RunningService {
  name: string;
  port: number;
  child: ChildProcess;
  /** Every line the process printed so far (pino JSON). */
  output: string[];
  url(path: string): string;
  /** SIGTERM, then wait for exit; resolves to the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash, no clean-up. */
  kill(): Promise<void>;
}

/**
 * Starts a service as a real process with `pnpm start`'s command (tsx src/main.ts) and waits until
 * its /health answers 200.
 */
export async function spawnService(
  name: string,
  port: number,
  env: Record<string, string>,
  // Generous: several services starting together on a loaded two-core machine take tens of seconds
  // (tsx compiles each); one that cannot start exits, and that is seen at once.
  { timeoutMs = 90_000, waitHealthy = true } = {},
): Promise<RunningService> {
  const cwd = resolve(REPO_ROOT, 'services', name);
  // RT_CPU_PROF=DIR: each service writes a V8 CPU profile there when it exits (for the benchmarks).
  const profile = process.env.RT_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.RT_CPU_PROF] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'src/main.ts'], {
    cwd,
    // BUS_SECRET only when the test gives one: a secret in the shell or in .env would otherwise sign
    // this service's messages while the test's own bus sends and expects unsigned ones.
    env: { ...process.env, NODE_OPTIONS: '', BUS_SECRET: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) output.push(line);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const svc: RunningService = {
    name,
    port,
    child,
    output,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  if (waitHealthy) {
    try {
      await waitFor(
        async () => {
          if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
          const res = await fetch(svc.url('/health'));
          // Another run's process on the same port would answer for this one: a test would then
          // talk to the wrong service. Its /health says whose it is.
          const body = (await res.json().catch(() => ({}))) as { pid?: number };
          if (body.pid !== undefined && body.pid !== child.pid) {
            throw new Error(
              `port ${port} is answered by another process (pid ${body.pid}), not this ${name} (pid ${child.pid})`,
            );
          }
          return res.status === 200;
        },
        { timeoutMs, intervalMs: 200, what: `${name} to be healthy` },
      );
    } catch (err) {
      await svc.kill();
      throw new Error(`${(err as Error).message}\n${output.slice(-20).join('\n')}`);
    }
  }
  return svc;
}
