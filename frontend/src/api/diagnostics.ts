import type { LogsResponse, SettingsResponse } from '@roottrading/contracts';
import { SERVICES } from './endpoints';
import { getOk, queryString, type ServiceName } from './http';

/** What has logs and settings to show: every service, and the web process serving the page (under /api/web). */
export const DIAGNOSED = [...SERVICES, 'web'] as const;
export type DiagnosedName = ServiceName | 'web';

export const loadLogs = (service: DiagnosedName, q: { level?: string; after?: number }, signal: AbortSignal) =>
  getOk<LogsResponse>(`/api/${service}/logs${queryString({ level: q.level, after: q.after || undefined })}`, signal);

export const loadSettings = (service: DiagnosedName, signal: AbortSignal) =>
  getOk<SettingsResponse>(`/api/${service}/settings`, signal);
