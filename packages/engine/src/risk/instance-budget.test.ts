import { describe, expect, it } from '@jest/globals';
import { dec, toPlain } from '@roottrading/accounting';
import { TradingEngine } from '../engine.js';
import { flat, ofType, testConfig, trades } from '../testing/scenario.js';
import { budgetView } from './instance-budget.js';

const SYMBOLS = ['BTC/USDC', 'ETH/USDC', 'BTC/USDT'];
const budgets = new Map([['rsi', new Map([['USDC', dec(150)]])]]);
const engine = (over: Parameters<typeof testConfig>[0] = {}) =>
  TradingEngine.create(testConfig({ symbols: SYMBOLS, budgets, ...over }));
const buy = (strategy = 'rsi') => ({ signals: [{ side: 'BUY' as const, strategy }] });
const sell = (strategy = 'rsi') => ({ signals: [{ side: 'SELL' as const, strategy }] });
/** The order the step made, as the step left it (a paper market order fills within the step). */
const orderOf = (out: ReturnType<TradingEngine['step']>) => {
  const first = ofType(out, 'order')[0]?.order;
  return ofType(out, 'order-updated').findLast((u) => u.order.id === first?.id)?.order ?? first;
};

describe('strategy instance budgets', () => {
  it('refuses an entry the budget cannot pay, with the figures, and lets instances without one trade', () => {
    const e = engine();
    expect(orderOf(e.step(flat(0, 100, { symbol: 'BTC/USDC', ...buy() })))?.status).toBe('filled');
    const refused = orderOf(e.step(flat(0, 100, { symbol: 'ETH/USDC', ...buy() })));
    expect(refused?.status).toBe('rejected');
    // 100.05 + 0.10005 fee at cost; the entry needs 1 × 100.05 × 1.001.
    expect(refused?.reason).toBe(
      'the budget of rsi has 49.84995 USDC left (budget 150, closed result 0, in use 100.15005); this entry needs 100.15005',
    );
    expect(orderOf(e.step(flat(1, 100, { symbol: 'ETH/USDC', ...buy('sma') })))?.status).toBe('filled');
    // A budget in USDC says nothing about USDT.
    expect(orderOf(e.step(flat(1, 100, { symbol: 'BTC/USDT', ...buy() })))?.status).toBe('filled');
  });

  it('grows with the instance closed profits and shrinks with its losses', () => {
    const e = engine();
    e.step(flat(0, 100, { symbol: 'BTC/USDC', ...buy() }));
    e.step(flat(1, 110, { symbol: 'BTC/USDC', ...sell() }));
    const view = budgetView(e.state, e.config, 'rsi', 'USDC')!;
    expect(toPlain(view.result)).toBe('9.68001');
    expect(toPlain(view.available)).toBe('159.68001');
    e.step(flat(2, 100, { symbol: 'BTC/USDC', ...buy() }));
    e.step(flat(3, 60, { symbol: 'BTC/USDC', ...sell() }));
    // 9.68001 − (100.15005 − 59.97 + 0.05997) = −30.56001: capital 119.43999, enough for one more entry.
    expect(toPlain(budgetView(e.state, e.config, 'rsi', 'USDC')!.result)).toBe('-30.56001');
    expect(orderOf(e.step(flat(4, 100, { symbol: 'BTC/USDC', ...buy() })))?.status).toBe('filled');
    e.step(flat(5, 60, { symbol: 'BTC/USDC', ...sell() }));
    const last = orderOf(e.step(flat(6, 100, { symbol: 'BTC/USDC', ...buy() })));
    expect(last?.reason).toMatch(/^the budget of rsi has 79\.\d+ USDC left/);
  });

  it('sizes POSITION_SIZING=equity_pct from the instance equity, not the account', () => {
    const e = engine({
      limits: {
        maxExposurePct: dec(0),
        maxOpenPositions: 0,
        sizing: { mode: 'equity_pct', fixedQuantity: dec(1), equityPct: dec(50), riskPerTradePct: dec(1) },
      },
    });
    const out = e.step(flat(0, 100, { symbol: 'BTC/USDC', ...buy() }));
    // 50% of 150 at 100.05, to the step; the account's 10,000 USDC would have made 49.975 BTC.
    expect(trades(out).map((t) => toPlain(t.quantity))).toEqual(['0.74962']);
  });

  it('starts again from the budget after an account reset', () => {
    const e = engine();
    e.step(flat(0, 100, { symbol: 'BTC/USDC', ...buy() }));
    e.step(flat(1, 50, { symbol: 'BTC/USDC', ...sell() }));
    expect(budgetView(e.state, e.config, 'rsi', 'USDC')!.result.lt(0)).toBe(true);
    e.step({ type: 'account-reset', at: e.state.clock! + 1, by: 'test' });
    expect(toPlain(budgetView(e.state, e.config, 'rsi', 'USDC')!.available)).toBe('150');
  });
});
