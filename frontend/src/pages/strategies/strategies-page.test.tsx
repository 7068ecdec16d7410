/** @jest-environment jsdom */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { FetchCall } from '../../test-support/fake-fetch';
import { installFakeFetch } from '../../test-support/fake-fetch';
import { PHONE_FEED_SIZE } from './signal-feed';
import { StrategiesPage } from './strategies-page';

const strategies = ['RSI_Strategy', 'SimpleMA_Cross', 'Supertrend'].map((name) => ({
  name,
  description: `${name} does its thing`,
  params: { window: 14 },
  timeframe: '1m',
}));
const signals = Array.from({ length: 30 }, (_, i) => ({
  id: `s${i}`,
  strategy: 'RSI_Strategy',
  symbol: 'BTC/USDC',
  interval: '1m',
  side: i % 2 ? 'BUY' : 'SELL',
  timestamp: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
  price: '30000.5',
  metadata: { rsi: 28.123456, window: 14 },
  createdAt: new Date(Date.UTC(2024, 0, 1)).toISOString(),
}));
const pnl = {
  mode: 'demo',
  bySymbol: [],
  byStrategy: [
    { strategy: 'RSI_Strategy', currency: 'USDC', trades: 4, wins: 1, winRate: '0.25', netPnl: '-1.5', fees: '0.2' },
  ],
};

function answer(call: FetchCall) {
  if (call.url.startsWith('/api/analyzer/strategies')) return { status: 200, body: { strategies } };
  if (call.url.startsWith('/api/analyzer/signals')) return { status: 200, body: { signals } };
  return { status: 200, body: pnl };
}

/** A screen as wide as `width` for matchMedia's min-width queries (jsdom has none of its own). */
function screenWidth(width: number) {
  window.matchMedia = ((query: string) => ({
    matches: width >= Number(/min-width:\s*(\d+)px/.exec(query)?.[1] ?? 0),
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  })) as unknown as typeof window.matchMedia;
}

let fake: ReturnType<typeof installFakeFetch>;
beforeEach(() => {
  fake = installFakeFetch(answer);
});
afterEach(() => {
  cleanup();
  fake.restore();
  delete (window as { matchMedia?: unknown }).matchMedia;
});

const card = (name: string) => document.querySelector<HTMLDetailsElement>(`[data-strategy="${name}"]`)!;

describe('strategies page', () => {
  it('folds each strategy on a phone to its name, signal count and net P&L, and ten signals with a "show more"', async () => {
    screenWidth(390);
    render(<StrategiesPage />);
    await waitFor(() => expect(card('Supertrend')).toBeTruthy());
    expect(strategies.map((s) => card(s.name).open)).toEqual([false, false, false]);
    await waitFor(() => expect(card('RSI_Strategy').querySelector('summary')!.textContent).toMatch(/4 trades · net/));
    expect(card('RSI_Strategy').querySelector('summary')!.textContent).toMatch(/30 signals/);
    await waitFor(() => expect(screen.getAllByText('indicators')).toHaveLength(PHONE_FEED_SIZE));
    fireEvent.click(screen.getByRole('button', { name: 'Show 20 more' }));
    expect(screen.getAllByText('indicators')).toHaveLength(30);
    expect(screen.queryByRole('button', { name: /more$/ })).toBeNull();
  });

  it('opens every strategy on a wide screen, with its parameters and trade figures, and every signal with its values', async () => {
    screenWidth(1280);
    render(<StrategiesPage />);
    await waitFor(() => expect(card('Supertrend')).toBeTruthy());
    expect(strategies.map((s) => card(s.name).open)).toEqual([true, true, true]);
    await waitFor(() => expect(card('RSI_Strategy').textContent).toMatch(/Win rate25\.0 %/));
    expect(card('RSI_Strategy').textContent).toMatch(/window 14/);
    await waitFor(() => expect(screen.getAllByText('rsi')).toHaveLength(30));
    expect(screen.queryByText('indicators')).toBeNull();
  });
});
