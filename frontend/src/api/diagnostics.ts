import type { LogsResponse, SettingsResponse } from '@roottrading/contracts';
import { getOk, queryString, type ServiceName } from './http';

export const loadLogs = (service: ServiceName, q: { level?: string; after?: number }, signal: AbortSignal) =>
  getOk<LogsResponse>(`/api/${service}/logs${queryString({ level: q.level, after: q.after || undefined })}`, signal);

export const loadSettings = (service: ServiceName, signal: AbortSignal) =>
  getOk<SettingsResponse>(`/api/${service}/settings`, signal);
