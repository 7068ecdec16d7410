/** @jest-environment jsdom */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ControlsState, OperatorActionsPage, TradingMode } from '@roottrading/contracts';
import { WithApp } from '../../test-support/app-data';
import { installFakeFetch, type FakeAnswer, type FetchCall } from '../../test-support/fake-fetch';
import { ControlsPage } from './controls-page';

const state: ControlsState = {
  killSwitch: {
    active: true,
    reason: 'daily loss of 5.2 % in USDC on 2026-11-21 reached DAILY_LOSS_LIMIT_PCT 5',
    trippedAt: '2026-11-21T09:00:00.000Z',
    resetBy: null,
    resetAt: null,
  },
  pauses: [{ scope: 'strategy', target: 'RSI_Strategy', pausedBy: 'ops', pausedAt: '2026-11-21T08:00:00.000Z' }],
};
const audit: OperatorActionsPage = {
  mode: 'demo',
  actions: [
    {
      id: '2',
      at: '2026-11-21T09:00:01.000Z',
      action: 'kill_switch_trip',
      actor: 'risk-manager',
      scope: null,
      target: null,
      details: { reason: 'daily loss of 5.2 %' },
    },
    {
      id: '1',
      at: '2026-11-21T08:00:00.000Z',
      action: 'pause',
      actor: 'ops',
      scope: 'strategy',
      target: 'RSI_Strategy',
      details: { created: true, marketTime: '2023-03-01T00:00:00.000Z' },
    },
  ],
  page: 1,
  limit: 25,
  total: 2,
  pages: 1,
};

let posted: (call: FetchCall) => FakeAnswer;
let fake: ReturnType<typeof installFakeFetch>;
beforeEach(() => {
  window.history.replaceState(null, '', '/controls');
  localStorage.setItem('roottrading:operator-name', 'alice');
  posted = () => ({ status: 200, body: {} });
  fake = installFakeFetch((call) => {
    if (call.method === 'POST') return posted(call);
    if (call.url.startsWith('/api/trader/controls/actions')) return { status: 200, body: audit };
    return { status: 200, body: state };
  });
});
afterEach(() => {
  cleanup();
  fake.restore();
  localStorage.clear();
  sessionStorage.clear();
});

const show = async (mode: TradingMode = 'demo') => {
  render(
    <WithApp mode={mode}>
      <ControlsPage />
    </WithApp>,
  );
  await screen.findByText('Kill switch tripped');
};
const row = (scope: string) => document.querySelector(`#panel-pauses tr[data-scope="${scope}"]`) as HTMLElement;
const dialog = () => screen.getByRole('alertdialog');
const posts = () => fake.calls.filter((c) => c.method === 'POST');

