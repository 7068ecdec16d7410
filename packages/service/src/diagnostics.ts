import type { Express } from 'express';
import { logsQuerySchema, type LogsResponse, type SettingsResponse } from '@roottrading/contracts';
import { maskSetting, type LogBuffer } from '@roottrading/logger';
import { validate } from './http.js';

/** `GET /logs`: the service's last lines, filtered by level, after a cursor; every field as written. */
export function mountLogs(app: Express, service: string, buffer: LogBuffer): void {
  app.get('/logs', (req, res) => {
    const q = validate(logsQuerySchema, req.query, 'query');
    const { lines, last } = buffer.read({ after: q.after, level: q.level, limit: q.limit });
    const body: LogsResponse = {
      service,
      capacity: buffer.capacity,
      last,
      lines: lines.map((l) => {
        const fields = parsed(l.text);
        return {
          seq: l.seq,
          level: l.level,
          time: typeof fields.time === 'string' ? fields.time : null,
          msg: typeof fields.msg === 'string' ? fields.msg : null,
          fields,
        };
      }),
    };
    res.json(body);
  });
}

function parsed(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { msg: text };
  } catch {
    return { msg: text }; // a line some library wrote by itself
  }
}

/**
 * A configuration as JSON for the settings page: decimals and dates as strings, maps as objects,
 * and every credential masked by its name at any depth (a URL's password too).
 */
export function settingsView(value: unknown, name = ''): unknown {
  const masked = maskSetting(name, value);
  if (masked !== value) return masked;
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value;
  if (typeof value !== 'object') return undefined; // functions, symbols: not settings
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Map) return settingsView(Object.fromEntries(value), name);
  if (value instanceof Set || Array.isArray(value)) return [...value].map((v) => settingsView(v, name));
  // decimal.js values (and anything else that prints itself exactly): their string.
  if (value.constructor?.name === 'Decimal') return String(value);
  return Object.fromEntries(
    Object.entries(value)
      .map(([k, v]) => [k, settingsView(v, k)] as const)
      .filter(([, v]) => v !== undefined),
  );
}

export interface SettingsSources {
  service: string;
  /** The parsed configuration the service runs with. */
  config: object;
  strategies?: () => SettingsResponse['strategies'];
}

/** `GET /settings`: read-only, what the service runs with (the environment as parsed, not as typed). */
export function mountSettings(app: Express, src: SettingsSources): void {
  app.get('/settings', (_req, res) => {
    const body: SettingsResponse = {
      service: src.service,
      settings: settingsView(src.config) as Record<string, unknown>,
      ...(src.strategies ? { strategies: src.strategies() } : {}),
    };
    res.json(body);
  });
}
