import { dec, type Decimal } from '@roottrading/accounting';
import { quoteOf } from '@roottrading/contracts';
import type { DemoBalanceRow, PositionRow } from '@roottrading/db';
import { type Protection } from '@roottrading/engine';
import { trailingSpecOf } from '../orders/trailing-rule.js';
import type { TrailState } from '@roottrading/engine';

/** One open position as the trader keeps it in memory, with what the position monitor needs. */
export interface BookPosition {
  readonly key: string;
  readonly row: PositionRow;
  readonly strategy: string;
  readonly symbol: string;
  readonly quote: string;
  readonly quantity: Decimal;
  readonly cost: Decimal;
  readonly openedAt: Date | null;
  readonly protection: Protection;
  readonly protected: boolean;
  /** Where the trailing stop stands (in memory first; persisted in batches). */
  readonly trail: TrailState | null;
  readonly trailDirty: boolean;
  /** Candle open time the monitor has checked through; null: from the next candle that arrives. */
  readonly watchedThrough: number | null;
  /** An exit is due (or was refused) for this life: the monitor leaves it alone until it changes. */
  readonly exitPending: boolean;
}

export interface AccountSnapshot {
  balances: DemoBalanceRow[];
  positions: PositionRow[];
}

export const positionKey = (strategy: string, symbol: string) => `${strategy}\u0000${symbol}`;

/**
 * The account as last committed, in memory: balances, open positions and their protections. It is
 * loaded once, then replaced by what each transaction wrote (the rows it returned), so the per-candle
 * work — valuing the account, watching stops — never needs a database round trip. A transaction
 * works on a clone and the clone becomes the book only once it committed.
 */
export class AccountBook {
  private readonly balances: Map<string, DemoBalanceRow>;
  private readonly positions: Map<string, BookPosition>;
  /** symbol → keys of its positions that have a stop, target or trailing stop. */
  private readonly protectedBySymbol: Map<string, Set<string>>;

  private constructor(
    balances = new Map<string, DemoBalanceRow>(),
    positions = new Map<string, BookPosition>(),
    index = new Map<string, Set<string>>(),
  ) {
    this.balances = balances;
    this.positions = positions;
    this.protectedBySymbol = index;
  }

  static empty(): AccountBook {
    return new AccountBook();
  }

  static of(
    balances: readonly DemoBalanceRow[],
    positions: readonly PositionRow[],
    watchFrom: (symbol: string) => number | null,
  ): AccountBook {
    const book = new AccountBook();
    for (const b of balances) book.setBalance(b);
    for (const p of positions) book.setPosition(p, watchFrom(p.symbol));
    return book;
  }

  clone(): AccountBook {
    const index = new Map([...this.protectedBySymbol].map(([s, keys]) => [s, new Set(keys)]));
    return new AccountBook(new Map(this.balances), new Map(this.positions), index);
  }

  /** free + locked of an asset (zero when it has no row). */
  balance(asset: string): Decimal {
    const row = this.balances.get(asset);
    return row ? dec(row.free).plus(row.locked) : dec(0);
  }

  setBalance(row: DemoBalanceRow): void {
    this.balances.set(row.asset, row);
  }

  position(strategy: string, symbol: string): BookPosition | undefined {
    return this.positions.get(positionKey(strategy, symbol));
  }

  openPositions(): BookPosition[] {
    return [...this.positions.values()];
  }

  get openCount(): number {
    return this.positions.size;
  }

  protectedPositions(symbol: string): BookPosition[] {
    const keys = this.protectedBySymbol.get(symbol);
    if (!keys) return [];
    return [...keys].map((k) => this.positions.get(k)!);
  }

  /**
   * Takes a position row as written. The same life (same opened_at) keeps what the monitor knows
   * in memory — where it has checked through, and a trail that may be ahead of the stored one —
   * unless the trailing rule itself changed.
   */
  setPosition(row: PositionRow, watchedThrough: number | null = null): BookPosition | undefined {
    const key = positionKey(row.strategy, row.symbol);
    const before = this.positions.get(key);
    const quantity = dec(row.quantity);
    if (quantity.lte(0)) {
      this.positions.delete(key);
      this.unindex(row.symbol, key);
      return undefined;
    }
    const protection: Protection = {
      stopLoss: row.stop_loss === null ? null : dec(row.stop_loss),
      takeProfit: row.take_profit === null ? null : dec(row.take_profit),
      trailing: trailingSpecOf(row.trailing_stop),
    };
    let trail: TrailState | null = protection.trailing
      ? {
          high: row.trail_high === null ? dec(row.cost).div(quantity) : dec(row.trail_high),
          stop: row.trail_stop === null ? null : dec(row.trail_stop),
        }
      : null;
    const sameLife = before && before.openedAt?.getTime() === row.opened_at?.getTime();
    let trailDirty = false;
    if (sameLife && trail && before.trail && sameRule(before.row, row)) {
      trail = higherTrail(trail, before.trail);
      trailDirty = before.trailDirty;
    }
    const next: BookPosition = {
      key,
      row,
      strategy: row.strategy,
      symbol: row.symbol,
      quote: quoteOf(row.symbol),
      quantity,
      cost: dec(row.cost),
      openedAt: row.opened_at,
      protection,
      protected: protection.stopLoss !== null || protection.takeProfit !== null || protection.trailing !== null,
      trail,
      trailDirty,
      watchedThrough: sameLife ? before.watchedThrough : watchedThrough,
      exitPending: false,
    };
    this.positions.set(key, next);
    if (next.protected) this.index(row.symbol, key);
    else this.unindex(row.symbol, key);
    return next;
  }

  /** Changes what the monitor keeps on a position (trail, watermark, pending exit). */
  patch(
    key: string,
    patch: Partial<Pick<BookPosition, 'trail' | 'trailDirty' | 'watchedThrough' | 'exitPending'>>,
  ): void {
    const p = this.positions.get(key);
    if (p) this.positions.set(key, { ...p, ...patch });
  }

  /** Balances and open positions as rows, ordered like the database reads them. */
  snapshot(): AccountSnapshot {
    const balances = [...this.balances.values()].sort((a, b) => a.asset.localeCompare(b.asset));
    const positions = [...this.positions.values()]
      .map((p) => p.row)
      .sort((a, b) => a.symbol.localeCompare(b.symbol) || a.strategy.localeCompare(b.strategy));
    return { balances, positions };
  }

  private index(symbol: string, key: string): void {
    const keys = this.protectedBySymbol.get(symbol) ?? new Set<string>();
    keys.add(key);
    this.protectedBySymbol.set(symbol, keys);
  }

  private unindex(symbol: string, key: string): void {
    const keys = this.protectedBySymbol.get(symbol);
    if (!keys) return;
    keys.delete(key);
    if (keys.size === 0) this.protectedBySymbol.delete(symbol);
  }
}

function sameRule(a: PositionRow, b: PositionRow): boolean {
  return JSON.stringify(a.trailing_stop) === JSON.stringify(b.trailing_stop);
}

function higherTrail(a: TrailState, b: TrailState): TrailState {
  const high = a.high.gt(b.high) ? a.high : b.high;
  const stop = a.stop === null ? b.stop : b.stop === null ? a.stop : a.stop.gt(b.stop) ? a.stop : b.stop;
  return { high, stop };
}
