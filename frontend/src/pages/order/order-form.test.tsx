/** @jest-environment jsdom */
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { AssetBalance, Order, TradeRow } from '@roottrading/contracts';
import { deferred, installFakeFetch, type FakeAnswer } from '../../test-support/fake-fetch';
import { OrderForm, type OrderFormProps } from './order-form';
import { REPEAT_GUARD_MS } from './use-order-submission';

const balances: AssetBalance[] = [
  { asset: 'USDC', free: '1000', locked: '0', total: '1000', value: '1000', valueCurrency: 'USDC' },
  { asset: 'BTC', free: '0.002', locked: '0', total: '0.002', value: '60', valueCurrency: 'USDC' },
];

const filledOrder: Order = {
  id: '42',
  clientOrderId: 'rt-m-1',
  symbol: 'BTC/USDC',
  side: 'BUY',
  type: 'market',
  quantity: '0.001',
  status: 'filled',
  reason: null,
  strategy: 'manual',
  signalId: null,
  demo: true,
  createdAt: '2026-11-21T10:00:00.000Z',
  fill: {
    tradeId: '7',
    price: '30015.01',
    quantity: '0.001',
    quoteQuantity: '30.01501',
    fee: '0.03001501',
    feeCurrency: 'USDC',
    role: 'taker',
    timestamp: '2026-11-21T10:00:00.000Z',
  },
};

function renderForm(props: Partial<OrderFormProps> = {}) {
  return render(
    <OrderForm
      symbols={['BTC/USDC', 'BTC/USDT']}
      mode="demo"
      lastPrices={{ 'BTC/USDC': { price: '30000', candleCloseTime: Date.UTC(2024, 0, 1), receivedAt: Date.now() } }}
      balances={balances}
      {...props}
    />,
  );
}

const quantityInput = () => screen.getByLabelText(/quantity/i) as HTMLInputElement;
const submitButton = () => screen.getByRole('button', { name: /buy btc|sell btc|retry/i });

/** The text of the elements that describe a field (its error and hint), as a screen reader reads them. */
function descriptionOf(el: HTMLElement): string {
  return (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' | ');
}

let fake: ReturnType<typeof installFakeFetch> | undefined;
afterEach(() => {
  cleanup();
  fake?.restore();
  fake = undefined;
  sessionStorage.clear();
});

