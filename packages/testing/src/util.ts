import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

/** The repository root, wherever the test runs from. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Real market data beside the project (../shared/data/market), or MARKET_DATA_DIR. */
export const MARKET_DATA_DIR = process.env.MARKET_DATA_DIR ?? resolve(REPO_ROOT, '../shared/data/market');

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A Redis key prefix no other test run or running stack uses. */
export function testNamespace(label = 't'): string {
  return `test:${process.env.RT_TEST_RUN ?? 'local'}:${label}:${randomBytes(4).toString('hex')}:`;
}

/** Ports handed out by this process: never twice. */
const handedOut = new Set<number>();

/** Where the kernel takes the local ports of outgoing connections from (Linux's default when unreadable). */
function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low && high && low > 11_000) return [low, high];
  } catch {
    // not Linux: the default below
  }
  return [32_768, 60_999];
}

function tryListen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => done(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => done(true)));
  });
}

/**
 * A TCP port free right now on 127.0.0.1, for a service a test starts later. Chosen below the
 * kernel's ephemeral range: a port from that range (what listen(0) gives) can meanwhile become
 * the local port of some process's outgoing connection to Redis or PostgreSQL, and the service's
 * listen then fails with EADDRINUSE.
 */
export async function freePort(): Promise<number> {
  const [low] = ephemeralRange();
  const from = 10_000;
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = from + Math.floor(Math.random() * (low - from));
    if (handedOut.has(port)) continue;
    if (await tryListen(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port found between ${from} and ${low - 1}`);
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  { timeoutMs = 10_000, intervalMs = 50, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  const why = lastError instanceof Error ? `: ${lastError.message}` : '';
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
}

/** A logger that writes nothing, for in-process services under test (set TEST_LOG=1 to see logs). */
export const silentLevel = process.env.TEST_LOG ? 'debug' : 'silent';
