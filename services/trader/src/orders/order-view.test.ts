import { describe, expect, it } from '@jest/globals';
import type { OrderRow, TradeDbRow } from '@roottrading/db';
import { toOrderView } from './order-view.js';

const at = new Date('2026-01-01T00:00:00Z');
const order: OrderRow = {
  id: '7',
  client_order_id: 'rt-o7',
  signal_id: null,
  idempotency_key: null,
  strategy: 'manual',
  symbol: 'BTC/USDC',
  side: 'BUY',
  type: 'limit',
  quantity: '0.005000000000000000',
  status: 'open',
  reason: null,
  demo: true,
  created_at: at,
  exit_reason: null,
  exchange_order_id: null,
  price: '104.000000000000000000',
  filled_quantity: '0.004000000000000000',
  exchange_error: null,
  updated_at: at,
  stop_loss: null,
  take_profit: null,
  trailing_stop: null,
  partial_take_profit: null,
  time_stop: null,
};
const fill = (id: string, price: string, quantity: string, quote: string): TradeDbRow => ({
  id,
  order_id: '7',
  client_order_id: 'rt-o7',
  symbol: 'BTC/USDC',
  side: 'BUY',
  status: 'filled',
  price,
  quantity,
  quote_quantity: quote,
  fee: '0',
  fee_currency: 'USDC',
  role: 'maker',
  strategy: 'manual',
  signal_id: null,
  realized_pnl: null,
  timestamp: at,
  demo: true,
  exit_reason: null,
  fee_quote: '0',
});

describe('an order as the API shows it', () => {
  it('gives the average price over every fill (quote over base), its first fill, and the limit price as sent', () => {
    const fills = [fill('1', '100', '0.001', '0.1'), fill('2', '104', '0.003', '0.312')];
    const view = toOrderView({ order, trade: fills[0]!, fills });
    expect(view).toMatchObject({ price: '104', filledQuantity: '0.004', averagePrice: '103' });
    expect(view.fill).toMatchObject({ tradeId: '1', price: '100' });
  });

  it('has no average price before anything fills', () => {
    expect(toOrderView({ order: { ...order, filled_quantity: '0' }, trade: null, fills: [] }).averagePrice).toBeNull();
  });

  it("shows an entry's protections as placed, plain decimals, and none as null", () => {
    const protectedOrder: OrderRow = {
      ...order,
      stop_loss: '98.000000000000000000',
      take_profit: '110.500000000000000000',
      trailing_stop: { type: 'percent', value: '0.02', activation: null },
    };
    expect(toOrderView({ order: protectedOrder, trade: null, fills: [] })).toMatchObject({
      stopLoss: '98',
      takeProfit: '110.5',
      trailingStop: { type: 'percent', value: '0.02', activation: null },
    });
    expect(toOrderView({ order, trade: null, fills: [] })).toMatchObject({
      stopLoss: null,
      takeProfit: null,
      trailingStop: null,
    });
  });
});
