/** @jest-environment jsdom */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { EquityCurve, PnlResponse, ProfitResponse, Summary } from '@roottrading/contracts';
import { charts, fakeCharts } from '../../test-support/fake-charts';
import { installFakeFetch, type FetchCall } from '../../test-support/fake-fetch';

// jsdom cannot draw: the charts are a fake that records what the page gives them.
jest.unstable_mockModule('lightweight-charts', () => fakeCharts);
const { ProfitPage } = await import('./profit-page');
const { WithApp } = await import('../../test-support/app-data');

const bucket = (start: string, currency: string, netPnl: string) => ({
  start: `${start}T00:00:00.000Z`,
  currency,
  trades: 1,
  grossPnl: netPnl,
  fees: '0',
  netPnl,
});

const profit = (period: string): ProfitResponse => ({
  mode: 'demo',
  period: period as ProfitResponse['period'],
  buckets:
    period === 'week'
      ? [bucket('2023-02-27', 'USDC', '3.21')]
      : [
          bucket('2023-03-01', 'USDC', '1.48'),
          bucket('2023-03-01', 'USDT', '3.99'),
          bucket('2023-03-02', 'USDC', '-0.7'),
        ],
});

const stats = {
  trades: 2,
  wins: 1,
  losses: 1,
  winRate: '0.5',
  grossPnl: '1',
  fees: '0.2',
  averageWin: '1.48',
  averageLoss: '-0.7',
};
const pnl: PnlResponse = {
  mode: 'demo',
  bySymbol: [
    { ...stats, symbol: 'BTC/USDC', currency: 'USDC', netPnl: '0.78', profitFactor: '2.114285714285714286' },
    { ...stats, symbol: 'BTC/USDT', currency: 'USDT', netPnl: '3.99', profitFactor: null },
  ],
  byStrategy: [{ ...stats, strategy: 'RSI_Strategy', currency: 'USDC', netPnl: '0.78', profitFactor: '2.11' }],
};

const summary = { mode: 'demo', updatedAt: null, currencies: [{ currency: 'USDC' }] } as unknown as Summary;
const equity: EquityCurve = {
  mode: 'demo',
  currency: 'USDC',
  points: [
    { time: '2023-03-01T00:00:00.000Z', value: '10000' },
    { time: '2023-03-01T01:00:00.000Z', value: '9900' },
    { time: '2023-03-01T02:00:00.000Z', value: '10100' },
  ],
  peak: '10100',
  maxDrawdown: '0.01',
  maxDrawdownValue: '100',
};

function answer(call: FetchCall) {
  const url = new URL(call.url, 'http://x');
  if (url.pathname.endsWith('/portfolio/profit')) return { status: 200, body: profit(url.searchParams.get('period')!) };
  if (url.pathname.endsWith('/portfolio/pnl')) return { status: 200, body: pnl };
  if (url.pathname.endsWith('/portfolio/summary')) return { status: 200, body: summary };
  if (url.pathname.endsWith('/portfolio/equity')) return { status: 200, body: equity };
  return { status: 404, body: { error: 'no route' } };
}

let fake: ReturnType<typeof installFakeFetch>;
beforeEach(() => {
  window.history.replaceState(null, '', '/profit');
  fake = installFakeFetch(answer);
});
afterEach(() => {
  cleanup();
  fake.restore();
});

const page = () =>
  render(
    <WithApp>
      <ProfitPage />
    </WithApp>,
  );
const bars = (currency: string) =>
  charts.find((c) => c.container.getAttribute('data-profit-bars') === currency)!.series[0]!;

describe('profit page', () => {
  it('draws daily net profit bars per quote currency, never one sum of USDC and USDT', async () => {
    page();
    await waitFor(() => expect(screen.getByLabelText('profit in USDT')).toBeTruthy());
    const usdc = within(screen.getByLabelText('profit in USDC'));
    expect(usdc.getByText('+0.78').getAttribute('title')).toBe('0.78 USDC');
    expect(bars('USDC').points).toEqual([
      { time: Date.UTC(2023, 2, 1) / 1000, value: 1.48, color: '#34d399' },
      { time: Date.UTC(2023, 2, 2) / 1000, value: -0.7, color: '#f87171' },
    ]);
    expect(bars('USDT').points).toHaveLength(1);
    expect(fake.calls.find((c) => c.url.includes('/profit'))!.url).toBe('/api/portfolio/portfolio/profit?period=day');
  });

  it('switches to weekly and monthly bars, kept in the URL', async () => {
    page();
    await waitFor(() => expect(screen.getByLabelText('profit in USDT')).toBeTruthy());
    fireEvent.click(screen.getByLabelText('Weekly'));
    await waitFor(() => expect(screen.queryByLabelText('profit in USDT')).toBeNull());
    expect(window.location.search).toBe('?period=week');
    expect(bars('USDC').points).toEqual([{ time: Date.UTC(2023, 1, 27) / 1000, value: 3.21, color: '#34d399' }]);
  });

  it('shows the equity with its drawdown below, and the results per pair and per strategy', async () => {
    page();
    const chart = await screen.findByRole('img', { name: /equity in USDC over 3 points/ });
    expect(chart.getAttribute('data-deepest-drawdown')).toBe('1.00');
    const pairs = await screen.findByRole('table', { name: 'Closed round trips by pair' });
    const usdc = within(pairs.querySelector('[data-pnl-row="BTC/USDC|USDC"]') as HTMLElement);
    expect(usdc.getByText('50.0 %')).toBeTruthy();
    expect(usdc.getByText('2.11')).toBeTruthy();
    expect(within(pairs.querySelector('[data-pnl-row="BTC/USDT|USDT"]') as HTMLElement).getByText('—')).toBeTruthy();
    expect(screen.getByRole('table', { name: 'Closed round trips by strategy' }).textContent).toContain('RSI_Strategy');
  });
});
