/** @jest-environment jsdom */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { TradeRow, TradesPage as TradesPageBody } from '@roottrading/contracts';
import { installFakeFetch } from '../../test-support/fake-fetch';
import { TradesPage, TRADES_PER_PAGE } from './trades-page';

const TOTAL = 60;

/** Trade n of TOTAL, newest (n = 1) first, as the portfolio lists them. */
function trade(n: number): TradeRow {
  return {
    id: String(TOTAL + 1 - n),
    orderId: String(TOTAL + 1 - n),
    clientOrderId: `c${n}`,
    symbol: n % 2 ? 'BTC/USDC' : 'BTC/USDT',
    side: n % 3 ? 'BUY' : 'SELL',
    status: 'filled',
    price: `${30000 + n}.5`,
    quantity: '0.001',
    quoteQuantity: `${30 + n / 1000}`,
    fee: '0.03',
    feeCurrency: n % 2 ? 'USDC' : 'USDT',
    role: 'taker',
    strategy: n % 4 ? 'RSI_Strategy' : 'manual',
    signalId: null,
    realizedPnl: null,
    timestamp: new Date(Date.UTC(2024, 0, 1) - n * 60_000).toISOString(),
    demo: true,
    exitReason: null,
  };
}

function pageBody(url: string): TradesPageBody {
  const q = new URL(url, 'http://x').searchParams;
  const limit = Number(q.get('limit'));
  const page = Number(q.get('page'));
  const all = Array.from({ length: TOTAL }, (_, i) => trade(i + 1));
  return {
    mode: 'demo',
    trades: all.slice((page - 1) * limit, page * limit),
    page,
    limit,
    total: TOTAL,
    pages: Math.ceil(TOTAL / limit),
  };
}

let fake: ReturnType<typeof installFakeFetch>;
beforeEach(() => {
  window.history.replaceState(null, '', '/trades');
  fake = installFakeFetch((call) => ({ status: 200, body: pageBody(call.url) }));
});
afterEach(() => {
  cleanup();
  fake.restore();
});

const rows = () => within(screen.getByRole('table')).getAllByRole('row').slice(1);
const pageLine = () => screen.getByRole('navigation', { name: 'trades pages' });
const button = (name: string) => within(pageLine()).getByRole('button', { name }) as HTMLButtonElement;
const requestedPages = () =>
  fake.calls.map((c) => new URL(c.url, 'http://x').searchParams.get('page')).filter((p) => p !== null);

describe('trades page', () => {
  it('loads page 1 newest first and pages through with Next, Last, Previous and First', async () => {
    render(<TradesPage />);
    await waitFor(() => expect(rows()).toHaveLength(TRADES_PER_PAGE));
    expect(pageLine().textContent).toContain('Page 1 of 3 · 60 trades');
    expect(rows()[0]!.getAttribute('data-trade-id')).toBe('60');
    expect(button('First').disabled).toBe(true);
    expect(button('Previous').disabled).toBe(true);
    expect(fake.calls[0]!.url).toBe(`/api/portfolio/portfolio/trades?limit=${TRADES_PER_PAGE}&page=1`);

    fireEvent.click(button('Next'));
    await waitFor(() => expect(pageLine().textContent).toContain('Page 2 of 3'));
    expect(rows()[0]!.getAttribute('data-trade-id')).toBe(String(60 - TRADES_PER_PAGE));
    expect(window.location.search).toBe('?page=2');

    fireEvent.click(button('Last'));
    await waitFor(() => expect(pageLine().textContent).toContain('Page 3 of 3'));
    expect(rows()).toHaveLength(TOTAL - 2 * TRADES_PER_PAGE);
    expect(button('Next').disabled).toBe(true);
    expect(button('Last').disabled).toBe(true);

    fireEvent.click(button('Previous'));
    await waitFor(() => expect(pageLine().textContent).toContain('Page 2 of 3'));
    fireEvent.click(button('First'));
    await waitFor(() => expect(pageLine().textContent).toContain('Page 1 of 3'));
    expect(requestedPages()).toEqual(['1', '2', '3', '2', '1']);
  });

  it('shows each row with its price and quantity at the symbol precision and its value and fee with the currency', async () => {
    render(<TradesPage />);
    await waitFor(() => expect(rows()).toHaveLength(TRADES_PER_PAGE));
    const first = within(rows()[0]!);
    expect(first.getByText('BTC/USDC')).toBeTruthy();
    expect(first.getByText('0.00100')).toBeTruthy();
    expect(first.getByText('30,001.50')).toBeTruthy();
    expect(first.getByText('30.00')).toBeTruthy();
    expect(first.getByText('RSI_Strategy')).toBeTruthy();
  });

  it('goes back to page 1 when a filter changes, and sends the filter', async () => {
    window.history.replaceState(null, '', '/trades?page=3');
    render(<TradesPage />);
    await waitFor(() => expect(pageLine().textContent).toContain('Page 3 of 3'));
    fireEvent.change(screen.getByLabelText('Side'), { target: { value: 'SELL' } });
    await waitFor(() => expect(fake.calls.at(-1)!.url).toContain('side=SELL'));
    expect(fake.calls.at(-1)!.url).toContain('page=1');
    expect(window.location.search).toBe('?side=SELL');
    fireEvent.change(screen.getByLabelText('Strategy'), { target: { value: 'manual' } });
    await waitFor(() => expect(fake.calls.at(-1)!.url).toContain('strategy=manual'));
  });

  it('says the portfolio is down when the web process cannot reach it', async () => {
    fake.restore();
    fake = installFakeFetch(() => ({ status: 502, body: { error: 'portfolio is unreachable' } }));
    render(<TradesPage />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('portfolio is down');
    expect(alert.textContent).toContain('portfolio is unreachable');
  });

  it('names a filter an older portfolio does not know', async () => {
    fake.restore();
    fake = installFakeFetch(() => ({
      status: 400,
      body: { error: 'invalid query: side Unrecognized key: "side"', details: [{ field: 'side', message: 'x' }] },
    }));
    window.history.replaceState(null, '', '/trades?side=BUY');
    render(<TradesPage />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load from portfolio');
    expect(alert.textContent).toContain('Unrecognized key: "side"');
  });
});
