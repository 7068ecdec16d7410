/** @jest-environment jsdom */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import type { ArenaResponse, ArenaStanding } from '@roottrading/contracts';
import { charts, fakeCharts } from '../../test-support/fake-charts';
import { installFakeFetch } from '../../test-support/fake-fetch';

// jsdom cannot draw: the charts are a fake that records what the page gives them.
jest.unstable_mockModule('lightweight-charts', () => fakeCharts);
const { ArenaPage } = await import('./arena-page');
const { WithApp } = await import('../../test-support/app-data');

const standing = (over: Partial<ArenaStanding>): ArenaStanding => ({
  currency: 'USDC',
  trades: 4,
  wins: 2,
  losses: 2,
  winRate: '0.5',
  grossPnl: '-1',
  netPnl: '-5',
  fees: '4',
  profitFactor: '0.9',
  averageWin: '22.5',
  averageLoss: '-25',
  budget: '1000',
  unrealizedPnl: '0',
  returnPct: -0.5,
  maxDrawdownPct: 3.92,
  sharpe: -1.25,
  openPositions: 0,
  openExposure: '0',
  budgetUsed: '0',
  equity: [
    { time: '2023-03-01T23:59:59.999Z', value: '1020' },
    { time: '2023-03-02T23:59:59.999Z', value: '995' },
  ],
  ...over,
});

const arena: ArenaResponse = {
  mode: 'demo',
  source: 'file',
  instances: [
    {
      name: 'rsi-loose',
      strategy: 'RSI_Strategy',
      standings: [
        standing({
          budget: '500',
          netPnl: '12',
          returnPct: 4.36,
          openPositions: 1,
          openExposure: '210',
          budgetUsed: '200.2',
          equity: [
            { time: '2023-03-02T23:59:59.999Z', value: '512' },
            { time: '2023-03-04T00:00:00.000Z', value: '521.8' },
          ],
        }),
      ],
    },
    { name: 'rsi-strict', strategy: 'RSI_Strategy', standings: [standing({})] },
    {
      name: 'manual',
      strategy: null,
      standings: [standing({ budget: null, returnPct: null, maxDrawdownPct: null, sharpe: null, equity: [] })],
    },
  ],
};

let fake: ReturnType<typeof installFakeFetch>;
beforeEach(() => {
  window.history.replaceState(null, '', '/arena');
  charts.length = 0;
  fake = installFakeFetch((call) =>
    call.url.endsWith('/api/portfolio/arena')
      ? { status: 200, body: arena }
      : { status: 404, body: { error: 'no route' } },
  );
});
afterEach(() => {
  cleanup();
  fake.restore();
});

describe('arena page', () => {
  it('ranks the instances with their figures, and overlays their returns on budget per currency', async () => {
    render(
      <WithApp>
        <ArenaPage />
      </WithApp>,
    );
    await waitFor(() => expect(screen.getByLabelText('equity curves in USDC')).toBeTruthy());
    const rows = document.querySelectorAll('[data-arena-row]');
    expect([...rows].map((r) => r.getAttribute('data-arena-row'))).toEqual([
      'rsi-loose|USDC',
      'rsi-strict|USDC',
      'manual|USDC',
    ]);
    const loose = within(rows[0] as HTMLElement);
    expect(loose.getByText('+4.36%')).toBeTruthy();
    expect(loose.getByText('of 500')).toBeTruthy();
    expect(within(rows[2] as HTMLElement).getAllByText('—').length).toBeGreaterThanOrEqual(3);

    const chart = charts.find((c) => c.container.getAttribute('data-arena-chart') === 'USDC')!;
    // One line per budgeted instance; the one without a budget has no curve.
    expect(chart.series.map((s) => s.options.title)).toEqual(['rsi-loose', 'rsi-strict']);
    const last = chart.series[0]!.points.at(-1)!;
    expect(last.value).toBeCloseTo(4.36, 10);
    expect(chart.series[1]!.points.map((p) => Number(p.value!.toFixed(6)))).toEqual([2, -0.5]);
  });
});
