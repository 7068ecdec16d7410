import { describe, expect, it } from '@jest/globals';
import { dec, toPlain } from '@roottrading/accounting';
import type { MarketRules } from '../markets/market-rules.js';
import { feeFor, fillPrice, simulateFill, type FillRequest } from './paper-fill.js';

const BTC: MarketRules = {
  symbol: 'BTC/USDC',
  base: 'BTC',
  quote: 'USDC',
  tickSize: dec('0.01'),
  stepSize: dec('0.00001'),
  minNotional: dec('5'),
};

const request = (over: Partial<FillRequest> = {}): FillRequest => ({
  side: 'BUY',
  quantity: dec('0.001'),
  referencePrice: dec('50000'),
  rules: BTC,
  costs: { feeRate: dec('0.001'), slippage: dec('0.0005') },
  available: { base: dec('0'), quote: dec('10000') },
  ...over,
});

const plainFill = (r: ReturnType<typeof simulateFill>) => {
  if (!r.ok) throw new Error(`expected a fill, got: ${r.reason}`);
  return Object.fromEntries(
    Object.entries(r.fill).map(([k, v]) => [k, typeof v === 'string' ? v : toPlain(v)]),
  ) as Record<keyof typeof r.fill, string>;
};

describe('demo fill', () => {
  it('buys at close × (1 + slippage), fee on the quote amount, cash pays both', () => {
    expect(plainFill(simulateFill(request()))).toEqual({
      price: '50025',
      quantity: '0.001',
      quoteQuantity: '50.025',
      fee: '0.050025',
      feeCurrency: 'USDC',
      feeAsset: 'quote',
      feeQuote: '0.050025',
      baseDelta: '0.001',
      quoteDelta: '-50.075025',
    });
  });

  it('sells at close × (1 − slippage) and receives the proceeds less the fee', () => {
    const fill = plainFill(simulateFill(request({ side: 'SELL', available: { base: dec('0.001'), quote: dec(0) } })));
    expect(fill).toMatchObject({
      price: '49975',
      quoteQuantity: '49.975',
      fee: '0.049975',
      baseDelta: '-0.001',
      quoteDelta: '49.925025',
    });
  });

  it('rounds the slipped price to the tick against the trader', () => {
    // 12345.67 × 1.0005 = 12351.842835 → a buy pays 12351.85; × 0.9995 = 12339.497165 → a sell gets 12339.49
    expect(fillPrice('BUY', dec('12345.67'), dec('0.0005'), dec('0.01')).toFixed()).toBe('12351.85');
    expect(fillPrice('SELL', dec('12345.67'), dec('0.0005'), dec('0.01')).toFixed()).toBe('12339.49');
    // no slippage: a close already on the tick is the price
    expect(fillPrice('BUY', dec('100.01'), dec('0'), dec('0.01')).toFixed()).toBe('100.01');
    expect(fillPrice('SELL', dec('100.01'), dec('0'), dec('0.01')).toFixed()).toBe('100.01');
  });

  it('never lets a buy pay less or a sell get more than the close', () => {
    for (const close of ['0.015', '1.005', '99999.999', '42.42']) {
      expect(fillPrice('BUY', dec(close), dec('0.0005'), dec('0.01')).gte(close)).toBe(true);
      expect(fillPrice('SELL', dec(close), dec('0.0005'), dec('0.01')).lte(close)).toBe(true);
    }
  });

  it('rounds the fee half-even to 8 decimals', () => {
    // ties go to the even digit: 1.5e-8 → 2e-8, 2.5e-8 → 2e-8, 3.5e-8 → 4e-8
    expect(feeFor(dec('0.00000015'), dec('0.1')).toFixed()).toBe('0.00000002');
    expect(feeFor(dec('0.00000025'), dec('0.1')).toFixed()).toBe('0.00000002');
    expect(feeFor(dec('0.00000035'), dec('0.1')).toFixed()).toBe('0.00000004');
    // not a tie: nearest
    expect(feeFor(dec('0.000000251'), dec('0.1')).toFixed()).toBe('0.00000003');
    expect(feeFor(dec('23152.65'), dec('0.001')).toFixed()).toBe('23.15265');
  });

  it('rounds the quantity down to the step', () => {
    const fill = plainFill(simulateFill(request({ quantity: dec('0.0012999') })));
    expect(fill.quantity).toBe('0.00129');
  });

  it('rejects a quantity that rounds to zero, naming the step', () => {
    const r = simulateFill(request({ quantity: dec('0.000009') }));
    expect(r).toMatchObject({ ok: false });
    expect(!r.ok && r.reason).toBe('quantity 0.000009 BTC is below the step 0.00001 of BTC/USDC');
  });

  it('rejects an order below the minimum notional', () => {
    const r = simulateFill(request({ quantity: dec('0.00009') })); // 0.00009 × 50025 = 4.50225
    expect(!r.ok && r.reason).toBe('order value 4.50225 USDC is below the minimum 5 USDC of BTC/USDC');
  });

  it('rejects a buy the cash cannot pay for (cost plus fee), saying how much is missing', () => {
    const r = simulateFill(request({ available: { base: dec(0), quote: dec('50.07') } }));
    expect(!r.ok && r.reason).toBe('insufficient USDC: need 50.075025 have 50.07');
    const exact = simulateFill(request({ available: { base: dec(0), quote: dec('50.075025') } }));
    expect(exact.ok).toBe(true);
  });

  it('rejects a sell of more than the free base balance', () => {
    const r = simulateFill(request({ side: 'SELL', available: { base: dec('0.0005'), quote: dec(0) } }));
    expect(!r.ok && r.reason).toBe('insufficient BTC: need 0.001 have 0.0005');
  });

  it('rejects a price that is not positive', () => {
    expect(simulateFill(request({ referencePrice: dec(0) })).ok).toBe(false);
    const tiny = simulateFill(
      request({ side: 'SELL', referencePrice: dec('0.001'), available: { base: dec(1), quote: dec(0) } }),
    );
    expect(!tiny.ok && tiny.reason).toContain('rounds to zero');
  });

  it('rejects a value the database could not store instead of failing on insert', () => {
    const r = simulateFill(request({ referencePrice: dec('1e30'), available: { base: dec(0), quote: dec('1e40') } }));
    expect(!r.ok && r.reason).toMatch(/is too large to record$/);
  });

  it('is deterministic: the same inputs give the same fill', () => {
    expect(plainFill(simulateFill(request()))).toEqual(plainFill(simulateFill(request())));
  });
});

