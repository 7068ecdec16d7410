import type { Decimal } from '@roottrading/accounting';
import { byText, type EngineState } from '@roottrading/engine';
import type { Holdings } from '../account/publisher.js';

/** The account at one candle time, with the closes it is valued at. */
export interface EquityPoint {
  candleTime: number;
  holdings: Holdings;
  prices: Map<string, Decimal>;
}

/** The engine's balances and open positions as the publisher values them. */
export function snapshotOf(state: Readonly<EngineState>): Holdings {
  return {
    balances: [...state.balances]
      .sort(([a], [b]) => byText(a, b))
      .map(([asset, b]) => ({ asset, free: b.free, locked: b.locked })),
    positions: [...state.positions.values()].map((p) => ({
      symbol: p.symbol,
      quantity: p.life.holding.quantity,
      cost: p.life.holding.cost,
    })),
  };
}

/** The newest candle close stepped (candle time), null before any. */
export function newestClose(state: Readonly<EngineState>): number | null {
  let newest: number | null = null;
  for (const c of state.lastCandles.values()) newest = Math.max(newest ?? c.closeTime, c.closeTime);
  return newest;
}

/**
 * The account right after a candle that moved candle time across a multiple of `everyMs`, or null:
 * a fast replay still draws its equity curve point by point, each valued where it stood.
 */
export function boundaryOf(before: number | null, state: Readonly<EngineState>, everyMs?: number): EquityPoint | null {
  const now = newestClose(state);
  if (!everyMs || before === null || now === null || now <= before) return null;
  if (Math.floor(now / everyMs) <= Math.floor(before / everyMs)) return null;
  return {
    candleTime: now,
    holdings: snapshotOf(state),
    prices: new Map([...state.lastCandles].map(([symbol, c]) => [symbol, c.close])),
  };
}
