import { Redis, type RedisOptions } from 'ioredis';
import { redactUrl, type Logger } from '@roottrading/logger';

/**
 * A Redis connection that reconnects by itself (capped backoff) and logs the state changes once
 * each, so a Redis restart shows in the log as "redis down" … "redis up" and nothing is lost.
 */
export function connectRedis(url: string, logger: Logger, role: string, extra: RedisOptions = {}): Redis {
  const redis = new Redis(url, {
    lazyConnect: false,
    maxRetriesPerRequest: null,
    enableAutoPipelining: true,
    retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 6), 5_000),
    reconnectOnError: (err) => err.message.startsWith('READONLY'),
    ...extra,
  });
  let wasReady = false;
  redis.on('ready', () => {
    logger.info({ role, url: redactUrl(url) }, wasReady ? 'redis reconnected' : 'redis connected');
    wasReady = true;
  });
  redis.on('error', (err: Error) => {
    // ioredis reports every failed reconnect attempt; one line per attempt at debug keeps logs readable.
    logger.debug({ role, err: err.message }, 'redis error');
  });
  // 'reconnecting' fires only for a lost connection, never after a deliberate quit().
  let announced = false;
  redis.on('reconnecting', () => {
    if (wasReady && !announced) logger.warn({ role }, 'redis connection lost; reconnecting');
    announced = true;
  });
  redis.on('ready', () => {
    announced = false;
  });
  return redis;
}

export function namespaced(namespace: string, name: string): string {
  if (!namespace) return name;
  return namespace.endsWith(':') ? `${namespace}${name}` : `${namespace}:${name}`;
}

/** QUIT, or a hard disconnect when Redis does not answer within `ms` (it may be the thing that is down). */
export async function closeRedis(redis: Redis, ms = 2_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([redis.quit().catch(() => undefined), timeout]);
  clearTimeout(timer);
  redis.disconnect();
}
