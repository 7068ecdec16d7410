/**
 * `pnpm start` as a user runs it, stopped the ways it can go: its services must never outlive the
 * process that started them (pnpm does not hand every signal on to its script, and a process
 * killed outright tells no one).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createTestDatabase,
  freePort,
  REPO_ROOT,
  testNamespace,
  TEST_REDIS_URL,
  waitFor,
  type TestDatabase,
} from '@roottrading/testing';

let tdb: TestDatabase;
let pnpm: ChildProcess | undefined;

beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.drop();
});
afterEach(() => {
  // Whatever a failed case left: its whole process group.
  if (pnpm?.pid) killGroup(pnpm.pid);
  pnpm = undefined;
});

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** A live process (a zombie nobody reaps yet counts as gone). */
function alive(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return false;
  try {
    return readFileSync(stat, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

const childrenOf = (pid: number): number[] =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);

/** `pnpm start gateway` in a process group of its own; resolves with pnpm's, start's and the gateway's pids. */
async function startGateway(): Promise<{ pnpm: number; start: number; gateway: number }> {
  const port = await freePort();
  pnpm = spawn('pnpm', ['start', 'gateway'], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: 'ignore',
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      DATABASE_URL: tdb.url,
      REDIS_URL: TEST_REDIS_URL,
      BUS_NAMESPACE: testNamespace('start'),
      MARKET_SOURCE: 'synthetic',
      SYMBOLS: 'BTC/USDC',
      GATEWAY_PORT: String(port),
      LOG_LEVEL: 'warn',
    },
  });
  const pid = pnpm.pid!;
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => null))?.status === 200, {
    timeoutMs: 60_000,
    intervalMs: 250,
    what: 'the gateway started by pnpm start',
  });
  const [start] = childrenOf(pid);
  const [gateway] = childrenOf(start!).filter((c) => readFileSync(`/proc/${c}/cmdline`, 'utf8').includes('main.ts'));
  return { pnpm: pid, start: start!, gateway: gateway! };
}

describe('pnpm start', () => {
  it('stops its services when pnpm is killed outright', async () => {
    const pids = await startGateway();
    process.kill(pids.pnpm, 'SIGKILL');
    await waitFor(() => !alive(pids.gateway) && !alive(pids.start), {
      timeoutMs: 20_000,
      intervalMs: 100,
      what: 'the start script and the gateway to stop',
    });
    expect([alive(pids.start), alive(pids.gateway)]).toEqual([false, false]);
  }, 90_000);

  it('stops its services when the start script itself is killed outright', async () => {
    const pids = await startGateway();
    process.kill(pids.start, 'SIGKILL');
    await waitFor(() => !alive(pids.gateway), { timeoutMs: 20_000, intervalMs: 100, what: 'the gateway to stop' });
    expect(alive(pids.gateway)).toBe(false);
  }, 90_000);

  it('stops cleanly on SIGTERM to pnpm, and exits 0', async () => {
    const pids = await startGateway();
    const exited = new Promise<number | null>((resolve) => pnpm!.on('exit', (code) => resolve(code)));
    process.kill(pids.pnpm, 'SIGTERM');
    await waitFor(() => !alive(pids.gateway) && !alive(pids.start), {
      timeoutMs: 20_000,
      intervalMs: 100,
      what: 'the start script and the gateway to stop',
    });
    // pnpm reports the script's own status: 0 after a clean stop.
    expect(await exited).toBe(0);
  }, 90_000);
});
