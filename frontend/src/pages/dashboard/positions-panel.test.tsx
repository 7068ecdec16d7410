/** @jest-environment jsdom */
import { afterEach, describe, expect, it } from '@jest/globals';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { OpenPosition, OpenPositionsResponse, Order } from '@roottrading/contracts';
import type { Resource } from '../../hooks/use-resource';
import { WithApp } from '../../test-support/app-data';
import { installFakeFetch, type FakeAnswer } from '../../test-support/fake-fetch';
import { PositionsPanel } from './positions-panel';

const position = (over: Partial<OpenPosition>): OpenPosition => ({
  strategy: 'RSI_Strategy',
  symbol: 'BTC/USDC',
  quantity: '0.001',
  averageEntryPrice: '30000',
  cost: '30',
  lastPrice: '30500',
  marketValue: '30.5',
  unrealizedPnl: '0.5',
  realizedGross: '0',
  fees: '0.03',
  openedAt: '2026-11-21T09:59:59.999Z',
  stopLoss: '29400',
  takeProfit: null,
  trailingStop: null,
  trailingStopPrice: null,
  ...over,
});
const positions = [
  position({}),
  position({ strategy: 'manual', symbol: 'BTC/USDT', openedAt: '2026-11-21T10:10:00.000Z' }),
];

const exit = (over: Partial<Order>): Order => ({
  id: '9',
  clientOrderId: 'rt-o9',
  symbol: 'BTC/USDC',
  side: 'SELL',
  type: 'market',
  quantity: '0.001',
  status: 'filled',
  reason: null,
  strategy: 'RSI_Strategy',
  signalId: null,
  demo: true,
  createdAt: '2026-11-21T10:20:00.000Z',
  fill: null,
  averagePrice: '30484.75',
  ...over,
});

let reloads = 0;
const resource: Resource<OpenPositionsResponse> = {
  data: { mode: 'demo', positions },
  loading: false,
  reload: () => reloads++,
};

let fake: ReturnType<typeof installFakeFetch> | undefined;
afterEach(() => {
  cleanup();
  fake?.restore();
  fake = undefined;
  localStorage.clear();
  reloads = 0;
});

function show(answer: () => FakeAnswer | Promise<FakeAnswer>) {
  fake = installFakeFetch(answer);
  render(
    <WithApp>
      <PositionsPanel resource={resource} />
    </WithApp>,
  );
}
const dialog = () => screen.getByRole('alertdialog');
const nameField = () => within(dialog()).getByLabelText('Your name') as HTMLInputElement;

describe('the positions panel', () => {
  it('closes one position after a confirmation that says exactly what will happen, naming who asked', async () => {
    show(() => ({ status: 200, body: { order: exit({}) } }));
    fireEvent.click(screen.getByRole('button', { name: "Close RSI_Strategy's BTC/USDC position" }));
    expect(dialog().textContent).toContain(
      'Sells all 0.00100BTC that RSI_Strategy holds in BTC/USDC now, at the market price: one market SELL, exit reason “manual”.',
    );
    expect(dialog().textContent).toContain('Last price 30,500.00USDC');

    // Nobody named: nothing is sent, and the field says why.
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Close position' }));
    expect(fake!.calls).toHaveLength(0);
    expect(nameField().getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(nameField(), { target: { value: 'alice' } });
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Close position' }));
    const done = await screen.findByRole('status', { name: 'action result' });
    expect(done.textContent).toContain(
      "Closed RSI_Strategy's BTC/USDC position: sold 0.00100 BTC at 30,484.75 USDC (order rt-o9).",
    );
    expect(fake!.calls[0]).toMatchObject({ url: '/api/trader/positions/close', method: 'POST' });
    expect(JSON.parse(fake!.calls[0]!.body!)).toEqual({
      strategy: 'RSI_Strategy',
      symbol: 'BTC/USDC',
      openedAt: '2026-11-21T09:59:59.999Z',
      requestedBy: 'alice',
    });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(reloads).toBe(1);
    // The name is remembered: the next confirmation has it already.
    fireEvent.click(screen.getByRole('button', { name: "Close manual's BTC/USDT position" }));
    expect(nameField().value).toBe('alice');
  });

  it("shows the trader's refusal in its own words, and sends only once however often it is confirmed", async () => {
    let answer!: (a: FakeAnswer) => void;
    show(() => new Promise<FakeAnswer>((r) => (answer = r)));
    localStorage.setItem('roottrading:operator-name', 'bob');
    fireEvent.click(screen.getByRole('button', { name: "Close RSI_Strategy's BTC/USDC position" }));
    const confirm = within(dialog()).getByRole('button', { name: 'Close position' });
    fireEvent.click(confirm);
    fireEvent.submit(confirm.closest('form')!);
    expect(fake!.calls).toHaveLength(1);
    await act(async () =>
      answer({
        status: 409,
        body: {
          error:
            "RSI_Strategy's BTC/USDC position opened at 2026-11-21T09:59:59.999Z is already closed (exit reason stop_loss)",
        },
      }),
    );
    const refused = await screen.findByRole('alert', { name: 'action result' });
    expect(refused.textContent).toContain(
      "The trader refused: RSI_Strategy's BTC/USDC position opened at 2026-11-21T09:59:59.999Z is already closed (exit reason stop_loss)",
    );
  });

  it('closes every position with the scope stated, listing them first', async () => {
    show(() => ({
      status: 200,
      body: {
        orders: [
          exit({}),
          exit({ symbol: 'BTC/USDT', strategy: 'manual', status: 'rejected', reason: 'no fresh price' }),
        ],
        closed: 1,
        rejected: 1,
      },
    }));
    localStorage.setItem('roottrading:operator-name', 'carol');
    fireEvent.click(screen.getByRole('button', { name: 'Close all' }));
    expect(dialog().textContent).toMatch(/RSI_Strategy · BTC\/USDC · 0\.00100BTC.*manual · BTC\/USDT · 0\.00100BTC/);
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Close all 2 positions' }));
    await waitFor(() => expect(fake!.calls).toHaveLength(1));
    expect(fake!.calls[0]!.url).toBe('/api/trader/positions/close-all');
    expect(JSON.parse(fake!.calls[0]!.body!)).toEqual({ scope: 'all', requestedBy: 'carol' });
    expect((await screen.findByRole('status', { name: 'action result' })).textContent).toContain(
      'Close all: 1 sold, 1 not (manual BTC/USDT: order rejected: no fresh price).',
    );
  });

  it('cancels with Escape or the Cancel button, sending nothing', () => {
    show(() => ({ status: 500 }));
    fireEvent.click(screen.getByRole('button', { name: 'Close all' }));
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Close all' }));
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(fake!.calls).toHaveLength(0);
  });
});
