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
  redis.on('close', () => {
    if (wasReady) logger.warn({ role }, 'redis connection closed; reconnecting');
  });
  return redis;
}

export function namespaced(namespace: string, name: string): string {
  if (!namespace) return name;
  return namespace.endsWith(':') ? `${namespace}${name}` : `${namespace}:${name}`;
}
