/** @jest-environment jsdom */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { RefusedSignalsPage } from '@roottrading/contracts';
import { installFakeFetch } from '../../test-support/fake-fetch';
import { renderInApp, tableRows } from '../../test-support/app-data';
import { NotTradedPage } from './not-traded-page';

const AGE = 'signal is # s old; SIGNAL_MAX_AGE is # s';
const body: RefusedSignalsPage = {
  mode: 'demo',
  signals: [
    {
      orderId: '9',
      signalId: 'sig-9',
      strategy: 'RSI_Strategy',
      symbol: 'BTC/USDC',
      side: 'BUY',
      status: 'rejected',
      reason: '10 positions are open, the most RISK_MAX_OPEN_POSITIONS allows (10)',
      at: '2023-03-01T10:00:00.000Z',
      candleTime: '2023-03-01T09:59:00.000Z',
      price: '20000.5',
    },
    {
      orderId: '4',
      signalId: 'sig-4',
      strategy: 'SimpleMA_Cross',
      symbol: 'BTC/USDT',
      side: 'SELL',
      status: 'expired',
      reason: 'signal is 312 s old; SIGNAL_MAX_AGE is 300 s',
      at: '2023-03-01T09:00:00.000Z',
      candleTime: null,
      price: null,
    },
  ],
  reasons: [
    { reason: AGE, count: 1 },
    { reason: '# positions are open, the most RISK_MAX_OPEN_POSITIONS allows (#)', count: 1 },
  ],
  page: 1,
  limit: 25,
  total: 2,
  pages: 1,
};

let fake: ReturnType<typeof installFakeFetch>;
beforeEach(() => {
  window.history.replaceState(null, '', '/not-traded');
  fake = installFakeFetch(() => ({ status: 200, body }));
});
afterEach(() => {
  cleanup();
  fake.restore();
});

const rows = tableRows;
const page = () => renderInApp(<NotTradedPage />);

describe('not traded page', () => {
  it('lists each refused or expired signal with its reason, and the reasons counted', async () => {
    page();
    await waitFor(() => expect(rows()).toHaveLength(2));
    const first = within(rows()[0]!);
    expect(first.getByText('RSI_Strategy')).toBeTruthy();
    expect(first.getByText('rejected')).toBeTruthy();
    expect(first.getByText(/RISK_MAX_OPEN_POSITIONS allows \(10\)/)).toBeTruthy();
    expect(within(rows()[1]!).getByText('expired')).toBeTruthy();
    const counts = screen.getByRole('list', { name: 'reasons, most frequent first' });
    expect(within(counts).getAllByRole('button')).toHaveLength(2);
    expect(fake.calls[0]!.url).toBe('/api/portfolio/portfolio/signals/refused?limit=25&page=1');
  });

  it('filters by a reason picked from the counts, by outcome and by typed words', async () => {
    page();
    await waitFor(() => expect(rows()).toHaveLength(2));
    fireEvent.click(screen.getByRole('button', { name: new RegExp(AGE.replace(/[#;]/g, '.')) }));
    await waitFor(() => expect(new URL(fake.calls.at(-1)!.url, 'http://x').searchParams.get('reason')).toBe(AGE));
    fireEvent.change(screen.getByLabelText('Outcome'), { target: { value: 'expired' } });
    await waitFor(() => expect(fake.calls.at(-1)!.url).toContain('status=expired'));
    fireEvent.change(screen.getByLabelText('Reason contains'), { target: { value: 'RISK' } });
    await waitFor(() => expect(fake.calls.at(-1)!.url).toContain('reason=RISK'));
    expect(window.location.search).toBe('?reason=RISK&status=expired');
  });
});
