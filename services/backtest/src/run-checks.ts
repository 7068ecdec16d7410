import { resolveSetup, syntheticFeed } from '@roottrading/backtest';
import { ConfigError } from '@roottrading/config';
import { intervalToMs, type BacktestRequest } from '@roottrading/contracts';
import { HttpError } from '@roottrading/service';
import {
  forbiddenSettings,
  RUN_SETTINGS,
  runEnv,
  runPeriod,
  snapshotSettings,
  type StoredRequest,
} from './run-settings.js';

/** The request as stored: its settings checked against what a run may set, then frozen with this service's. */
export function requestOf(
  body: BacktestRequest,
  env: Record<string, string | undefined>,
  extra: Record<string, string> = {},
): StoredRequest {
  const forbidden = forbiddenSettings({ ...body.settings, ...extra });
  if (forbidden.length > 0) {
    throw new HttpError(
      400,
      `settings ${forbidden.join(', ')}: not something a backtest can set; these can: ${RUN_SETTINGS.join(', ')}`,
      forbidden.map((f) => ({ field: `settings.${f}`, message: 'is not a backtest setting' })),
    );
  }
  const settings = snapshotSettings(env, {
    ...body.settings,
    ...(body.symbols ? { SYMBOLS: body.symbols.join(',') } : {}),
    ...(body.strategies ? { STRATEGIES: body.strategies.join(',') } : {}),
    ...extra,
  });
  return { ...body, settings };
}

/** The settings, strategies and source as a worker will see them; a ConfigError is the client's 400. */
export function check(
  request: { source: string; from?: string | undefined; to?: string | undefined; settings: Record<string, string> },
  env: Record<string, string | undefined>,
): void {
  const runAs = runEnv(env, request.settings);
  try {
    const resolved = resolveSetup(runAs);
    if (request.source === 'files' && !env.REPLAY_DIR) {
      throw new ConfigError('source "files" needs REPLAY_DIR set on the backtest service');
    }
    if (request.source === 'synthetic') {
      const intervalMs = intervalToMs(resolved.settings.INTERVAL);
      syntheticFeed(runAs, resolved.settings.SYMBOLS, resolved.settings.INTERVAL, intervalMs, runPeriod(request));
    }
  } catch (err) {
    if (err instanceof ConfigError) throw new HttpError(400, err.message.replace(/^config: /, ''));
    throw err;
  }
}
