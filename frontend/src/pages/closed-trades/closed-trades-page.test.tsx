/** @jest-environment jsdom */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ClosedTrade, ClosedTradesPage as Body } from '@roottrading/contracts';
import { installFakeFetch } from '../../test-support/fake-fetch';
import { renderInApp, tableRows } from '../../test-support/app-data';
import { ClosedTradesPage } from './closed-trades-page';

const trades: ClosedTrade[] = [
  {
    id: '7',
    strategy: 'SimpleMA_Cross',
    symbol: 'BTC/USDT',
    currency: 'USDT',
    demo: true,
    quantity: '0.00999',
    entryPrice: '30000',
    exitPrice: '29400',
    openedAt: '2023-03-03T08:00:00.000Z',
    closedAt: '2023-03-04T08:00:00.000Z',
    durationSeconds: 86_400,
    grossPnl: '-5.994',
    fees: '0.593706',
    netPnl: '-6.587706',
    profitPct: '-2.1981001001001001',
    exitReason: 'stop_loss',
  },
  {
    id: '3',
    strategy: 'RSI_Strategy',
    symbol: 'BTC/USDC',
    currency: 'USDC',
    demo: true,
    quantity: '0.002',
    entryPrice: '20000',
    exitPrice: '21500',
    openedAt: '2023-03-01T10:00:00.000Z',
    closedAt: '2023-03-01T10:10:00.000Z',
    durationSeconds: 600,
    grossPnl: '3',
    fees: '0.083',
    netPnl: '2.917',
    profitPct: '7.2925',
    exitReason: 'signal',
  },
];

const body = (url: string): Body => {
  const q = new URL(url, 'http://x').searchParams;
  const list = q.get('exitReason') ? trades.filter((t) => t.exitReason === q.get('exitReason')) : trades;
  return { mode: 'demo', trades: list, page: 1, limit: 25, total: list.length, pages: 1 };
};

let fake: ReturnType<typeof installFakeFetch>;
beforeEach(() => {
  window.history.replaceState(null, '', '/closed-trades');
  fake = installFakeFetch((call) => ({ status: 200, body: body(call.url) }));
});
afterEach(() => {
  cleanup();
  fake.restore();
});

const rows = tableRows;
const page = () => renderInApp(<ClosedTradesPage />);

describe('closed trades page', () => {
  it('shows each round trip with its entry, exit, duration, profit %, net P&L, fees and exit reason', async () => {
    page();
    await waitFor(() => expect(rows()).toHaveLength(2));
    const loss = within(rows()[0]!);
    expect(loss.getByText('BTC/USDT')).toBeTruthy();
    expect(loss.getByText('SimpleMA_Cross')).toBeTruthy();
    expect(loss.getByText('30,000.00')).toBeTruthy();
    expect(loss.getByText('29,400.00')).toBeTruthy();
    expect(loss.getByText('1d 0h')).toBeTruthy();
    expect(loss.getByText('-2.20 %').getAttribute('title')).toBe('-2.1981001001001001 %');
    expect(loss.getByText('-6.59').getAttribute('title')).toBe('-6.587706 USDT');
    expect(loss.getByText('stop loss')).toBeTruthy();
    const win = within(rows()[1]!);
    expect(win.getByText('+7.29 %')).toBeTruthy();
    expect(win.getByText('10m 0s')).toBeTruthy();
    expect(win.getByText('+2.92').getAttribute('title')).toBe('2.917 USDC');
    // On a phone each cell names its column itself.
    const labels = [...rows()[0]!.querySelectorAll('td')].map((td) => td.getAttribute('data-label'));
    expect(labels).toEqual([
      'Closed',
      'Symbol',
      'Strategy',
      'Quantity',
      'Entry',
      'Exit',
      'Duration',
      'Profit %',
      'Net P&L',
      'Fees',
      'Exit reason',
    ]);
  });

  it('sends the filters, keeps them in the URL and exports the same filters as CSV', async () => {
    page();
    await waitFor(() => expect(rows()).toHaveLength(2));
    fireEvent.change(screen.getByLabelText('Exit reason'), { target: { value: 'stop_loss' } });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2023-03-01' } });
    fireEvent.change(screen.getByLabelText('Symbol'), { target: { value: 'BTC/USDT' } });
    await waitFor(() => expect(rows()).toHaveLength(1));
    await waitFor(() => expect(fake.calls.at(-1)!.url).toContain('symbol=BTCUSDT'));
    const last = new URL(fake.calls.at(-1)!.url, 'http://x');
    expect(last.pathname).toBe('/api/portfolio/portfolio/closed-trades');
    expect(Object.fromEntries(last.searchParams)).toEqual({
      from: '2023-03-01',
      symbol: 'BTCUSDT',
      exitReason: 'stop_loss',
      limit: '25',
      page: '1',
    });
    expect(window.location.search).toBe('?exitReason=stop_loss&from=2023-03-01&symbol=BTC%2FUSDT');
    const csv = screen.getByRole('link', { name: 'Export CSV' });
    expect(csv.getAttribute('href')).toBe(
      '/api/portfolio/portfolio/closed-trades.csv?from=2023-03-01&symbol=BTCUSDT&exitReason=stop_loss',
    );
  });

  it('says when nothing matches', async () => {
    window.history.replaceState(null, '', '/closed-trades?exitReason=kill_switch');
    page();
    expect(await screen.findByText('No closed trades match these filters.')).toBeTruthy();
  });
});
