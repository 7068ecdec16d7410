import { dec, type Decimal } from '@roottrading/accounting';
import { quoteOf } from '@roottrading/contracts';
import { matchPause, pauseReason } from '../controls/pauses.js';
import { totalOf } from '../core/balances.js';
import type { StepContext } from '../core/state.js';
import { positionKey } from '../core/types.js';
import type { MarketRules } from '../markets/market-rules.js';
import { budgetView } from '../risk/instance-budget.js';
import { restingBuyExposure } from '../risk/resting-orders.js';
import { checkEntryRisk, type EntryRiskOutcome } from '../risk/risk-manager.js';

export interface EntryProposal {
  strategy: string;
  symbol: string;
  rules: MarketRules;
  /** The price the entry fills at (a limit: its price). */
  price: Decimal;
  /** null: size it by POSITION_SIZING. */
  requested: Decimal | null;
  stopLoss: Decimal | null;
}

/** Why entries are refused while the kill switch is on; null when off. */
export function killSwitchRefusal(ctx: StepContext): string | null {
  const k = ctx.state.killSwitch;
  if (!k.active) return null;
  const since = k.trippedAt === null ? '' : ` since ${new Date(k.trippedAt).toISOString()}`;
  return `kill switch active${since}: ${k.reason ?? 'no reason recorded'}; POST /risk/kill-switch/reset to allow entries again`;
}

/**
 * The risk manager's verdict on an entry, against the portfolio as it would find it: cash plus every
 * position of the quote currency at its last close (the entry's own symbol at the entry's price),
 * and the BUYs not filled yet — resting limits and market orders in flight — counted as exposure and
 * positions already, or several of them together could pass limits none of them passes alone.
 */
export function judgeEntry(ctx: StepContext, p: EntryProposal): EntryRiskOutcome {
  const { state, config } = ctx;
  const quote = quoteOf(p.symbol);
  let equity = totalOf(ctx, quote);
  let assetValue = dec(0);
  for (const pos of state.positions.values()) {
    if (quoteOf(pos.symbol) !== quote) continue;
    const last = state.lastCandles.get(pos.symbol);
    const price = pos.symbol === p.symbol ? p.price : last?.close;
    const value = price ? pos.life.holding.quantity.mul(price) : pos.life.holding.cost;
    equity = equity.plus(value);
    if (pos.symbol === p.symbol) assetValue = assetValue.plus(value);
  }
  const resting = restingBuyExposure(
    [...state.orders.values()].map((o) => ({
      strategy: o.strategy,
      symbol: o.symbol,
      side: o.side,
      remaining: o.quantity.minus(o.filledQuantity),
      price: o.price ?? dec(0),
    })),
    (strategy, symbol) => state.positions.has(positionKey(strategy, symbol)),
    p,
  );
  const pause = matchPause(state.pauses, p.strategy, p.symbol);
  return checkEntryRisk(
    {
      symbol: p.symbol,
      base: p.rules.base,
      quote,
      step: p.rules.stepSize,
      price: p.price,
      requested: p.requested,
      stopLoss: p.stopLoss,
      opensPosition: !state.positions.has(positionKey(p.strategy, p.symbol)) && !resting.alreadyOpening,
      portfolio: {
        equity,
        assetValue: assetValue.plus(resting.value),
        openPositions: state.positions.size + resting.opening,
      },
      killSwitch: killSwitchRefusal(ctx),
      paused: pause ? pauseReason(pause) : null,
      budget: budgetOf(ctx, p.strategy, quote),
    },
    config.limits,
  );
}

function budgetOf(ctx: StepContext, strategy: string, quote: string) {
  const view = budgetView(ctx.state, ctx.config, strategy, quote);
  return view && { view, strategy, feeRate: ctx.config.costs.feeRate };
}
