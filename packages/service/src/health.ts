import type { Express } from 'express';
import type { Health } from '@roottrading/contracts';

export interface HealthSources {
  service: string;
  redis: () => Promise<boolean>;
  postgres?: () => Promise<boolean>;
  /** What the service is doing: feed state, lag, counters. */
  details: () => Record<string, unknown> | Promise<Record<string, unknown>>;
}

const started = Date.now();

export async function readHealth(src: HealthSources): Promise<Health> {
  // Each probe is capped, so /health answers even while a dependency hangs.
  const [redis, postgres, details] = await Promise.all([
    capped(src.redis(), 1_500, false),
    src.postgres ? capped(src.postgres(), 1_500, false) : Promise.resolve(null),
    capped(Promise.resolve(src.details()), 1_500, { error: 'details timed out' } as Record<string, unknown>),
  ]);
  const pg = postgres === null ? 'n/a' : postgres ? 'up' : 'down';
  const ready = redis && postgres !== false;
  return {
    service: src.service,
    status: ready ? 'up' : 'down',
    redis: redis ? 'up' : 'down',
    postgres: pg,
    uptimeSeconds: Math.round((Date.now() - started) / 1000),
    pid: process.pid,
    details,
  };
}

/** `GET /health`: 200 when Redis and PostgreSQL answer, 503 otherwise, with the same body shape. */
export function mountHealth(app: Express, src: HealthSources): void {
  app.get('/health', async (_req, res) => {
    const health = await readHealth(src);
    res.status(health.status === 'up' ? 200 : 503).json(health);
  });
}

function capped<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise<T>((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      () => {
        clearTimeout(timer);
        resolve(fallback);
      },
    );
  });
}
