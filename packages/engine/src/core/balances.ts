import { dec, type Decimal } from '@roottrading/accounting';
import type { StepContext } from './state.js';
import type { Balance, Reserved } from './types.js';

const ZERO: Balance = { free: dec(0), locked: dec(0) };

export function balanceOf(ctx: StepContext, asset: string): Balance {
  return ctx.state.balances.get(asset) ?? ZERO;
}

export function freeOf(ctx: StepContext, asset: string): Decimal {
  return balanceOf(ctx, asset).free;
}

/** free + locked: what the asset is worth to the account. */
export function totalOf(ctx: StepContext, asset: string): Decimal {
  const b = balanceOf(ctx, asset);
  return b.free.plus(b.locked);
}

function set(ctx: StepContext, asset: string, next: Balance): void {
  ctx.state.balances.set(asset, next);
  ctx.dirtyAssets.add(asset);
}

/** Adds a signed amount to the free balance. */
export function addFree(ctx: StepContext, asset: string, delta: Decimal): void {
  if (delta.isZero()) return;
  const b = balanceOf(ctx, asset);
  set(ctx, asset, { free: b.free.plus(delta), locked: b.locked });
}

/** Moves funds from free to locked for an order that is live. */
export function lock(ctx: StepContext, r: Reserved): void {
  const b = balanceOf(ctx, r.asset);
  set(ctx, r.asset, { free: b.free.minus(r.amount), locked: b.locked.plus(r.amount) });
}

/** Gives back what an order held (or part of it), never more than is locked. */
export function unlock(ctx: StepContext, r: Reserved): void {
  const b = balanceOf(ctx, r.asset);
  const amount = r.amount.gt(b.locked) ? b.locked : r.amount;
  if (amount.lte(0)) return;
  set(ctx, r.asset, { free: b.free.plus(amount), locked: b.locked.minus(amount) });
}

/** One `balance` output per asset changed by the event, in asset order. */
export function emitBalances(ctx: StepContext): void {
  if (ctx.dirtyAssets.size === 0) return;
  for (const asset of [...ctx.dirtyAssets].sort()) {
    const b = balanceOf(ctx, asset);
    ctx.log.emit({ type: 'balance', asset, free: b.free, locked: b.locked });
  }
  ctx.dirtyAssets.clear();
}
