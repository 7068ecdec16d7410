/** @jest-environment jsdom */
import { describe, expect, it } from '@jest/globals';
import { render, screen } from '@testing-library/react';
import { Amount, Price, Quantity } from '../components/amount';
import {
  addDecimals,
  compareDecimals,
  decimalsOf,
  formatDecimal,
  formatPercent,
  mulDecimals,
  ratio,
  roundDecimal,
  subDecimals,
} from './decimal';
import {
  candlePrices,
  currencyDecimals,
  formatAmount,
  formatPrice,
  precisionBySymbol,
  symbolPrecision,
} from './precision';

describe('decimal strings', () => {
  it('counts decimals without trailing zeros', () => {
    expect(decimalsOf('23152.650000000000000000')).toBe(2);
    expect(decimalsOf('30000')).toBe(0);
    expect(decimalsOf('0.00001')).toBe(5);
    expect(decimalsOf('-1.5')).toBe(1);
  });

  it('adds, subtracts and multiplies exactly, where floats would not', () => {
    expect(addDecimals('0.1', '0.2')).toBe('0.3');
    expect(subDecimals('332.28', '332.93')).toBe('-0.65');
    expect(mulDecimals('0.001', '23152.65')).toBe('23.15265');
    expect(mulDecimals('302.7417', '0.001')).toBe('0.3027417');
    expect(addDecimals('99999999999999999999.999999999999999999', '0.000000000000000001')).toBe(
      '100000000000000000000',
    );
    expect(compareDecimals('10.50', '10.5')).toBe(0);
    expect(compareDecimals('-1', '0.0001')).toBe(-1);
  });

  it('rounds half to even, or down for quantities', () => {
    expect(roundDecimal('0.125', 2)).toBe('0.12');
    expect(roundDecimal('0.135', 2)).toBe('0.14');
    expect(roundDecimal('-0.135', 2)).toBe('-0.14');
    expect(roundDecimal('0.0012399', 5, 'down')).toBe('0.00123');
    expect(roundDecimal('-0.004', 2)).toBe('0');
  });

  it('gives ratios for percentages only', () => {
    expect(ratio('332.28', '9998.71')).toBeCloseTo(0.033232, 6);
    expect(ratio('1', '0')).toBeNull();
    expect(ratio('abc', '1')).toBeNull();
    expect(formatPercent(0.25)).toBe('25.00 %');
    expect(formatPercent(null)).toBe('—');
  });
});

describe('formatDecimal', () => {
  it('groups thousands, pads to the minimum and rounds to the maximum', () => {
    expect(formatDecimal('23152.6', { minDecimals: 2, maxDecimals: 2 })).toBe('23,152.60');
    expect(formatDecimal('1234567.891', { maxDecimals: 2 })).toBe('1,234,567.89');
    expect(formatDecimal('0.00012345678', {})).toBe('0.00012346');
    expect(formatDecimal('10000', { minDecimals: 2 })).toBe('10,000.00');
    expect(formatDecimal('999', {})).toBe('999');
  });

  it('signs PnL, and never shows a negative zero', () => {
    expect(formatDecimal('0.18', { minDecimals: 2, maxDecimals: 2, signed: true })).toBe('+0.18');
    expect(formatDecimal('-1234.5', { minDecimals: 2, maxDecimals: 2, signed: true })).toBe('-1,234.50');
    expect(formatDecimal('-0.001', { minDecimals: 2, maxDecimals: 2, signed: true })).toBe('0.00');
    expect(formatDecimal('0', { minDecimals: 2, maxDecimals: 2, signed: true })).toBe('0.00');
  });

  it('leaves what is not a decimal as it is', () => {
    expect(formatDecimal('n/a')).toBe('n/a');
    expect(formatDecimal('1e5')).toBe('1e5');
  });
});

