import type { ActivePause } from '@roottrading/contracts';
import type { TradingPauseRow } from '@roottrading/db';
import type { Pause } from '@roottrading/engine';

export function pauseOfRow(row: TradingPauseRow): Pause {
  return { scope: row.scope, target: row.target, pausedBy: row.paused_by, pausedAt: row.paused_at };
}

export function pauseView(p: Pause): ActivePause {
  return { scope: p.scope, target: p.target, pausedBy: p.pausedBy, pausedAt: p.pausedAt.toISOString() };
}