describe('order form', () => {
  it('shows the last price, the estimated value, fee and cost before sending', () => {
    const trades = [{ symbol: 'BTC/USDC', fee: '0.0302052', quoteQuantity: '30.2052', feeCurrency: 'USDC' }];
    renderForm({ recentTrades: trades as TradeRow[] });
    fireEvent.change(quantityInput(), { target: { value: '0.002' } });
    expect(screen.getByTestId('last-price').textContent).toContain('30,000.00USDC');
    const estimate = screen.getByRole('region', { name: 'estimate' });
    expect(estimate.textContent).toContain('Estimated value60.00USDC');
    expect(estimate.textContent).toContain('(0.100 %)');
    expect(estimate.textContent).toContain('0.06USDC');
    expect(estimate.textContent).toContain('Estimated cost60.06USDC');
  });

  it('says a quantity is required without asking the trader', () => {
    fake = installFakeFetch(() => ({ status: 500 }));
    renderForm();
    fireEvent.click(submitButton());
    expect(fake.calls).toHaveLength(0);
    expect(descriptionOf(quantityInput())).toContain('is required');
    expect(quantityInput().getAttribute('aria-invalid')).toBe('true');
  });

  it("shows the trader's 400 details next to the fields they name", async () => {
    fake = installFakeFetch(() => ({
      status: 400,
      body: {
        error: 'invalid trade request: quantity must be greater than zero; side bad',
        details: [
          { field: 'quantity', message: 'must be greater than zero' },
          { field: 'side', message: 'must be BUY or SELL' },
          { field: 'price', message: 'Unrecognized key' },
        ],
      },
    }));
    renderForm();
    fireEvent.change(quantityInput(), { target: { value: '-1' } });
    fireEvent.submit(quantityInput().form!);
    await waitFor(() => expect(descriptionOf(quantityInput())).toContain('must be greater than zero'));
    expect(screen.getByText('must be BUY or SELL')).toBeTruthy();
    // A field the form does not have is still shown, at the form level.
    expect(screen.getByText('price: Unrecognized key')).toBeTruthy();
    expect(JSON.parse(fake.calls[0]!.body!)).toEqual({ symbol: 'BTC/USDC', side: 'BUY', quantity: '-1' });

    // Editing the field clears the trader's complaint.
    fireEvent.change(quantityInput(), { target: { value: '0.001' } });
    expect(descriptionOf(quantityInput())).not.toContain('must be greater than zero');
  });

  it('shows the reason of a 422 (the account cannot afford it)', async () => {
    fake = installFakeFetch(() => ({
      status: 422,
      body: { error: 'insufficient USDC: need 30045.02 have 1000', order: { ...filledOrder, status: 'rejected' } },
    }));
    renderForm();
    fireEvent.change(quantityInput(), { target: { value: '1' } });
    fireEvent.click(submitButton());
    expect(await screen.findByText('insufficient USDC: need 30045.02 have 1000')).toBeTruthy();
    expect(screen.getByText('Order rejected')).toBeTruthy();
  });

  it('sends one order for a double click, and shows the fill', async () => {
    const answer = deferred<FakeAnswer>();
    fake = installFakeFetch(() => answer.promise);
    const onAccepted = jest.fn();
    renderForm({ onAccepted });
    fireEvent.change(quantityInput(), { target: { value: '0.001' } });
    const button = submitButton();
    fireEvent.click(button);
    fireEvent.click(button);
    // Even a submission that gets past the disabled button (Enter in the field) is not sent twice.
    fireEvent.submit(quantityInput().form!);
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]).toMatchObject({ url: '/api/trader/trade', method: 'POST' });
    expect(fake.calls[0]!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{32,36}$/);
    await act(async () => answer.resolve({ status: 201, body: { order: filledOrder } }));
    const notice = await screen.findByRole('status', { name: 'order filled' });
    expect(notice.textContent).toContain('BUY 0.00100BTC at 30,015.01USDC');
    expect(notice.textContent).toContain('fee 0.03001501USDC');
    expect(onAccepted).toHaveBeenCalledTimes(1);
  });

  it('retries an order that got no answer with the same Idempotency-Key, and a later order with a new one', async () => {
    let attempt = 0;
    fake = installFakeFetch(() => {
      attempt++;
      if (attempt === 1) throw new TypeError('Failed to fetch');
      return { status: 201, body: { order: filledOrder } };
    });
    renderForm();
    fireEvent.change(quantityInput(), { target: { value: '0.001' } });
    fireEvent.click(submitButton());
    expect(await screen.findByText('No answer from the trader')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /retry/i }));
    await screen.findByRole('status', { name: 'order filled' });
    // The same order, placed again on purpose a while later, is a new order.
    const later = jest.spyOn(Date, 'now').mockReturnValue(Date.now() + REPEAT_GUARD_MS + 1);
    try {
      fireEvent.click(submitButton());
      await waitFor(() => expect(fake!.calls).toHaveLength(3));
    } finally {
      later.mockRestore();
    }
    const keys = fake.calls.map((c) => c.headers['idempotency-key']);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('answers the second click of a slow double click, after a fast fill, with the same key (no second trade)', async () => {
    fake = installFakeFetch((call) => ({
      status: 201,
      body: { order: filledOrder },
      headers: fake!.calls.indexOf(call) > 0 ? { 'idempotent-replayed': 'true' } : ({} as Record<string, string>),
    }));
    renderForm();
    fireEvent.change(quantityInput(), { target: { value: '0.001' } });
    fireEvent.click(submitButton());
    await screen.findByRole('status', { name: 'order filled' });
    fireEvent.click(submitButton());
    await screen.findByText(/already placed/);
    expect(fake.calls).toHaveLength(2);
    expect(fake.calls[1]!.headers['idempotency-key']).toBe(fake.calls[0]!.headers['idempotency-key']);
    // A different order is a new one at once.
    fireEvent.change(quantityInput(), { target: { value: '0.002' } });
    fireEvent.click(submitButton());
    await waitFor(() => expect(fake!.calls).toHaveLength(3));
    expect(fake.calls[2]!.headers['idempotency-key']).not.toBe(fake.calls[0]!.headers['idempotency-key']);
  });

  it('in live mode asks for the API token once and a confirmation, and sends the token as a bearer', async () => {
    fake = installFakeFetch(() => ({ status: 201, body: { order: { ...filledOrder, demo: false } } }));
    renderForm({ mode: 'live' });
    expect(screen.getByText(/LIVE: this order is sent to the exchange/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Trader API token'), { target: { value: 's3cret' } });
    fireEvent.change(quantityInput(), { target: { value: '0.001' } });
    fireEvent.click(submitButton());
    expect(fake.calls).toHaveLength(0);
    expect(screen.getByRole('alertdialog').textContent).toContain('Send a LIVE BUY of 0.001 BTC on BTC/USDC');
    fireEvent.click(screen.getByRole('button', { name: 'Confirm live order' }));
    await screen.findByRole('status', { name: 'order filled' });
    expect(fake.calls[0]!.headers.authorization).toBe('Bearer s3cret');
    expect(sessionStorage.getItem('roottrading:trader-api-token')).toBe('s3cret');
    // Asked once: the field is gone for the rest of the session.
    expect(screen.queryByLabelText('Trader API token')).toBeNull();
  });

  it('sends a limit BUY with its stop loss in % (as the price that far below the limit) and its take profit as a price', async () => {
    const resting = {
      ...filledOrder,
      type: 'limit',
      status: 'open',
      price: '29000',
      fill: null,
      stopLoss: '28420',
      takeProfit: '31000',
    };
    fake = installFakeFetch(() => ({ status: 202, body: { order: resting } }));
    const onAccepted = jest.fn();
    renderForm({ onAccepted });
    fireEvent.click(screen.getByLabelText('Limit'));
    fireEvent.change(quantityInput(), { target: { value: '0.001' } });
    fireEvent.change(screen.getByLabelText(/^Limit price/), { target: { value: '29000' } });
    fireEvent.change(screen.getByLabelText('Stop loss'), { target: { value: '2' } });
    fireEvent.change(screen.getByLabelText('Take profit'), { target: { value: '31000' } });
    fireEvent.change(screen.getByLabelText('Take profit as'), { target: { value: 'price' } });
    expect(descriptionOf(screen.getByLabelText('Stop loss'))).toContain(
      'Sent as 28,420.00USDC: 2 % below the limit price.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Buy BTC (limit)' }));
    const placed = await screen.findByRole('status', { name: 'order placed' });
    expect(JSON.parse(fake.calls[0]!.body!)).toEqual({
      symbol: 'BTC/USDC',
      side: 'BUY',
      quantity: '0.001',
      type: 'limit',
      price: '29000',
      stopLoss: '28420',
      takeProfit: '31000',
    });
    expect(placed.textContent).toContain('Resting: limit BUY 0.00100BTC at 29,000.00USDC · order rt-m-1');
    expect(placed.textContent).toContain(
      'Once it fills, the position takes its stop loss 28,420.00USDC, take profit 31,000.00USDC.',
    );
    expect(onAccepted).toHaveBeenCalledTimes(1);
  });

  it("puts the trader's complaint about a protection under its field, and sends a trailing stop as a fraction", async () => {
    fake = installFakeFetch(() => ({
      status: 400,
      body: {
        error: 'invalid trade request',
        details: [{ field: 'trailingStop.value', message: 'must be greater than zero' }],
      },
    }));
    renderForm();
    fireEvent.change(quantityInput(), { target: { value: '0.001' } });
    fireEvent.change(screen.getByLabelText('Trailing stop'), { target: { value: '1.5' } });
    fireEvent.change(screen.getByLabelText('Trail starts after a gain of (%)'), { target: { value: '1' } });
    fireEvent.click(submitButton());
    await waitFor(() =>
      expect(descriptionOf(screen.getByLabelText('Trailing stop'))).toContain('must be greater than zero'),
    );
    expect(JSON.parse(fake.calls[0]!.body!).trailingStop).toEqual({
      type: 'percent',
      value: '0.015',
      activation: '0.01',
    });
  });

  it('offers no protection on a SELL and says a stop in % needs a price, without asking the trader', () => {
    fake = installFakeFetch(() => ({ status: 500 }));
    renderForm({ lastPrices: {} });
    fireEvent.change(quantityInput(), { target: { value: '0.001' } });
    fireEvent.change(screen.getByLabelText('Stop loss'), { target: { value: '2' } });
    fireEvent.click(submitButton());
    expect(descriptionOf(screen.getByLabelText('Stop loss'))).toContain('needs a price to be taken from');
    fireEvent.click(screen.getByLabelText('SELL'));
    expect(screen.queryByLabelText('Stop loss')).toBeNull();
    expect(fake.calls).toHaveLength(0);
  });
});
