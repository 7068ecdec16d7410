import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { dec } from '@roottrading/accounting';
import type { EngineEvent, FillEvent } from './core/events.js';
import type { EngineOutput } from './core/outputs.js';
import { TradingEngine } from './engine.js';
import { simulateFill } from './fills/paper-fill.js';
import { configOf, eventsOf, minuteArb, settingsArb, type Minute, type Settings } from './testing/random-market.js';
import { plain } from './testing/scenario.js';

/**
 * An exchange that fills every market order at once, at the price the engine expects, with the fee
 * the paper rules charge: with it, exchange execution must trade exactly as paper execution.
 */
function fillsFor(engine: TradingEngine, event: EngineEvent, outputs: readonly EngineOutput[]): FillEvent[] {
  const time = event.type === 'candle' ? event.candle.closeTime : event.at;
  const huge = dec('1e30');
  return outputs.flatMap((o): FillEvent[] => {
    if (o.type !== 'order' || o.order.status !== 'pending') return [];
    const rules = engine.config.markets.get(o.order.symbol)!;
    const outcome = simulateFill({
      side: o.order.side,
      quantity: o.order.quantity,
      referencePrice: o.order.price!,
      exactPrice: true,
      rules: { ...rules, minNotional: dec(0) },
      costs: engine.config.costs,
      available: { base: huge, quote: huge },
    });
    if (!outcome.ok) throw new Error(outcome.reason);
    const f = outcome.fill;
    return [
      {
        type: 'fill',
        at: time,
        orderId: o.order.id,
        tradeId: `${o.order.id}-1`,
        price: f.price,
        quantity: f.quantity,
        fee: f.fee,
        feeCurrency: f.feeCurrency,
      },
    ];
  });
}

/** The trades and closed positions, in order, ids and sequence numbers left out. */
function record(outputs: readonly EngineOutput[]) {
  return plain(
    outputs.flatMap((o): unknown[] => {
      if (o.type === 'trade') {
        const { orderId: _o, tradeId: _t, ...trade } = o.trade;
        return [{ trade }];
      }
      if (o.type === 'position-closed') return [{ closed: o.closed }];
      return [];
    }),
  );
}

function runPaper(settings: Settings, minutes: readonly Minute[]) {
  const engine = TradingEngine.create(configOf(settings));
  const outputs: EngineOutput[] = [];
  for (const event of eventsOf(engine, minutes, { limits: false })) outputs.push(...engine.step(event));
  return { outputs, balances: plain([...engine.state.balances].map(([asset, b]) => ({ asset, ...b }))) };
}

function runExchange(settings: Settings, minutes: readonly Minute[]) {
  const engine = TradingEngine.create({ ...configOf(settings), execution: 'exchange' });
  const outputs: EngineOutput[] = [];
  for (const event of eventsOf(engine, minutes, { limits: false })) {
    let pending = [event];
    while (pending.length > 0) {
      const next: EngineEvent[] = [];
      for (const e of pending) {
        const out = engine.step(e);
        outputs.push(...out);
        next.push(...fillsFor(engine, e, out));
      }
      pending = next;
    }
  }
  return { outputs, balances: plain([...engine.state.balances].map(([asset, b]) => ({ asset, ...b }))) };
}

describe('paper and exchange execution', () => {
  it('make the same trades and close the same positions when the exchange fills as paper does', () => {
    fc.assert(
      fc.property(settingsArb, fc.array(minuteArb, { minLength: 1, maxLength: 40 }), (settings, minutes) => {
        const paper = runPaper(settings, minutes);
        const exchange = runExchange(settings, minutes);
        expect(record(exchange.outputs)).toEqual(record(paper.outputs));
        expect(exchange.balances).toEqual(paper.balances);
      }),
      { numRuns: 150 },
    );
  });
});
