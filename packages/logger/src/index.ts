import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger } from 'pino';

/** Paths whose values are never written, wherever they appear in a log line. */
const REDACT = [
  'apiKey',
  'secret',
  'password',
  'token',
  '*.apiKey',
  '*.secret',
  '*.password',
  '*.token',
  '*.API_KEY',
  '*.API_SECRET',
  '*.REDIS_PASSWORD',
  '*.TRADER_API_TOKEN',
  'BUS_SECRET',
  '*.BUS_SECRET',
  'EXCHANGE_API_KEY',
  'EXCHANGE_API_SECRET',
  'TRADER_API_TOKEN',
  '*.EXCHANGE_API_KEY',
  '*.EXCHANGE_API_SECRET',
  'headers.authorization',
  '*.headers.authorization',
  'req.headers.authorization',
];

/** One logger per service, created once in its composition root; modules get child loggers. */
export function createLogger(service: string, level = 'info', destination?: DestinationStream): Logger {
  // A bad LOG_LEVEL must not crash here: the service's config parsing reports it on one line.
  const known = level in pino.levels.values || level === 'silent';
  return pino(
    {
      level: known ? level : 'info',
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** Removes credentials from a connection URL before it is logged or shown. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '[unparseable url]';
  }
}
