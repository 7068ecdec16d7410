/**
 * The experiment, end to end: the real BTC/USDC and BTC/USDT minutes of March 2023 replayed
 * at max speed through the four services with a 2 % stop, a 3 % target and a 1.5 % trailing stop,
 * twice, each run into a fresh database. Both runs must give the same orders, trades and closed
 * positions, and the same as the engine fed the run's analysed-candle entries in one process — and
 * the same as `pnpm backtest` on the same files with the same settings: the contract between the
 * backtester and the trader (never weaken it to pass). The synthetic walk is held to it too, also
 * with the engine exits (swing stop, partial take-profit, time stop).
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { toPlain } from '@roottrading/accounting';
import { ANALYSED_FIELD, Bus } from '@roottrading/bus';
import { analysedCandleSchema, KEY } from '@roottrading/contracts';
import { candleEventOf, MarketSequencer, TradingEngine, type EngineTrade } from '@roottrading/engine';
import { createLogger } from '@roottrading/logger';
import {
  createTestDatabase,
  MARKET_DATA_DIR,
  silentLevel,
  TEST_REDIS_URL,
  type TestDatabase,
} from '@roottrading/testing';
import { engineConfigOf, loadMarkets, loadTraderConfig } from '@roottrading/trader';
import { startReplayStack, waitForTraderToStep } from './replay-stack.js';
import { backtestRecords, recordsOf } from './run-records.js';

const SYMBOLS = 'BTC/USDC,BTC/USDT';
const CANDLES = 2 * 30_240;
const TRADER = { DEMO_BALANCES: 'USDC=10000,USDT=10000', FEE_RATE: '0.001', SLIPPAGE: '0.0005' };
const ANALYZER = { STOP_LOSS: '2%', TAKE_PROFIT: '3%', TRAILING_STOP: '1.5%' };
const opened: TestDatabase[] = [];

afterAll(async () => {
  for (const t of opened) await t.drop();
});

/** One run into a fresh database: what it recorded, and the analysed-candle entries it stepped on. */
async function run(gateway: Record<string, string> = {}, candles = CANDLES, analyzer = ANALYZER) {
  const tdb = await createTestDatabase();
  opened.push(tdb);
  const stack = await startReplayStack(tdb.url, SYMBOLS, { trader: TRADER, analyzer, gateway });
  try {
    await waitForTraderToStep(stack.services.trader, candles);
  } finally {
    await stack.stop();
  }
  const bus = new Bus({ url: TEST_REDIS_URL, namespace: stack.namespace, logger: createLogger('e2e', silentLevel) });
  const raw = (await bus.redis.xrange(bus.key(KEY.analysedCandleStream), '-', '+')) as [string, string[]][];
  await bus.redis.del(bus.key(KEY.analysedCandleStream));
  await bus.close();
  const entries = raw.map(([, f]) => analysedCandleSchema.parse(JSON.parse(f[f.indexOf(ANALYSED_FIELD) + 1]!)));
  return { entries, ...(await recordsOf(tdb.db)) };
}

/** The same entries through the sequencer and the engine in this process, with the trader's settings. */
function inProcess(entries: ReturnType<typeof analysedCandleSchema.parse>[]) {
  const env = { ...TRADER, SYMBOLS, INTERVAL: '1m', SIGNAL_MAX_AGE: '1h' };
  const config = engineConfigOf(loadTraderConfig(env), loadMarkets(), 'paper');
  const engine = TradingEngine.create(config);
  const sequencer = new MarketSequencer(config.symbols, config.intervalMs);
  const trades: EngineTrade[] = [];
  const step = (events: ReturnType<typeof sequencer.push>) => {
    for (const e of events) for (const o of engine.step(e)) if (o.type === 'trade') trades.push(o.trade);
  };
  for (const entry of entries) step(sequencer.push(candleEventOf(entry)));
  step(sequencer.releaseThrough(Number.POSITIVE_INFINITY));
  return trades.map((t) => ({
    strategy: t.strategy,
    symbol: t.symbol,
    side: t.side,
    time: t.time,
    price: toPlain(t.price),
    quantity: toPlain(t.quantity),
    quote: toPlain(t.quoteQuantity),
    fee: toPlain(t.fee),
    feeCurrency: t.feeCurrency,
    feeQuote: t.feeQuote === null ? null : toPlain(t.feeQuote),
    role: t.role,
    realized: t.realizedPnl === null ? null : toPlain(t.realizedPnl),
    exitReason: t.exitReason,
    signalId: t.signalId,
  }));
}

/** `pnpm backtest` in this process with the stack's settings, as the services' records are compared. */
const backtest = (args: string[], env: Record<string, string> = {}) =>
  backtestRecords(args, { ...TRADER, ...ANALYZER, SYMBOLS, INTERVAL: '1m', SIGNAL_MAX_AGE: '1h', ...env });

describe('a max-speed replay through the services', () => {
  it('gives the same trades every time, and the same as the engine in one process', async () => {
    const first = await run();
    const second = await run();

    expect(first.trades.length).toBeGreaterThanOrEqual(1_000);
    const reasons = new Set(first.trades.map((t) => t.exitReason));
    // The 1.5 % trail starts above the 2 % stop, so the trail, not the stop, closes the losers.
    for (const r of ['signal', 'take_profit', 'trailing_stop']) expect(reasons).toContain(r);
    expect(first.orders.some((o) => o[4] === 'rejected')).toBe(true);

    expect(second.orders).toEqual(first.orders);
    expect(second.trades).toEqual(first.trades);
    expect(second.closed).toEqual(first.closed);
    expect(inProcess(first.entries)).toEqual(first.trades);

    // The backtester on the same files with the same settings: the very same records.
    const backtested = await backtest(['--data', MARKET_DATA_DIR]);
    expect(backtested.orders).toEqual(first.orders);
    expect(backtested.trades).toEqual(first.trades);
    expect(backtested.closed).toEqual(first.closed);
  }, 1_800_000);

  it('gives the trades of `pnpm backtest --synthetic` from the synthetic source with the same seed', async () => {
    const walk = { SYNTHETIC_SEED: '7', SYNTHETIC_COUNT: '4000', SYNTHETIC_VOLATILITY: '0.002' };
    const services = await run({ MARKET_SOURCE: 'synthetic', ...walk }, 2 * 4_000);
    const backtested = await backtest(['--synthetic'], walk);
    expect(services.trades.length).toBeGreaterThan(100);
    expect(backtested.orders).toEqual(services.orders);
    expect(backtested.trades).toEqual(services.trades);
    expect(backtested.closed).toEqual(services.closed);
  }, 600_000);

  it('holds with the engine exits too: a swing stop, a partial take-profit and a time stop', async () => {
    const walk = { SYNTHETIC_SEED: '7', SYNTHETIC_COUNT: '4000', SYNTHETIC_VOLATILITY: '0.002' };
    const exits = { ...ANALYZER, STOP_LOSS: 'swing', PARTIAL_TAKE_PROFIT: '50%@1%', TIME_STOP: '60' };
    const services = await run({ MARKET_SOURCE: 'synthetic', ...walk }, 2 * 4_000, exits);
    const backtested = await backtest(['--synthetic'], { ...walk, ...exits });
    const reasons = new Set(services.trades.map((t) => t.exitReason));
    for (const r of ['partial_take_profit', 'time_stop', 'stop_loss']) expect(reasons).toContain(r);
    expect(backtested.orders).toEqual(services.orders);
    expect(backtested.trades).toEqual(services.trades);
    expect(backtested.closed).toEqual(services.closed);
  }, 600_000);
});
