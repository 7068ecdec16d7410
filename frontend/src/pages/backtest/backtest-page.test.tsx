/** @jest-environment jsdom */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { BacktestRun } from '@roottrading/contracts';
import type { AppData } from '../../app-data';
import {
  candlesOf,
  detailOf,
  RUN_A,
  RUN_B,
  RUN_FAILED,
  RUN_RUNNING,
  T0,
  TRADE_COUNT,
} from '../../test-support/backtest-fixtures';
import { charts, fakeCharts } from '../../test-support/fake-charts';
import { installFakeFetch, type FakeAnswer, type FetchCall } from '../../test-support/fake-fetch';

// jsdom cannot draw: the charts are a fake that records what the page gives them.
jest.unstable_mockModule('lightweight-charts', () => fakeCharts);
const { BacktestPage } = await import('./backtest-page');
const { AppDataProvider } = await import('../../app-data');

const APP: AppData = {
  health: { loading: false, reload: () => undefined },
  symbols: ['BTC/USDC', 'BTC/USDT'],
  interval: '1m',
  marketSource: 'replay',
};

let runs: BacktestRun[];
let onPost: (call: FetchCall) => FakeAnswer;
let fake: ReturnType<typeof installFakeFetch>;

function answer(call: FetchCall): FakeAnswer {
  const url = new URL(call.url, 'http://x');
  const q = Object.fromEntries(url.searchParams);
  if (url.pathname === '/api/analyzer/strategies') {
    return {
      status: 200,
      body: {
        strategies: [
          { name: 'RSI_Strategy', params: {} },
          { name: 'SimpleMA_Cross', params: {} },
        ],
      },
    };
  }
  if (url.pathname === '/api/backtest/backtests')
    return call.method === 'POST' ? onPost(call) : { status: 200, body: { runs } };
  if (url.pathname === `/api/backtest/sweeps/${SWEEP.id}`) return { status: 200, body: SWEEP };
  if (url.pathname === `/api/backtest/sweeps/${WALK.id}`) return { status: 200, body: WALK };
  const [, id, candles] = /^\/api\/backtest\/backtests\/([^/]+)(\/candles)?$/.exec(url.pathname) ?? [];
  const run = runs.find((r) => r.id === id);
  if (!run) return { status: 404, body: { error: `no backtest run ${id}` } };
  if (candles) return { status: 200, body: candlesOf({ from: q.from, limit: Number(q.limit) }) };
  return { status: 200, body: detailOf(run, { page: Number(q.page), limit: Number(q.limit) }) };
}

beforeEach(() => {
  runs = [RUN_RUNNING, RUN_B, RUN_A, RUN_FAILED];
  onPost = () => ({ status: 500, body: { error: 'not expected' } });
  window.history.replaceState(null, '', '/backtest');
  fake = installFakeFetch(answer);
});
afterEach(() => {
  cleanup();
  fake.restore();
});

const show = () =>
  render(
    <AppDataProvider value={APP}>
      <BacktestPage />
    </AppDataProvider>,
  );
const row = (run: BacktestRun) =>
  document.querySelector(`#panel-backtest-runs tr[data-run-id="${run.id}"]`) as HTMLElement;
const listGets = () => fake.calls.filter((c) => c.url === '/api/backtest/backtests' && c.method === 'GET').length;
const posts = () => fake.calls.filter((c) => c.method === 'POST');
const figure = (quote: string, name: string) =>
  within(screen.getByRole('article', { name: `results in ${quote}` })).getByText(
    (_, el) => el?.getAttribute('data-figure') === name,
  ).textContent;
const describedBy = (el: HTMLElement) =>
  (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' | ');

// A sweep of two runs, the better one (B) first, as GET /sweeps/:id ranks them.
const SWEEP = {
  id: 'ffffffff-0000-4000-8000-000000000001',
  rank: 'return',
  quote: null,
  grid: 'RSI_WINDOW=10|20',
  walkForward: null,
  runs: [
    { settings: { RSI_WINDOW: '20' }, score: 1.5, run: RUN_B },
    { settings: { RSI_WINDOW: '10' }, score: -0.5, run: RUN_A },
  ],
};

