import { dec, FLAT_LIFE, type PositionLife } from '@roottrading/accounting';
import type { PositionRow } from '@roottrading/db';

/**
 * The position's life as stored; a flat or missing row is a flat life. A position opened before
 * lives were recorded (no entry quantity) starts its record from what it holds now.
 */
export function lifeOf(row: PositionRow | undefined): PositionLife {
  if (!row || dec(row.quantity).isZero()) return FLAT_LIFE;
  const recorded = dec(row.entry_quantity).gt(0);
  return {
    holding: { quantity: dec(row.quantity), cost: dec(row.cost) },
    openedAt: row.opened_at ?? row.updated_at,
    entryQuantity: recorded ? dec(row.entry_quantity) : dec(row.quantity),
    entryCost: recorded ? dec(row.entry_cost) : dec(row.cost),
    exitQuantity: dec(row.exit_quantity),
    exitProceeds: dec(row.exit_proceeds),
    realizedGross: dec(row.realized_gross),
    fees: dec(row.fees),
  };
}
