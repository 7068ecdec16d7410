/** @jest-environment jsdom */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import type { SettingsResponse } from '@roottrading/contracts';
import { installFakeFetch, type FetchCall } from '../../test-support/fake-fetch';
import { SettingsPage } from './settings-page';

function answer(call: FetchCall) {
  const service = call.url.split('/')[2]!;
  if (service === 'backtest') return { status: 502, body: { error: 'backtest is unreachable' } };
  const body: SettingsResponse = {
    service,
    settings: {
      SYMBOLS: ['BTC/USDC'],
      BUS_SECRET: '[redacted]',
      DATABASE_URL: 'postgres://rt:***@db:5432/rt',
      BUS_NAMESPACE: '',
    },
    ...(service === 'analyzer'
      ? { strategies: [{ name: 'RSI_Strategy', params: { window: 14, overbought: 70 }, protection: null }] }
      : {}),
  };
  return { status: 200, body };
}

let fake: ReturnType<typeof installFakeFetch>;
beforeEach(() => {
  fake = installFakeFetch(answer);
});
afterEach(() => {
  cleanup();
  fake.restore();
});

describe('settings page', () => {
  it("shows every service's settings as it masked them, and the analyzer's strategies", async () => {
    render(<SettingsPage />);
    const trader = await screen.findByRole('region', { name: 'trader' });
    await waitFor(() => expect(within(trader).getByText('[redacted]')).toBeTruthy());
    expect(within(trader).getByText('postgres://rt:***@db:5432/rt')).toBeTruthy();
    expect(within(trader).getByText('["BTC/USDC"]')).toBeTruthy();
    expect(within(trader).getByText('(empty)')).toBeTruthy();
    const analyzer = screen.getByRole('region', { name: 'analyzer' });
    await waitFor(() => expect(within(analyzer).getByText('RSI_Strategy')).toBeTruthy());
    expect(analyzer.querySelector('[data-strategy="RSI_Strategy"]')!.textContent).toContain('window14');
    const backtest = screen.getByRole('region', { name: 'backtest' });
    await waitFor(() => expect(within(backtest).getByRole('alert').textContent).toContain('backtest is down'));
    expect(fake.calls.map((c) => c.url).sort()).toEqual(
      ['analyzer', 'backtest', 'gateway', 'portfolio', 'trader', 'web'].map((s) => `/api/${s}/settings`),
    );
  });
});
