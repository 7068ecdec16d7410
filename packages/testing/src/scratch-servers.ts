import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { freePort, waitFor } from './util.js';

/**
 * PostgreSQL and Redis servers of a test's own, on free ports, for fault tests that stop and
 * restart them: the shared servers on 5432 and 6379 serve every other test run and are never touched.
 */
export interface ScratchServer {
  url: string;
  port: number;
  /** Stops the server (immediate mode for PostgreSQL: open sessions are cut, as in a crash or a restart). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Removes the server and its files. */
  destroy(): Promise<void>;
}

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
/** initdb and postgres refuse to run as root: as root the server runs as the postgres user. */
const asRoot = process.getuid?.() === 0;

function pgCommand(tool: string, args: string[]): void {
  const command = join(PG_BIN, tool);
  if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' });
  else execFileSync(command, args, { stdio: 'pipe' });
}

/** A fresh PostgreSQL cluster (trust auth, user postgres) with one database, `rt`. */
export async function startScratchPostgres(): Promise<ScratchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'rt-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  if (asRoot) execFileSync('chown', ['postgres', dir]);
  pgCommand('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  // fsync off only: the machine does not crash, the server does. synchronous_commit stays on, as
  // an acknowledged commit must survive the server's crash (immediate stop).
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = async () => {
    pgCommand('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  };
  const stop = async () => {
    pgCommand('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
  };
  await start();
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query('create database rt');
  await admin.end();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/rt`,
    port,
    start,
    stop,
    destroy: async () => {
      await stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A Redis without persistence: a restart comes back empty, as a Redis that lost its data. */
export async function startScratchRedis(): Promise<ScratchServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const url = `redis://127.0.0.1:${port}`;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    await waitFor(
      async () => {
        const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        probe.on('error', () => undefined);
        try {
          await probe.connect();
          return (await probe.ping()) === 'PONG';
        } finally {
          probe.disconnect();
        }
      },
      { what: `redis on ${port}` },
    );
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((done) => {
      running.once('exit', () => done());
      running.kill('SIGKILL');
    });
  };
  await start();
  return { url, port, start, stop, destroy: stop };
}