describe('precision', () => {
  it('shows cents for fiat and dollar stablecoins, up to 8 decimals for crypto', () => {
    expect(currencyDecimals('USDC')).toEqual({ min: 2, max: 2 });
    expect(currencyDecimals('BTC')).toEqual({ min: 0, max: 8 });
    expect(formatAmount('9666.43229099', 'USDC')).toBe('9,666.43');
    expect(formatAmount('0.0302052', 'USDC', { exact: true })).toBe('0.0302052');
    expect(formatAmount('0.012', 'BTC')).toBe('0.012');
    expect(formatAmount('0.18', 'USDT', { signed: true })).toBe('+0.18');
  });

  it("derives a symbol's price and quantity precision from the data seen", () => {
    expect(symbolPrecision('BTC/USDC')).toEqual({ price: 2, quantity: 5 });
    expect(symbolPrecision('XRP/USDT', { prices: ['0.5123', '0.51'] })).toEqual({ price: 4, quantity: 1 });
    expect(symbolPrecision('ETH/BTC', { prices: ['0.05412', '0.0541'], quantities: ['0.1234'] })).toEqual({
      price: 5,
      quantity: 4,
    });
    // An unknown base: the quantities seen decide.
    expect(symbolPrecision('FOO/USDC', { quantities: ['12.5', '3'] })).toEqual({ price: 2, quantity: 1 });
    const bySymbol = precisionBySymbol([
      { symbol: 'BTC/USDC', price: '30274.17', quantity: '0.01' },
      { symbol: 'SOL/USDC', price: '21.123', quantity: '1.5' },
    ]);
    expect(bySymbol.get('SOL/USDC')).toEqual({ price: 3, quantity: 3 });
  });

  it("takes the price decimals from the market's own prices: one fill's average does not switch every price to 8", () => {
    // A demo fill with slippage averages to 8 decimals; the candles are quoted on the 0.01 tick.
    const rows = [
      { symbol: 'BTC/USDC', price: '23011.50115012', quantity: '0.001' },
      { symbol: 'BTC/USDC', price: '23020.1' },
      { symbol: 'XRP/USDT', price: '0.51234567' },
    ];
    expect(precisionBySymbol(rows).get('BTC/USDC')).toEqual({ price: 8, quantity: 5 });
    const market = new Map([
      ['BTC/USDC', candlePrices({ open: '23011.5', high: '23030.17', low: '23001', close: '23020.1' })],
      ['XRP/USDT', ['0.5123', '0.5124']],
    ]);
    const precision = precisionBySymbol(rows, market);
    expect(precision.get('BTC/USDC')).toEqual({ price: 2, quantity: 5 });
    expect(precision.get('XRP/USDT')).toEqual({ price: 4, quantity: 1 });
    expect(formatPrice('23011.50115012', precision.get('BTC/USDC')!)).toBe('23,011.50');
    // Each symbol its own: a symbol without market prices still goes by what was seen.
    expect(precisionBySymbol(rows, new Map([['XRP/USDT', ['0.5123']]])).get('BTC/USDC')!.price).toBe(8);
  });
});

describe('number components', () => {
  it('render amounts with their currency, tabular, and the exact value in the tooltip', () => {
    render(<Amount value="9666.43229099" currency="USDC" />);
    const el = screen.getByText('9,666.43');
    expect(el.className).toContain('tabular-nums');
    expect(el.textContent).toBe('9,666.43USDC');
    expect(el.getAttribute('title')).toBe('9666.43229099 USDC');
  });

  it('colour and sign PnL', () => {
    render(
      <>
        <Amount value="-0.19" currency="USDC" signed />
        <Amount value="0.12" currency="USDT" signed />
        <Amount value={null} currency="USDC" missing="no price yet" />
      </>,
    );
    expect(screen.getByText('-0.19').className).toContain('text-red-400');
    expect(screen.getByText('+0.12').className).toContain('text-emerald-400');
    expect(screen.getByText('no price yet')).toBeTruthy();
  });

  it('render prices and quantities at the symbol precision', () => {
    const precision = symbolPrecision('BTC/USDC', { prices: ['30274.1'] });
    render(
      <>
        <Price value="30274.1" precision={precision} quote="USDC" />
        <Quantity value="0.001" precision={precision} base="BTC" />
      </>,
    );
    expect(screen.getByText('30,274.10')).toBeTruthy();
    expect(screen.getByText('0.00100')).toBeTruthy();
  });
});
