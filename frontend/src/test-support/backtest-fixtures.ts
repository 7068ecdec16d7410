import type { BacktestCandles, BacktestDetail, BacktestRun, BacktestTrade } from '@roottrading/contracts';
import type { BacktestGroup, BacktestMetrics, BacktestReportView } from '../api/types';

/** Backtest service answers for the page's component tests: two finished runs, one running, one failed. */

export const T0 = Date.UTC(2023, 2, 12);
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

function run(id: string, patch: Partial<BacktestRun> & { settings?: Record<string, string> }): BacktestRun {
  const { settings = {}, ...rest } = patch;
  return {
    id,
    status: 'done',
    label: null,
    request: { source: 'files', settings: { SYMBOLS: 'BTC/USDC,BTC/USDT', FEE_RATE: '0.001', ...settings } },
    progress: { done: 20_160, total: 20_160 },
    error: null,
    worker: 'worker-a',
    createdAt: iso(T0 + 3_600_000),
    startedAt: iso(T0 + 3_600_000),
    finishedAt: iso(T0 + 3_660_000),
    headline: null,
    ...rest,
  };
}

export const RUN_A = run('aaaaaaaa-0000-4000-8000-000000000001', {
  label: 'RSI 10',
  settings: { RSI_WINDOW: '10', STOP_LOSS: '2%' },
  headline: [
    { quote: 'USDC', netProfit: '123.456', totalReturnPct: 1.23456, maxDrawdownPct: 1, sharpe: 1.8, trades: 12 },
    { quote: 'USDT', netProfit: '-5.5', totalReturnPct: -0.055, maxDrawdownPct: 0.4, sharpe: -0.2, trades: 3 },
  ],
});
export const RUN_B = run('bbbbbbbb-0000-4000-8000-000000000002', {
  label: 'RSI 14',
  settings: { RSI_WINDOW: '14' },
  headline: [
    { quote: 'USDC', netProfit: '50', totalReturnPct: 0.5, maxDrawdownPct: 3.25, sharpe: 0.9, trades: 8 },
    { quote: 'USDT', netProfit: '1.25', totalReturnPct: 0.0125, maxDrawdownPct: 0.1, sharpe: 0.3, trades: 2 },
  ],
});
export const RUN_RUNNING = run('cccccccc-0000-4000-8000-000000000003', {
  status: 'running',
  progress: { done: 5_040, total: 20_160 },
  finishedAt: null,
});
export const RUN_FAILED = run('dddddddd-0000-4000-8000-000000000004', {
  status: 'failed',
  label: 'no files',
  error: 'cannot read REPLAY_DIR',
  progress: { done: 0, total: null },
});

function metrics(quote: string, netProfit: string, finalEquity: string): BacktestMetrics {
  return {
    quote,
    startingEquity: '10000',
    finalEquity,
    netProfit,
    totalReturnPct: 1.23456,
    buyAndHoldPct: -2.5,
    cagrPct: 88.1,
    sharpe: 1.8,
    sortino: 2.45,
    calmar: 88.1,
    maxDrawdownPct: 1,
    maxDrawdownDurationMs: 2 * 3_600_000,
    trades: 12,
    winRatePct: 58.333333,
    profitFactor: 1.75,
    expectancy: '10.288',
    avgWin: '30.5',
    avgLoss: '-18',
    exposurePct: 41.2,
    fees: '2.40012',
    feesOfGrossProfitPct: 1.3,
  };
}

/** 12 closed positions of a strategy or pair in USDC, 7 of them won. */
function group(key: string): BacktestGroup {
  return {
    key,
    quote: 'USDC',
    trades: 12,
    wins: 7,
    avgProfitPct: 0.35,
    netProfit: '123.456',
    grossProfit: '125.85612',
    fees: '2.40012',
    avgDurationMs: 90 * MIN,
    exitReasons: { signal: 9, stop_loss: 3 },
  };
}

export const REPORT: BacktestReportView = {
  config: {
    source: 'files data/sample',
    symbols: ['BTC/USDC', 'BTC/USDT'],
    strategies: ['RSI_Strategy'],
    strategySettings: [{ name: 'RSI_Strategy', params: { window: 14 }, protection: null }],
    interval: '1m',
    from: null,
    to: null,
    settings: { FEE_RATE: '0.001' },
  },
  candles: 20_160,
  signals: 40,
  candlesRefused: [],
  period: { from: iso(T0), to: iso(T0 + 7 * 86_400_000) },
  summary: {
    total: [metrics('USDC', '123.456', '10123.456'), metrics('USDT', '-5.5', '9994.5')],
    byStrategy: [group('RSI_Strategy')],
    bySymbol: [group('BTC/USDC')],
  },
  openPositions: [],
  counts: { orders: 30, trades: 24, closedPositions: 12, equity: 4 },
};

/** Hourly equity in USDC: up to a peak of 10100, down 1 % to 9999, then a new high. */
export const EQUITY = [
  ['10000', 0],
  ['10100', 1],
  ['9999', 2],
  ['10123.456', 3],
].map(([value, h]) => ({ quote: 'USDC', time: iso(T0 + Number(h) * 3_600_000), value: String(value) }));

export function trade(seq: number, patch: Partial<BacktestTrade> = {}): BacktestTrade {
  return {
    seq,
    strategy: 'RSI_Strategy',
    symbol: 'BTC/USDC',
    side: seq % 2 ? 'BUY' : 'SELL',
    time: iso(T0 + seq * 10 * MIN + MIN - 1),
    price: `${20000 + seq}.5`,
    quantity: '0.0005',
    quoteQuantity: '10.00025',
    fee: '0.01000025',
    feeCurrency: 'USDC',
    feeQuote: '0.01000025',
    role: 'taker',
    realizedPnl: seq % 2 ? null : '0.25',
    exitReason: seq % 2 ? null : 'signal',
    signalId: null,
    ...patch,
  };
}

export const TRADE_COUNT = 30;

export function detailOf(r: BacktestRun, q: { page: number; limit: number }): BacktestDetail {
  const all = Array.from({ length: TRADE_COUNT }, (_, i) => trade(i + 1));
  const done = r.status === 'done';
  return {
    run: r,
    report: done ? REPORT : null,
    trades: {
      items: done ? all.slice((q.page - 1) * q.limit, q.page * q.limit) : [],
      page: q.page,
      limit: q.limit,
      total: done ? TRADE_COUNT : 0,
      pages: done ? Math.ceil(TRADE_COUNT / q.limit) : 1,
    },
    equity: done ? EQUITY : [],
  };
}

/** `limit` one-minute candles from `from` (or the run's start), with the trades made on them. */
export function candlesOf(q: { from?: string; limit: number }): BacktestCandles {
  const start = q.from ? Date.parse(q.from) : T0;
  const candles = Array.from({ length: q.limit }, (_, i) => {
    const t = start + i * MIN;
    return {
      startTime: t,
      closeTime: t + MIN - 1,
      open: '20000',
      high: '20010.5',
      low: '19990',
      close: '20005',
      volume: '1.5',
    };
  });
  const end = start + q.limit * MIN;
  const trades = Array.from({ length: TRADE_COUNT }, (_, i) => trade(i + 1)).filter((t) => {
    const at = Date.parse(t.time);
    return at >= start && at < end;
  });
  return {
    symbol: 'BTC/USDC',
    interval: '1m',
    source: 'files data/sample',
    candles,
    next: new Date(end).toISOString(),
    trades,
  };
}
