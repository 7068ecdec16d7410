import type { DbOrTx, RiskStateRow, TradingPauseRow } from '@roottrading/db';

/** The mode's kill-switch row; absent until the risk manager first writes it. */
export async function riskState(db: DbOrTx, demo: boolean): Promise<RiskStateRow | undefined> {
  return db.selectFrom('risk_state').selectAll().where('demo', '=', demo).executeTakeFirst();
}

/** Pauses of new entries not yet resumed, oldest first. */
export async function activePauses(db: DbOrTx, demo: boolean): Promise<TradingPauseRow[]> {
  return db
    .selectFrom('trading_pauses')
    .selectAll()
    .where('demo', '=', demo)
    .where('resumed_at', 'is', null)
    .orderBy('paused_at')
    .orderBy('id')
    .execute();
}
