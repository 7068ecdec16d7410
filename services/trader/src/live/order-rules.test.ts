import { describe, expect, it } from '@jest/globals';
import { dec } from '@roottrading/accounting';
import { prepareOrder, type OrderDraft } from './order-rules.js';
import type { LiveMarket } from './types.js';

const BTC: LiveMarket = {
  symbol: 'BTC/USDC',
  base: 'BTC',
  quote: 'USDC',
  tickSize: dec('0.01'),
  stepSize: dec('0.00001'),
  minAmount: dec('0.00001'),
  maxAmount: dec('9000'),
  minNotional: dec('5'),
  active: true,
};
const draft = (over: Partial<OrderDraft>): OrderDraft => ({
  side: 'BUY',
  type: 'market',
  quantity: dec('0.001'),
  referencePrice: dec('30000'),
  ...over,
});

describe('prepareOrder', () => {
  it('rounds the quantity down to the step, never up', () => {
    expect(prepareOrder(BTC, draft({ quantity: dec('0.0012399') }))).toMatchObject({
      ok: true,
      amount: dec('0.00123'),
    });
    expect(prepareOrder(BTC, draft({ quantity: dec('0.00123') }))).toMatchObject({ ok: true, amount: dec('0.00123') });
  });

  it('rounds a limit price to the tick in the order’s favour: buys down, sells up', () => {
    expect(prepareOrder(BTC, draft({ type: 'limit', price: dec('25000.019') }))).toMatchObject({
      price: dec('25000.01'),
    });
    expect(prepareOrder(BTC, draft({ side: 'SELL', type: 'limit', price: dec('25000.011') }))).toMatchObject({
      price: dec('25000.02'),
    });
    expect(prepareOrder(BTC, draft({ type: 'limit', price: dec('25000.01') }))).toMatchObject({
      price: dec('25000.01'),
    });
  });

  it.each([
    [draft({ quantity: dec('0.000009') }), 'quantity 0.000009 BTC is below the step 0.00001 BTC of BTC/USDC'],
    [draft({ quantity: dec('0.0001') }), 'order value 3 USDC is below the minimum 5 USDC of BTC/USDC'],
    [
      draft({ type: 'limit', quantity: dec('0.0002'), price: dec('20000') }),
      'order value 4 USDC is below the minimum 5 USDC of BTC/USDC',
    ],
    [draft({ quantity: dec('9000.1') }), 'quantity 9000.1 BTC is above the maximum 9000 BTC of BTC/USDC'],
    [draft({ type: 'limit' }), 'a limit order on BTC/USDC needs a price above 0'],
    [draft({ type: 'limit', price: dec('0.004') }), 'price 0.004 rounds to 0 at the tick 0.01 of BTC/USDC'],
    [
      draft({ referencePrice: dec(0) }),
      'no usable price for BTC/USDC to check the order’s value against'.replace('’', "'"),
    ],
  ])('refuses %# with a clear reason', (d, reason) => {
    expect(prepareOrder(BTC, d)).toEqual({ ok: false, amount: expect.anything(), reason });
  });

  it('refuses below the minimum amount and on a market that is not trading', () => {
    const bigMin = { ...BTC, minAmount: dec('0.001') };
    expect(prepareOrder(bigMin, draft({ quantity: dec('0.0009') }))).toMatchObject({
      ok: false,
      reason: 'quantity 0.0009 BTC is below the minimum 0.001 BTC of BTC/USDC',
    });
    expect(prepareOrder({ ...BTC, active: false }, draft({}))).toMatchObject({
      ok: false,
      reason: 'BTC/USDC is not trading on the exchange right now',
    });
  });

  it('checks a market order’s value at the reference price, a limit order’s at its own price', () => {
    expect(prepareOrder(BTC, draft({ quantity: dec('0.0002'), referencePrice: dec('30000') }))).toMatchObject({
      ok: true,
      notional: dec('6'),
    });
    expect(prepareOrder(BTC, draft({ type: 'limit', quantity: dec('0.0002'), price: dec('30000') }))).toMatchObject({
      ok: true,
      notional: dec('6'),
    });
  });
});
