import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { dec, sum, type Decimal } from '@roottrading/accounting';
import { quoteOf } from '@roottrading/contracts';
import type { EngineEvent } from './core/events.js';
import type { EngineOutput } from './core/outputs.js';
import { positionKey } from './core/types.js';
import { TradingEngine } from './engine.js';
import { configOf, eventsOf, minuteArb, settingsArb, type Minute, type Settings } from './testing/random-market.js';
import { plain } from './testing/scenario.js';

/** Cash + positions at cost must equal the start + realized PnL − fees, per quote currency, exactly. */
function checkBooks(engine: TradingEngine, realized: Map<string, Decimal>, fees: Map<string, Decimal>): void {
  const { state, config } = engine;
  for (const quote of ['USDC', 'USDT']) {
    const cash = state.balances.get(quote)!;
    const cost = sum(
      [...state.positions.values()].filter((p) => quoteOf(p.symbol) === quote).map((p) => p.life.holding.cost),
    );
    const expected = config.startingBalances
      .get(quote)!
      .plus(realized.get(quote) ?? 0)
      .minus(fees.get(quote) ?? 0);
    expect(cash.free.plus(cash.locked).plus(cost).toFixed()).toBe(expected.toFixed());
  }
  for (const [asset, b] of state.balances) {
    if (b.free.isNegative() || b.locked.isNegative())
      throw new Error(`${asset} went negative: ${b.free} / ${b.locked}`);
  }
  for (const p of state.positions.values()) expect(p.life.holding.quantity.gt(0)).toBe(true);
  checkValuation(engine);
}

/** The running valuation (moved by each candle and fill) equals one computed afresh from the positions. */
function checkValuation({ state }: TradingEngine): void {
  const value = new Map<string, Decimal>();
  const held = new Map<string, Decimal>();
  for (const p of state.positions.values()) {
    const last = state.lastCandles.get(p.symbol);
    const worth = last ? p.life.holding.quantity.mul(last.close) : p.life.holding.cost;
    value.set(quoteOf(p.symbol), (value.get(quoteOf(p.symbol)) ?? dec(0)).plus(worth));
    held.set(p.symbol, (held.get(p.symbol) ?? dec(0)).plus(p.life.holding.quantity));
  }
  const fixed = (m: Map<string, Decimal>) => Object.fromEntries([...m].map(([k, v]) => [k, v.toFixed()]));
  expect(fixed(state.valuation.held)).toEqual(fixed(held));
  for (const quote of ['USDC', 'USDT'])
    expect((state.valuation.value.get(quote) ?? dec(0)).toFixed()).toBe((value.get(quote) ?? dec(0)).toFixed());
}

/** Exits by reason over all the runs: the properties must have held with partial exits and time stops among them. */
const exitsSeen = new Map<string, number>();

function run(settings: Settings, minutes: readonly Minute[]): { events: EngineEvent[]; outputs: EngineOutput[] } {
  const engine = TradingEngine.create(configOf(settings));
  const events: EngineEvent[] = [];
  const outputs: EngineOutput[] = [];
  const realized = new Map<string, Decimal>();
  const fees = new Map<string, Decimal>();
  const open = new Set<string>();
  for (const event of eventsOf(engine, minutes)) {
    const out = engine.step(event);
    events.push(event);
    outputs.push(...out);
    if (out.some((o) => o.type === 'account-reset')) throw new Error('the property runs never reset the account');
    for (const o of out) {
      if (o.type === 'position') open.add(positionKey(o.position.strategy, o.position.symbol));
      if (o.type === 'position-closed') open.delete(positionKey(o.closed.strategy, o.closed.symbol));
      if (o.type !== 'trade') continue;
      const t = o.trade;
      if (t.exitReason) exitsSeen.set(t.exitReason, (exitsSeen.get(t.exitReason) ?? 0) + 1);
      const quote = quoteOf(t.symbol);
      realized.set(quote, (realized.get(quote) ?? dec(0)).plus(t.realizedPnl ?? 0));
      fees.set(quote, (fees.get(quote) ?? dec(0)).plus(t.feeQuote!));
      // One position per strategy and symbol: a signal buys only when flat (a stop earlier on the candle may have made it so).
      if (t.signalId && t.side === 'BUY') expect(open.has(positionKey(t.strategy, t.symbol))).toBe(false);
    }
    checkBooks(engine, realized, fees);
  }
  return { events, outputs };
}

describe('the engine on random interleavings of candles, signals, manual orders, cancels and controls', () => {
  it('keeps cash + positions at cost = start + realized − fees exactly, nothing negative, one position per strategy and symbol', () => {
    fc.assert(
      fc.property(settingsArb, fc.array(minuteArb, { minLength: 1, maxLength: 40 }), (settings, minutes) => {
        run(settings, minutes);
      }),
      { numRuns: 150 },
    );
    expect(exitsSeen.get('partial_take_profit')).toBeGreaterThan(0);
    expect(exitsSeen.get('time_stop')).toBeGreaterThan(0);
  });

  it('gives the same outputs for the same events, every time', () => {
    fc.assert(
      fc.property(settingsArb, fc.array(minuteArb, { minLength: 1, maxLength: 30 }), (settings, minutes) => {
        const first = run(settings, minutes);
        const again = TradingEngine.create(configOf(settings)).run(first.events);
        expect(plain(again)).toEqual(plain(first.outputs));
      }),
      { numRuns: 60 },
    );
  });
});
