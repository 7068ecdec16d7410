import { z } from 'zod';
import { optionalParam } from './http.js';

export const logLevelSchema = z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
export type LogLevel = z.infer<typeof logLevelSchema>;

const wholeNumber = (name: string, min: number, max: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return Number(v);
    });

/** `GET /logs?level=warn&after=120&limit=200` on every service: its last lines kept in memory. */
export const logsQuerySchema = z.strictObject({
  /** This level and above. */
  level: optionalParam(
    z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(logLevelSchema.options, { message: `must be one of ${logLevelSchema.options.join(', ')}` })),
  ),
  /** Only lines after this `seq` (the previous answer's `last`), to follow new ones. */
  after: wholeNumber('after', 0, Number.MAX_SAFE_INTEGER, 0),
  limit: wholeNumber('limit', 1, 1_000, 1_000),
});
export type LogsQuery = z.infer<typeof logsQuerySchema>;

export const logLineSchema = z.object({
  seq: z.number().int(),
  level: logLevelSchema,
  time: z.string().nullable(),
  msg: z.string().nullable(),
  /** The whole pino line, secrets redacted. */
  fields: z.record(z.string(), z.unknown()),
});
export type LogLine = z.infer<typeof logLineSchema>;

export const logsResponseSchema = z.object({
  service: z.string(),
  /** Oldest first. */
  lines: z.array(logLineSchema),
  /** The newest `seq` written so far: the next request's `after`. */
  last: z.number().int(),
  /** How many lines the service keeps. */
  capacity: z.number().int(),
});
export type LogsResponse = z.infer<typeof logsResponseSchema>;

/** `GET /settings` on every service: its effective configuration, credentials masked. */
export const settingsResponseSchema = z.object({
  service: z.string(),
  settings: z.record(z.string(), z.unknown()),
  /** The analyzer's loaded strategies, each with the parameters it runs with. */
  strategies: z
    .array(
      z.object({
        name: z.string(),
        params: z.record(z.string(), z.unknown()),
        /** The protections it puts on its BUY signals (stop, target, trailing stop). */
        protection: z.unknown().optional(),
      }),
    )
    .optional(),
});
export type SettingsResponse = z.infer<typeof settingsResponseSchema>;
