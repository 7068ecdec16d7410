import type { DemoBalanceRow, PositionRow, Tx } from '@roottrading/db';
import { lockBalances } from '../repositories/balances.js';
import { lockPosition, lockPositions } from '../repositories/positions.js';

const key = (strategy: string, symbol: string) => `${strategy}\u0000${symbol}`;

/**
 * The position and balance rows a transaction has locked (FOR UPDATE), and their values as it
 * last wrote them. A batch locks every row its signals can touch in two statements up front; an
 * order then reads them from here instead of locking them one by one. Rows it does not hold yet
 * are locked on first use, as a single order does. While the lock is held nobody else can change
 * a row, so the value kept here is the value in the database.
 */
export class TxLocks {
  /** null: locked (looked up under lock) and absent. */
  private readonly positions = new Map<string, PositionRow | null>();
  private readonly balances = new Map<string, DemoBalanceRow | null>();

  /** Locks the positions of these strategy/symbol pairs and these balance rows, positions first (one order everywhere). */
  static async acquire(
    tx: Tx,
    pairs: readonly { strategy: string; symbol: string }[],
    assets: readonly string[],
  ): Promise<TxLocks> {
    const locks = new TxLocks();
    if (pairs.length > 0) {
      for (const p of pairs) locks.positions.set(key(p.strategy, p.symbol), null);
      for (const row of await lockPositions(tx, pairs)) locks.positions.set(key(row.strategy, row.symbol), row);
    }
    if (assets.length > 0) {
      for (const a of assets) locks.balances.set(a, null);
      for (const row of await lockBalances(tx, [...assets])) locks.balances.set(row.asset, row);
    }
    return locks;
  }

  async position(tx: Tx, strategy: string, symbol: string): Promise<PositionRow | undefined> {
    const k = key(strategy, symbol);
    if (!this.positions.has(k)) this.positions.set(k, (await lockPosition(tx, strategy, symbol)) ?? null);
    return this.positions.get(k) ?? undefined;
  }

  /** The balance rows of these assets (missing ones: no row). */
  async balanceRows(tx: Tx, assets: readonly string[]): Promise<Map<string, DemoBalanceRow | null>> {
    const missing = assets.filter((a) => !this.balances.has(a));
    if (missing.length > 0) {
      for (const a of missing) this.balances.set(a, null);
      for (const row of await lockBalances(tx, missing)) this.balances.set(row.asset, row);
    }
    return new Map(assets.map((a) => [a, this.balances.get(a) ?? null]));
  }

  wrotePosition(row: PositionRow): void {
    this.positions.set(key(row.strategy, row.symbol), row);
  }

  wroteBalance(row: DemoBalanceRow): void {
    this.balances.set(row.asset, row);
  }
}
