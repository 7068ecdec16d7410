import {
  balancesMessageSchema,
  totalBalanceMessageSchema,
  type BalancesMessage,
  type TotalBalanceMessage,
  type TradingMode,
} from '@roottrading/contracts';

export interface SnapshotRow {
  taken_at: Date;
  balances: unknown;
  totals: unknown;
}

/**
 * The account messages a stored snapshot stands for. The trader stores the lists alone
 * (`balances`: AssetBalance[], `totals`: QuoteTotal[]); a whole message is accepted too. The
 * message time is the snapshot's wall time, so the next published message replaces it. A part of
 * another shape is undefined (the caller logs it), never a crash.
 */
export function snapshotMessages(
  row: SnapshotRow,
  mode: TradingMode,
): { balances: BalancesMessage | undefined; totals: TotalBalanceMessage | undefined } {
  const timestamp = row.taken_at.getTime();
  const balances = balancesMessageSchema.safeParse(
    Array.isArray(row.balances) ? { mode, timestamp, balances: row.balances } : row.balances,
  );
  const totals = totalBalanceMessageSchema.safeParse(
    Array.isArray(row.totals) ? { mode, timestamp, totals: row.totals } : row.totals,
  );
  return {
    balances: balances.success ? balances.data : undefined,
    totals: totals.success ? totals.data : undefined,
  };
}