// The same grid walked forward over two windows: RSI_WINDOW=20 wins the first in sample and loses out of it.
const WALK = {
  ...SWEEP,
  id: 'ffffffff-0000-4000-8000-000000000002',
  walkForward: {
    windows: [
      {
        train: { from: '2023-03-10T00:00:00.000Z', to: '2023-03-12T08:00:00.000Z' },
        test: { from: '2023-03-12T08:00:00.000Z', to: '2023-03-14T16:00:00.000Z' },
        best: { settings: { RSI_WINDOW: '20' }, inSample: 12.5, outOfSample: -3.25 },
      },
      {
        train: { from: '2023-03-12T08:00:00.000Z', to: '2023-03-14T16:00:00.000Z' },
        test: { from: '2023-03-14T16:00:00.000Z', to: '2023-03-17T00:00:00.000Z' },
        best: null,
      },
    ],
    combinations: [
      { settings: { RSI_WINDOW: '10' }, inSample: 1, outOfSample: 0.5 },
      { settings: { RSI_WINDOW: '20' }, inSample: 12.5, outOfSample: -3.25 },
    ],
  },
};

describe('backtest page: the form', () => {
  it('queues a sweep with its grid and ranking, then shows its runs best first', async () => {
    onPost = () => ({ status: 202, body: { sweep: { id: SWEEP.id, runs: [RUN_B.id, RUN_A.id] } } });
    show();
    fireEvent.change(await screen.findByLabelText('Sweep (optional)'), { target: { value: 'RSI_WINDOW=10|20' } });
    fireEvent.change(screen.getByLabelText('Rank by'), { target: { value: 'return' } });
    fireEvent.click(screen.getByRole('button', { name: 'Queue sweep' }));
    await waitFor(() => expect(new URLSearchParams(window.location.search).get('sweep')).toBe(SWEEP.id));
    expect(JSON.parse(posts()[0]!.body!)).toMatchObject({ grid: 'RSI_WINDOW=10|20', rank: 'return' });
    const rows = await waitFor(() => {
      const found = document.querySelectorAll('#panel-backtest-sweep tbody tr');
      expect(found).toHaveLength(2);
      return [...found] as HTMLElement[];
    });
    expect(rows.map((r) => r.getAttribute('data-sweep-run'))).toEqual([RUN_B.id, RUN_A.id]);
    expect(rows[0]!.textContent).toContain('RSI_WINDOW=20');
    fireEvent.click(within(rows[1]!).getByRole('button', { name: 'Open' }));
    await waitFor(() => expect(new URLSearchParams(window.location.search).get('run')).toBe(RUN_A.id));
  });

  it("queues a walk-forward with its windows, then shows each window's best and how it did after", async () => {
    onPost = () => ({ status: 202, body: { sweep: { id: WALK.id, runs: [RUN_B.id, RUN_A.id] } } });
    show();
    fireEvent.change(await screen.findByLabelText('Sweep (optional)'), { target: { value: 'RSI_WINDOW=10|20' } });
    fireEvent.change(screen.getByLabelText('Walk-forward windows'), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Queue sweep' }));
    await waitFor(() => expect(new URLSearchParams(window.location.search).get('sweep')).toBe(WALK.id));
    expect(JSON.parse(posts()[0]!.body!)).toMatchObject({ grid: 'RSI_WINDOW=10|20', walkForward: 2 });
    const first = await waitFor(() => {
      const row = document.querySelector('[data-walk-window="1"]');
      expect(row).not.toBeNull();
      return row as HTMLElement;
    });
    expect(first.textContent).toContain('RSI_WINDOW=20');
    expect(first.textContent).toContain('12.50');
    expect(first.textContent).toContain('-3.25');
    expect(document.querySelector('[data-walk-window="2"]')!.textContent).toContain('not scored yet');
    expect(document.querySelectorAll('[data-sweep-run]')).toHaveLength(2);
  });

  it('queues what is filled in, the service defaulting the rest, and opens the new run', async () => {
    const queued: BacktestRun = {
      ...RUN_RUNNING,
      id: 'eeeeeeee-0000-4000-8000-000000000005',
      status: 'queued',
      label: 'test run',
    };
    onPost = () => {
      runs = [queued, ...runs];
      return { status: 202, body: { run: queued } };
    };
    show();
    fireEvent.click(await screen.findByRole('checkbox', { name: 'RSI_Strategy' }));
    expect((screen.getByLabelText('Symbols') as HTMLInputElement).value).toBe('BTC/USDC,BTC/USDT');
    expect((screen.getByLabelText('Source') as HTMLSelectElement).value).toBe('files');
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2023-03-12' } });
    fireEvent.change(screen.getByLabelText('To (exclusive)'), { target: { value: '2023-03-13' } });
    fireEvent.change(screen.getByLabelText('Fee rate'), { target: { value: '0.00075' } });
    fireEvent.change(screen.getByLabelText('Stop loss'), { target: { value: '2%' } });
    fireEvent.change(screen.getByLabelText('Label'), { target: { value: 'test run' } });
    fireEvent.change(screen.getByLabelText('Other settings'), {
      target: { value: 'RSI_WINDOW=10\n# walk\nSYNTHETIC_COUNT=5000' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Queue backtest' }));

    await waitFor(() => expect(new URLSearchParams(window.location.search).get('run')).toBe(queued.id));
    expect(posts()).toHaveLength(1);
    expect(posts()[0]!.url).toBe('/api/backtest/backtests');
    expect(JSON.parse(posts()[0]!.body!)).toEqual({
      source: 'files',
      symbols: ['BTC/USDC', 'BTC/USDT'],
      strategies: ['RSI_Strategy'],
      from: '2023-03-12',
      to: '2023-03-13',
      label: 'test run',
      settings: { RSI_WINDOW: '10', SYNTHETIC_COUNT: '5000', FEE_RATE: '0.00075', STOP_LOSS: '2%' },
    });
    await waitFor(() => expect(row(queued)?.getAttribute('data-status')).toBe('queued'));
    expect((within(row(queued)).getByRole('radio') as HTMLInputElement).checked).toBe(true);
  });

  it("shows the service's 400 next to the form and under the field it names, and opens nothing", async () => {
    const message = 'FEE_RATE must be a decimal number from 0 to 0.1 (got "lots")';
    onPost = () => ({ status: 400, body: { error: message } });
    show();
    const fee = screen.getByLabelText('Fee rate');
    fireEvent.change(fee, { target: { value: 'lots' } });
    fireEvent.click(screen.getByRole('button', { name: 'Queue backtest' }));
    expect((await screen.findByRole('alert', { name: 'backtest refused' })).textContent).toBe(message);
    expect(fee.getAttribute('aria-invalid')).toBe('true');
    expect(describedBy(fee)).toContain(message);
    expect(window.location.search).toBe('');
    // The field's error goes once it is edited; the form's message stays until the next answer.
    fireEvent.change(fee, { target: { value: '0.001' } });
    expect(fee.getAttribute('aria-invalid')).toBe('false');

    onPost = () => ({
      status: 400,
      body: {
        error: 'invalid backtest request: symbols.0 must be a symbol like "BTC/USDC"',
        details: [{ field: 'symbols.0', message: 'must be a symbol like "BTC/USDC"' }],
      },
    });
    fireEvent.change(screen.getByLabelText('Symbols'), { target: { value: 'BTCUSDC' } });
    fireEvent.click(screen.getByRole('button', { name: 'Queue backtest' }));
    await waitFor(() => expect(screen.getByLabelText('Symbols').getAttribute('aria-invalid')).toBe('true'));
    expect(describedBy(screen.getByLabelText('Symbols'))).toContain('must be a symbol like "BTC/USDC"');
  });

  it('sends nothing while the other settings are not KEY=VALUE lines', async () => {
    show();
    const other = screen.getByLabelText('Other settings');
    fireEvent.change(other, { target: { value: 'RSI_WINDOW 10' } });
    fireEvent.click(screen.getByRole('button', { name: 'Queue backtest' }));
    await waitFor(() => expect(other.getAttribute('aria-invalid')).toBe('true'));
    expect(describedBy(other)).toContain('line 1: "RSI_WINDOW 10" is not KEY=VALUE');
    expect(posts()).toHaveLength(0);
  });
});

describe('backtest page: the runs', () => {
  it('lists the runs with their progress and headline figures per quote currency, every 2 s while one runs', async () => {
    show();
    await waitFor(() => expect(row(RUN_A)).toBeTruthy());
    const bar = within(row(RUN_RUNNING)).getByRole('progressbar');
    expect([bar.getAttribute('aria-valuenow'), bar.getAttribute('aria-valuemax')]).toEqual(['5040', '20160']);
    expect(row(RUN_RUNNING).textContent).toContain('5,040 / 20,160 candles');
    const a = row(RUN_A).textContent!;
    for (const text of [
      'RSI 10',
      'files',
      'worker-a',
      '+123.46USDC',
      '-5.50USDT',
      '1.23 %',
      '-0.06 %',
      '1.00 %',
      '1.80',
      '12',
    ])
      expect(a).toContain(text);
    expect(row(RUN_FAILED).getAttribute('data-status')).toBe('failed');

    const before = listGets();
    await waitFor(() => expect(listGets()).toBeGreaterThan(before), { timeout: 3_000 });
    runs = runs.map((r) => (r.id === RUN_RUNNING.id ? { ...r, status: 'done' } : r));
    await waitFor(() => expect(row(RUN_RUNNING).getAttribute('data-status')).toBe('done'), { timeout: 3_000 });
    // Nothing under way: back to the 10 s refresh.
    const settled = listGets();
    await new Promise((r) => setTimeout(r, 2_500));
    expect(listGets()).toBe(settled);
  });

  it('compares runs side by side: the settings that differ, then the headline figures per quote currency', async () => {
    show();
    fireEvent.click(await screen.findByRole('checkbox', { name: 'compare RSI 10' }));
    expect(screen.getByText('Tick a second run to compare it with RSI 10.')).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox', { name: 'compare RSI 14' }));
    const table = within(document.getElementById('panel-backtest-compare')!);
    const heads = document.querySelectorAll('#panel-backtest-compare thead th');
    expect([...heads].map((h) => h.textContent)).toEqual(['Run', 'RSI 10', 'RSI 14']);
    const cells = (name: string) =>
      [...document.querySelectorAll(`#panel-backtest-compare tr[data-row="${name}"] td`)].map((td) => td.textContent);
    expect(cells('RSI_WINDOW')).toEqual(['10', '14']);
    expect(cells('STOP_LOSS')).toEqual(['2%', 'default']);
    expect(cells('FEE_RATE')).toEqual([]);
    expect(table.getByText('In USDC')).toBeTruthy();
    expect(cells('Max drawdown')).toEqual(['1.00 %', '3.25 %', '0.40 %', '0.10 %']);
    expect(cells('Net profit').slice(0, 2)).toEqual(['+123.46USDC', '+50.00USDC']);
    expect(new URLSearchParams(window.location.search).get('compare')).toBe(`${RUN_A.id},${RUN_B.id}`);
  });

  it('says why a run failed', async () => {
    window.history.replaceState(null, '', `/backtest?run=${RUN_FAILED.id}`);
    show();
    expect((await screen.findByText(/The run failed/)).textContent).toBe('The run failed: cannot read REPLAY_DIR');
    expect(document.getElementById('panel-backtest-equity')).toBeNull();
  });
});

describe('backtest page: one run', () => {
  it('shows its metric cards per quote currency, the equity with its drawdown, the per-strategy and per-pair tables', async () => {
    window.history.replaceState(null, '', `/backtest?run=${RUN_A.id}`);
    show();
    await screen.findByRole('article', { name: 'results in USDC' });
    expect(screen.getByRole('article', { name: 'results in USDT' })).toBeTruthy();
    const expected: [string, string][] = [
      ['net-profit', '+123.46USDC'],
      ['total-return', '1.23 %'],
      ['buy-and-hold', '-2.50 %'],
      ['cagr', '88.10 %'],
      ['sharpe', '1.80'],
      ['sortino', '2.45'],
      ['calmar', '88.10'],
      ['max-drawdown', '1.00 %'],
      ['max-drawdown-duration', '2h 0m'],
      ['win-rate', '58.3 %'],
      ['profit-factor', '1.75'],
      ['expectancy', '+10.29USDC'],
      ['exposure', '41.2 %'],
      ['fees', '2.40USDC'],
      ['fees-of-gross', '1.3 %'],
      ['trades', '12'],
    ];
    for (const [name, text] of expected) expect([name, figure('USDC', name)]).toEqual([name, text]);

    // The equity in USDC and, in the pane below, its drawdown from the peak so far.
    await waitFor(() => expect(document.querySelector('[data-equity-points="4"]')).toBeTruthy());
    const chart = charts.find((c) => c.container.hasAttribute('data-equity-points'))!;
    const [equity, drawdown] = chart.series;
    expect(equity!.points.map((p) => p.value)).toEqual([10000, 10100, 9999, 10123.456]);
    expect(drawdown!.pane).toBe(1);
    expect(drawdown!.points.map((p) => Number(p.value!.toFixed(6)))).toEqual([0, 0, -1, 0]);
    expect(chart.container.getAttribute('aria-label')).toContain('deepest 1.00 %');

    const strategy = document.querySelector('#panel-backtest-strategies tr[data-group="RSI_Strategy"]')!.textContent!;
    for (const text of [
      'RSI_Strategy',
      'USDC',
      '12',
      '58.3 %',
      '0.35 %',
      '+123.46USDC',
      '2.40USDC',
      '1h 30m',
      'signal 9 · stop loss 3',
    ])
      expect(strategy).toContain(text);
    expect(document.querySelector('#panel-backtest-pairs tr[data-group="BTC/USDC"]')).toBeTruthy();
  });

  it('pages through its trades and marks the trades of a window of its own candles on them', async () => {
    window.history.replaceState(null, '', `/backtest?run=${RUN_A.id}`);
    show();
    const trades = () => document.querySelectorAll('#panel-backtest-trades tbody tr');
    await waitFor(() => expect(trades()).toHaveLength(25));
    const pages = screen.getByRole('navigation', { name: 'trades pages' });
    expect(pages.textContent).toContain(`Page 1 of 2 · ${TRADE_COUNT} trades`);
    fireEvent.click(within(pages).getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(trades()).toHaveLength(5));
    expect(new URLSearchParams(window.location.search).get('tp')).toBe('2');
    expect(fake.calls.some((c) => c.url === `/api/backtest/backtests/${RUN_A.id}?page=2&limit=25`)).toBe(true);

    // 300 candles from the run's start; the trades made on them (seq 1 to 29, every 10 minutes), entries
    // below, exits above saying why (X: the strategy's SELL).
    await waitFor(() => expect(screen.getByTestId('backtest-marks').textContent).toContain('29 trades marked'));
    const candles = charts.flatMap((c) => c.series).find((s) => s.type === 'Candlestick')!;
    expect(candles.points).toHaveLength(300);
    const markers = candles.markers as { position: string; text: string }[];
    expect(markers).toHaveLength(29);
    expect(markers.slice(0, 2).map((m) => [m.position, m.text])).toEqual([
      ['belowBar', 'B'],
      ['aboveBar', 'X'],
    ]);
    expect(
      fake.calls.some((c) => c.url === `/api/backtest/backtests/${RUN_A.id}/candles?symbol=BTCUSDC&limit=300`),
    ).toBe(true);
    const earlier = screen.getByRole('button', { name: 'Earlier' }) as HTMLButtonElement;
    expect(earlier.disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Later' }));
    const later = new Date(T0 + 300 * 60_000).toISOString();
    await waitFor(() => expect(fake.calls.at(-1)!.url).toContain(`from=${encodeURIComponent(later)}`));
    await waitFor(() => expect(earlier.disabled).toBe(false));
  });
});
