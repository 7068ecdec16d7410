import type { DbOrTx } from '@roottrading/db';
import type { ExitReason } from '@roottrading/contracts';

export interface ClosedPositionRef {
  closedAt: Date;
  exitReason: ExitReason;
}

/** The closed record of one strategy's position in one symbol that opened at `openedAt`, if it has closed. */
export async function findClosedPosition(
  db: DbOrTx,
  key: { strategy: string; symbol: string; openedAt: Date },
  demo = true,
): Promise<ClosedPositionRef | undefined> {
  const row = await db
    .selectFrom('closed_positions')
    .select(['closed_at', 'exit_reason'])
    .where('demo', '=', demo)
    .where('strategy', '=', key.strategy)
    .where('symbol', '=', key.symbol)
    .where('opened_at', '=', key.openedAt)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ? { closedAt: row.closed_at, exitReason: row.exit_reason } : undefined;
}
