import type { PauseScope } from '@roottrading/contracts';
import type { Db } from '@roottrading/db';
import type { Logger } from '@roottrading/logger';
import type { ControlsState } from '@roottrading/contracts';
import type { Pause } from '@roottrading/engine';
import { insertOperatorAction } from '../repositories/operator-actions.js';
import { insertPause, listActivePauses, resumePause } from '../repositories/pauses.js';
import { pauseOfRow, pauseView } from './pause-rows.js';

export interface PauseCommand {
  scope: PauseScope;
  /** Already resolved: a strategy name, or a symbol in BTC/USDC form; null for all. */
  target: string | null;
  requestedBy: string;
}

/**
 * Pausing and resuming new entries. Each request is written to trading_pauses and to the audit
 * trail in one transaction, then the account's in-memory pauses are read back from the table, so
 * what the risk manager applies is exactly what is stored (and survives a restart).
 */
export class OperatorControls {
  constructor(
    private readonly deps: {
      db: Db;
      account: { controls(): ControlsState; setPauses(pauses: readonly Pause[]): void };
      logger: Logger;
      /** Which account the audit rows belong to: the paper one (default) or the exchange's (live). */
      demo?: boolean;
    },
  ) {}

  private get demo(): boolean {
    return this.deps.demo ?? true;
  }

  async pause(cmd: PauseCommand) {
    const { db, logger } = this.deps;
    const { pause, created } = await db.transaction().execute(async (tx) => {
      const result = await insertPause(tx, cmd.scope, cmd.target, cmd.requestedBy, this.demo);
      await insertOperatorAction(
        tx,
        {
          action: 'pause',
          actor: cmd.requestedBy,
          scope: cmd.scope,
          target: cmd.target,
          details: { created: result.created, pauseId: result.pause.id },
        },
        this.demo,
      );
      return result;
    });
    await this.refresh();
    logger.warn({ ...cmd, created }, created ? 'new entries paused' : 'already paused');
    return { created, pause: pauseView(pauseOfRow(pause)), controls: this.deps.account.controls() };
  }

  async resume(cmd: PauseCommand) {
    const { db, logger } = this.deps;
    const resumed = await db.transaction().execute(async (tx) => {
      const rows = await resumePause(tx, cmd.scope, cmd.target, cmd.requestedBy, this.demo);
      await insertOperatorAction(
        tx,
        {
          action: 'resume',
          actor: cmd.requestedBy,
          scope: cmd.scope,
          target: cmd.target,
          details: { resumed: rows.length },
        },
        this.demo,
      );
      return rows.length;
    });
    await this.refresh();
    logger.warn({ ...cmd, resumed }, resumed > 0 ? 'new entries resumed' : 'nothing to resume');
    return { resumed, controls: this.deps.account.controls() };
  }

  private async refresh(): Promise<void> {
    this.deps.account.setPauses((await listActivePauses(this.deps.db, this.demo)).map(pauseOfRow));
  }
}
