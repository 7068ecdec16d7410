import type { ControlEvent } from '../core/events.js';
import { seedBalances, type StepContext } from '../core/state.js';
import { closePositions } from './close-positions.js';
import { resetKillSwitch } from './kill-switch-step.js';
import { settleUnfilled } from './settle-order.js';
import { emptyValuation } from './valuation.js';

/** Pause, resume, close, kill-switch reset and account reset: the operator's events. */
export function control(ctx: StepContext, event: ControlEvent): void {
  const { state } = ctx;
  switch (event.type) {
    case 'pause': {
      const same = state.pauses.some((p) => p.scope === event.scope && p.target === event.target);
      if (!same) {
        state.pauses = [
          ...state.pauses,
          { scope: event.scope, target: event.target, pausedBy: event.by, pausedAt: new Date(event.at) },
        ];
      }
      ctx.log.emit({
        type: 'pauses',
        pauses: state.pauses,
        change: 'paused',
        scope: event.scope,
        target: event.target,
        by: event.by,
      });
      return;
    }
    case 'resume': {
      state.pauses = state.pauses.filter((p) => p.scope !== event.scope || p.target !== event.target);
      ctx.log.emit({
        type: 'pauses',
        pauses: state.pauses,
        change: 'resumed',
        scope: event.scope,
        target: event.target,
        by: event.by,
      });
      return;
    }
    case 'close':
      closePositions(ctx, event.filter, 'manual', event.at);
      return;
    case 'kill-switch-reset':
      resetKillSwitch(ctx, event.by);
      return;
    case 'account-reset':
      resetAccount(ctx, event.by);
      return;
  }
}

/**
 * Paper only: back to the starting balances with no positions, no resting orders and no equity
 * marks. Orders, trades and history stay where the runner wrote them.
 */
function resetAccount(ctx: StepContext, by: string): void {
  const { state, config } = ctx;
  if (config.execution === 'exchange') {
    ctx.log.emit({ type: 'refused', event: 'account-reset', reason: 'an exchange account cannot be reset' });
    return;
  }
  for (const o of [...state.orders.values()]) settleUnfilled(ctx, o, 'canceled', 'canceled by the account reset');
  // Only the seeded assets are emitted again: the others are gone with the reset, not zero.
  for (const asset of state.balances.keys()) ctx.dirtyAssets.delete(asset);
  state.balances = seedBalances(config.startingBalances);
  for (const asset of state.balances.keys()) ctx.dirtyAssets.add(asset);
  state.positions = new Map();
  state.marks = new Map();
  state.valuation = emptyValuation();
  state.results = new Map();
  ctx.log.emit({ type: 'account-reset', by, balances: config.startingBalances });
}
