/** @jest-environment jsdom */
import { afterEach, describe, expect, it } from '@jest/globals';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { OpenOrdersResponse, Order } from '@roottrading/contracts';
import { useConfirmedAction } from '../../hooks/use-confirmed-action';
import type { Resource } from '../../hooks/use-resource';
import { WithApp } from '../../test-support/app-data';
import { installFakeFetch, type FakeAnswer } from '../../test-support/fake-fetch';
import { OpenOrdersPanel } from './open-orders-panel';

const resting: Order = {
  id: '4',
  clientOrderId: 'rt-o4',
  symbol: 'BTC/USDC',
  side: 'BUY',
  type: 'limit',
  quantity: '0.001',
  status: 'open',
  reason: null,
  strategy: 'manual',
  signalId: null,
  demo: true,
  createdAt: '2026-11-21T10:00:00.000Z',
  fill: null,
  price: '29000',
  filledQuantity: '0',
  stopLoss: '28420',
  takeProfit: '31000',
  trailingStop: null,
};
const resource: Resource<OpenOrdersResponse> = {
  data: { mode: 'demo', orders: [resting] },
  loading: false,
  reload: () => undefined,
};

function Page() {
  const { ask, dialog, notice } = useConfirmedAction();
  return (
    <>
      <OpenOrdersPanel resource={resource} ask={ask} notice={notice} />
      {dialog}
    </>
  );
}

let fake: ReturnType<typeof installFakeFetch> | undefined;
afterEach(() => {
  cleanup();
  fake?.restore();
  localStorage.clear();
});

const show = (answer: () => FakeAnswer) => {
  fake = installFakeFetch(answer);
  localStorage.setItem('roottrading:operator-name', 'dave');
  render(
    <WithApp>
      <Page />
    </WithApp>,
  );
};

describe('the open orders', () => {
  it('lists a resting order with its limit, stop and target, and cancels it after a confirmation', async () => {
    show(() => ({ status: 200, body: { order: { ...resting, status: 'canceled', reason: 'canceled by dave' } } }));
    const row = document.querySelector('tr[data-client-order-id="rt-o4"]') as HTMLElement;
    expect(row.textContent).toMatch(/BTC\/USDC BUY limit · manual.*0\.00100BTC.*29,000\.00.*28,420\.00 \/ 31,000\.00/);
    fireEvent.click(within(row).getByRole('button', { name: 'Cancel order rt-o4' }));
    const dialog = screen.getByRole('alertdialog');
    expect(dialog.textContent).toContain('Takes order rt-o4 off the book: BUY 0.00100BTC at 29,000.00USDC');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel the order' }));
    expect((await screen.findByRole('status', { name: 'action result' })).textContent).toContain(
      'Order rt-o4 is canceled.',
    );
    expect(fake!.calls.map((c) => [c.url, c.method, c.body])).toEqual([
      ['/api/trader/orders/rt-o4/cancel', 'POST', JSON.stringify({ requestedBy: 'dave' })],
    ]);
  });

  it("shows the trader's answer when the order is no longer open", async () => {
    show(() => ({ status: 409, body: { error: 'order rt-o4 is filled: only an open order can be canceled' } }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel order rt-o4' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Cancel the order' }));
    expect((await screen.findByRole('alert', { name: 'action result' })).textContent).toContain(
      'The trader refused: order rt-o4 is filled: only an open order can be canceled',
    );
  });
});
