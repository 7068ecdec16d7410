/** Reached from this machine only (URL keeps IPv6 hosts in brackets; ioredis reads no host as localhost). */
function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return (
    host === '' ||
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

/**
 * The line `pnpm start` prints when REDIS_URL reaches Redis on another address with no password:
 * whoever else reaches that Redis can publish signals and candles and read the account. Undefined
 * when there is nothing to say (an unparseable URL is the services' to report, naming REDIS_URL).
 */
export function redisExposureWarning(redisUrl: string | undefined): string | undefined {
  if (redisUrl === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(redisUrl);
  } catch {
    return undefined;
  }
  if (!['redis:', 'rediss:'].includes(url.protocol) || url.password !== '' || isLoopback(url.hostname))
    return undefined;
  return (
    `warning: REDIS_URL reaches Redis at ${url.host} without a password, on an address other than loopback: ` +
    `anyone who can reach it can send this stack signals. Set a password on that Redis (requirepass; ` +
    `docker-compose sets it from REDIS_PASSWORD) and put it in REDIS_URL (redis://:PASSWORD@${url.host}), ` +
    `or bind Redis to 127.0.0.1 and use redis://127.0.0.1:${url.port || '6379'}`
  );
}
