import { pino, type Logger, type DestinationStream } from 'pino';
import { LogBuffer } from './log-buffer.js';
import { secretValues } from './secrets.js';

export type { Logger } from 'pino';
export { redactUrl } from './redact-url.js';
export { isSecretName, maskSetting, scrubUrlPasswords, secretValues } from './secrets.js';
export { LEVELS, LOG_BUFFER_LINES, LogBuffer, type BufferedLine, type LevelName } from './log-buffer.js';

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

/** Each logger's buffer, found again from any of its children (they share its stream). */
const buffers = new WeakMap<object, LogBuffer>();

/**
 * One logger per service, created once in its composition root; modules get child loggers. Every
 * line also goes to an in-memory buffer of the last LOG_BUFFER_LINES (`logBufferOf`), which the
 * service's HTTP server serves on `GET /logs`.
 */
export function createLogger(service: string, level = 'info', destination?: DestinationStream): Logger {
  // A bad LOG_LEVEL must not crash here: the service's config parsing reports it on one line.
  const known = level in pino.levels.values || level === 'silent';
  const buffer = new LogBuffer(secretValues(process.env));
  // Both at the lowest level: the logger's own level decides what is written at all.
  const streams = pino.multistream([
    { level: 'trace', stream: destination ?? pino.destination(1) },
    { level: 'trace', stream: buffer },
  ]);
  const logger = pino(
    {
      level: known ? level : 'info',
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    streams,
  );
  buffers.set(streams, buffer);
  return logger;
}

/** The buffer of the logger this one is (or descends from); undefined for a logger made elsewhere. */
export function logBufferOf(logger: Logger): LogBuffer | undefined {
  const stream = (logger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym];
  return stream && typeof stream === 'object' ? buffers.get(stream) : undefined;
}