describe('DEMO_FEE_ASSET=base', () => {
  const base = { feeRate: dec('0.001'), slippage: dec('0.0005'), feeAsset: 'base' as const };

  it('charges a buy in the base asset: the buyer receives quantity − fee and pays only the price', () => {
    expect(plainFill(simulateFill(request({ costs: base })))).toMatchObject({
      price: '50025',
      quantity: '0.001',
      fee: '0.000001', // 0.001 BTC × 0.001
      feeCurrency: 'BTC',
      feeAsset: 'base',
      feeQuote: '0.050025', // worth 0.000001 × 50025
      baseDelta: '0.000999',
      quoteDelta: '-50.025',
    });
  });

  it('still charges a sell in the quote asset', () => {
    const fill = plainFill(
      simulateFill(request({ side: 'SELL', costs: base, available: { base: dec('0.001'), quote: dec(0) } })),
    );
    expect(fill).toMatchObject({ fee: '0.049975', feeCurrency: 'USDC', feeAsset: 'quote', quoteDelta: '49.925025' });
  });

  it('needs only the price in cash for a buy', () => {
    expect(simulateFill(request({ costs: base, available: { base: dec(0), quote: dec('50.025') } })).ok).toBe(true);
  });
});

describe('protective exits', () => {
  it('fill at the exact level given, without slippage', () => {
    const fill = plainFill(
      simulateFill(
        request({
          side: 'SELL',
          referencePrice: dec('48000'),
          exactPrice: true,
          available: { base: dec('0.001'), quote: dec(0) },
        }),
      ),
    );
    expect(fill).toMatchObject({ price: '48000', quoteQuantity: '48', fee: '0.048', quoteDelta: '47.952' });
  });
});