describe('the Controls page', () => {
  it('shows new entries per scope from GET /controls: everything, each strategy, manual, each symbol', async () => {
    await show();
    const scopes = [...document.querySelectorAll('#panel-pauses tr[data-scope]')].map((r) => [
      r.getAttribute('data-scope'),
      r.getAttribute('data-paused'),
    ]);
    expect(scopes).toEqual([
      ['all', 'no'],
      ['strategy:RSI_Strategy', 'yes'],
      ['strategy:SimpleMA_Cross', 'no'],
      ['strategy:manual', 'no'],
      ['symbol:BTC/USDC', 'no'],
      ['symbol:BTC/USDT', 'no'],
    ]);
    expect(row('strategy:RSI_Strategy').textContent).toMatch(/paused.*by ops since/);
  });

  it('pauses everything and resumes a strategy, each request stating its scope and who asked', async () => {
    posted = (call) => ({
      status: 200,
      body: call.url.endsWith('/pause') ? { created: true } : { resumed: 1 },
    });
    await show();
    fireEvent.click(within(row('all')).getByRole('button', { name: 'Pause Everything' }));
    expect(dialog().textContent).toContain('The trader refuses every new entry — signals and manual BUYs alike');
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Pause' }));
    expect((await screen.findByRole('status', { name: 'action result' })).textContent).toContain(
      'Paused every new entry.',
    );
    fireEvent.click(within(row('strategy:RSI_Strategy')).getByRole('button', { name: 'Resume Strategy RSI_Strategy' }));
    expect(dialog().textContent).toContain("Lifts the pause of RSI_Strategy's new entries set by ops on");
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Resume' }));
    await screen.findByText("Resumed RSI_Strategy's new entries.");
    expect(posts().map((c) => [c.url, JSON.parse(c.body!)])).toEqual([
      ['/api/trader/controls/pause', { scope: 'all', requestedBy: 'alice' }],
      ['/api/trader/controls/resume', { scope: 'strategy', target: 'RSI_Strategy', requestedBy: 'alice' }],
    ]);
    // Each answer reloads the pause state and the audit trail.
    await waitFor(() =>
      expect(fake.calls.filter((c) => c.url === '/api/trader/controls').length).toBeGreaterThanOrEqual(3),
    );
  });

  it('resets the tripped kill switch and the paper account', async () => {
    posted = (call) =>
      call.url.endsWith('/kill-switch/reset')
        ? { status: 200, body: { wasActive: true } }
        : {
            status: 200,
            body: {
              mode: 'demo',
              balances: [
                {
                  asset: 'USDC',
                  free: '10000',
                  locked: '0',
                  total: '10000',
                  value: '10000',
                  valueCurrency: 'USDC',
                  initial: '10000',
                },
              ],
              positions: [],
              totals: [],
            },
          };
    await show();
    fireEvent.click(screen.getByRole('button', { name: 'Reset the kill switch' }));
    expect(dialog().textContent).toContain('Clears the kill switch, tripped on');
    expect(dialog().textContent).toContain('(daily loss of 5.2 % in USDC');
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Reset the kill switch' }));
    await screen.findByText('Kill switch reset: new entries are allowed again.');
    fireEvent.click(screen.getByRole('button', { name: 'Reset the paper account' }));
    expect(dialog().textContent).toContain('every open position is dropped without a trade');
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Reset the paper account' }));
    await screen.findByText('Paper account reset: 10,000.00 USDC.');
    expect(posts().map((c) => [c.url, JSON.parse(c.body!)])).toEqual([
      ['/api/trader/risk/kill-switch/reset', { requestedBy: 'alice' }],
      ['/api/trader/account/reset', { requestedBy: 'alice' }],
    ]);
  });

  it('lists the audit trail in words: who, when, what, and the market time of a replay', async () => {
    await show();
    const rows = [...document.querySelectorAll('#panel-audit tbody tr')].map((r) =>
      [...r.querySelectorAll('td')].map((td) => td.textContent),
    );
    expect(rows[0]!.slice(1)).toEqual(['risk-manager', 'Kill switch tripped', 'daily loss of 5.2 %']);
    expect(rows[1]!.slice(1)).toEqual(['ops', 'Paused new entries of strategy RSI_Strategy', '—']);
    expect(rows[1]![0]).toMatch(/market time/);
    expect(fake.calls.some((c) => c.url === '/api/trader/controls/actions?page=1&limit=25')).toBe(true);
  });

  it('in live mode asks for the API token, sends it as a bearer, and asks again when the trader refuses it', async () => {
    let attempt = 0;
    posted = () =>
      ++attempt === 1
        ? { status: 401, body: { error: 'invalid API token' } }
        : { status: 200, body: { created: true } };
    await show('live');
    expect(screen.queryByRole('button', { name: 'Reset the paper account' })).toBeNull();
    fireEvent.click(within(row('symbol:BTC/USDT')).getByRole('button', { name: 'Pause Symbol BTC/USDT' }));
    expect(dialog().textContent).toContain('LIVE: this acts on the exchange account, with real money.');
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Pause' }));
    expect(posts()).toHaveLength(0);
    fireEvent.change(within(dialog()).getByLabelText('Trader API token'), { target: { value: 'wrong' } });
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Pause' }));
    await within(dialog()).findByText('the trader refused it: invalid API token');
    expect(sessionStorage.getItem('roottrading:trader-api-token')).toBeNull();
    fireEvent.change(within(dialog()).getByLabelText('Trader API token'), { target: { value: 'right' } });
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Pause' }));
    await screen.findByText('Paused new entries in BTC/USDT.');
    expect(posts().map((c) => c.headers.authorization)).toEqual(['Bearer wrong', 'Bearer right']);
    expect(JSON.parse(posts()[1]!.body!)).toEqual({ scope: 'symbol', target: 'BTC/USDT', requestedBy: 'alice' });
    expect(sessionStorage.getItem('roottrading:trader-api-token')).toBe('right');
  });

  it('says when the trader did not answer: the action may or may not have happened', async () => {
    posted = () => {
      throw new TypeError('Failed to fetch');
    };
    await show();
    fireEvent.click(screen.getByRole('button', { name: 'Reset the kill switch' }));
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Reset the kill switch' }));
    expect((await screen.findByRole('alert', { name: 'action result' })).textContent).toContain(
      'No answer from the trader (the RootTrading web server is unreachable): it may or may not have happened',
    );
  });
});
