import { describe, expect, it } from '@jest/globals';
import { EMPTY_LEVEL, EMPTY_TRAILING, fieldShown, readTicket, ticketFieldOf, type TicketValues } from './order-ticket';

const ticket = (over: Partial<TicketValues>): TicketValues => ({
  symbol: 'BTC/USDC',
  side: 'BUY',
  type: 'market',
  quantity: '0.001',
  price: '',
  stopLoss: EMPTY_LEVEL,
  takeProfit: EMPTY_LEVEL,
  trailing: EMPTY_TRAILING,
  ...over,
});

describe('the order ticket as POST /trade takes it', () => {
  it('sends a market order as symbol, side and quantity only', () => {
    expect(readTicket(ticket({ quantity: ' 0.002 ' }), '30000')).toEqual({
      errors: {},
      request: { symbol: 'BTC/USDC', side: 'BUY', quantity: '0.002' },
    });
  });

  it('turns a stop in % into the price that far below the limit price, exactly, and keeps a target given as a price', () => {
    const t = readTicket(
      ticket({
        type: 'limit',
        price: '29000.5',
        stopLoss: { value: '2.5', mode: 'percent' },
        takeProfit: { value: '31000', mode: 'price' },
      }),
      '30000',
    );
    expect(t.request).toEqual({
      symbol: 'BTC/USDC',
      side: 'BUY',
      quantity: '0.001',
      type: 'limit',
      price: '29000.5',
      stopLoss: '28275.4875',
      takeProfit: '31000',
    });
    expect([t.stopLossPrice, t.takeProfitPrice]).toEqual(['28275.4875', '31000']);
  });

  it("takes a market order's % from the last price, the target above it", () => {
    const t = readTicket(ticket({ takeProfit: { value: '3', mode: 'percent' } }), '30015.01');
    expect(t.request?.takeProfit).toBe('30915.4603');
  });

  it('sends a trailing stop in % as a fraction of the high, or as a price distance, with its activation as a fraction', () => {
    const percent = readTicket(ticket({ trailing: { value: '1.5', mode: 'percent', activation: '1' } }), '30000');
    expect(percent.request?.trailingStop).toEqual({ type: 'percent', value: '0.015', activation: '0.01' });
    const distance = readTicket(ticket({ trailing: { value: '150', mode: 'distance', activation: '' } }), '30000');
    expect(distance.request?.trailingStop).toEqual({ type: 'distance', value: '150' });
  });

  it('sends no protection with a SELL (they belong to the position a BUY opens)', () => {
    const t = readTicket(ticket({ side: 'SELL', stopLoss: { value: '2', mode: 'percent' } }), '30000');
    expect(t.request).toEqual({ symbol: 'BTC/USDC', side: 'SELL', quantity: '0.001' });
    expect(fieldShown('stopLoss', { side: 'SELL', type: 'market' })).toBe(false);
    expect(fieldShown('price', { side: 'SELL', type: 'market' })).toBe(false);
    expect(fieldShown('price', { side: 'SELL', type: 'limit' })).toBe(true);
  });

  it.each([
    [{ quantity: '' }, 'quantity', 'is required'],
    [{ type: 'limit' as const }, 'price', 'is required for a limit order'],
    [{ type: 'limit' as const, price: '-3' }, 'price', 'must be a price above 0'],
    [{ stopLoss: { value: '100', mode: 'percent' as const } }, 'stopLoss', 'must be below 100 %'],
    [{ stopLoss: { value: 'abc', mode: 'price' as const } }, 'stopLoss', 'must be a price above 0'],
    [{ takeProfit: { value: '0', mode: 'percent' as const } }, 'takeProfit', 'must be a % above 0'],
    [
      { trailing: { value: '', mode: 'percent' as const, activation: '1' } },
      'trailingActivation',
      'needs a trailing stop',
    ],
    [
      { trailing: { value: '2', mode: 'percent' as const, activation: '-1' } },
      'trailingActivation',
      'must be a % of 0 or more',
    ],
    [
      { trailing: { value: '0', mode: 'distance' as const, activation: '' } },
      'trailingStop',
      'must be a price distance above 0',
    ],
  ])('sends nothing for %j: %s %s', (over, field, message) => {
    const t = readTicket(ticket(over), '30000');
    expect(t.request).toBeUndefined();
    expect(t.errors).toEqual({ [field]: message });
  });

  it('asks for a price when a % has nothing to be taken from (no last price yet)', () => {
    const t = readTicket(ticket({ stopLoss: { value: '2', mode: 'percent' } }), undefined);
    expect(t.errors.stopLoss).toMatch(/^needs a price to be taken from/);
  });

  it("puts the trader's 400 details on the fields they name", () => {
    expect(['price', 'stopLoss', 'trailingStop.value', 'trailingStop.activation', 'body'].map(ticketFieldOf)).toEqual([
      'price',
      'stopLoss',
      'trailingStop',
      'trailingActivation',
      undefined,
    ]);
  });
});
