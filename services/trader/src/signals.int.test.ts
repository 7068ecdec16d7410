import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KEY, type AnalysedCandle } from '@roottrading/contracts';
import { candleEventOf, TradingEngine } from '@roottrading/engine';
import { waitFor } from '@roottrading/testing';
import { loadEngineState } from './ledger/load-state.js';
import { engineConfigOf, loadMarkets } from '@roottrading/trading-settings';
import { EngineRunner } from './runner/engine-runner.js';
import { PAPER_LEDGER } from './ledger/order-ids.js';
import type { Trader } from './service.js';
import { createHarness, makeSignal, plain, type Harness } from './testing/harness.js';

/** Signals reach the paper trader inside analysed-candle entries: one per candle, read from the durable stream. */
let h: Harness;
let trader: Trader;

beforeAll(async () => {
  h = await createHarness('trader-signals', { SYMBOLS: 'BTC/USDC,ETH/USDC' });
  trader = await h.start();
});

afterAll(async () => {
  await h?.close();
});

const ordersFor = (signalId: string) =>
  h.testDb.db.selectFrom('orders').selectAll().where('signal_id', '=', signalId).execute();
const tradesFor = (signalId: string) =>
  h.testDb.db.selectFrom('trades').selectAll().where('signal_id', '=', signalId).execute();
const waitForOrder = (signalId: string) =>
  waitFor(async () => (await ordersFor(signalId))[0], { what: `the order of signal ${signalId}` });
const balance = async (asset: string) => {
  const row = await h.testDb.db.selectFrom('demo_balances').selectAll().where('asset', '=', asset).executeTakeFirst();
  return row ? plain(row.free) : null;
};
const position = async (strategy: string, symbol = 'BTC/USDC') => {
  const row = await h.testDb.db
    .selectFrom('positions')
    .selectAll()
    .where('strategy', '=', strategy)
    .where('symbol', '=', symbol)
    .executeTakeFirst();
  return row ? { quantity: plain(row.quantity), cost: plain(row.cost) } : null;
};
/** Reads the next entries as consumer `name` would, leaving them pending in the group. */
const readAs = async (name: string) => {
  const reply = (await h.bus.redis.call(
    'XREADGROUP',
    'GROUP',
    KEY.signalGroup,
    name,
    'COUNT',
    '100',
    'STREAMS',
    h.analysed.streamKey,
    '>',
  )) as [string, [string, string[]][]][];
  return reply[0]![1];
};
/** What a trader killed between its commit and its XACK left behind: the entry stepped and committed. */
const commitAsCrashedTrader = async (entry: AnalysedCandle) => {
  const config = engineConfigOf(h.config(), loadMarkets(), 'paper');
  const engine = TradingEngine.create(config, await loadEngineState(h.testDb.db, config));
  const runner = new EngineRunner({ db: h.testDb.db, engine, logger: h.logger, scope: PAPER_LEDGER });
  await runner.run([candleEventOf(entry)]);
};

describe('signals from the durable stream', () => {
  it('turns a BUY into one order and one trade, with balances and position written with it', async () => {
    const signal = makeSignal({ strategy: 'Fill_Strategy', price: '50000' });
    const entry = await h.sendSignals([signal]);
    const order = await waitForOrder(signal.id);
    // The order is visible only once its transaction committed: everything else must be there already.
    const [trades, usdc, btc, pos] = await Promise.all([
      tradesFor(signal.id),
      balance('USDC'),
      balance('BTC'),
      position('Fill_Strategy'),
    ]);
    expect(order).toMatchObject({
      status: 'filled',
      side: 'BUY',
      strategy: 'Fill_Strategy',
      demo: true,
      reason: null,
    });
    expect(order.client_order_id).toMatch(/^rt-o\d+$/);
    expect(trades).toHaveLength(1);
    const trade = trades[0]!;
    expect({
      price: plain(trade.price),
      quantity: plain(trade.quantity),
      quote: plain(trade.quote_quantity),
      fee: plain(trade.fee),
      feeCurrency: trade.fee_currency,
      role: trade.role,
      status: trade.status,
      realized: trade.realized_pnl,
      orderId: trade.order_id,
      timestamp: trade.timestamp.getTime(),
    }).toEqual({
      price: '50025',
      quantity: '0.001',
      quote: '50.025',
      fee: '0.050025',
      feeCurrency: 'USDC',
      role: 'taker',
      status: 'FILLED',
      realized: null,
      orderId: order.id,
      timestamp: entry.candle.closeTime, // filled at the close of the candle that produced it
    });
    expect(usdc).toBe('9949.924975');
    expect(btc).toBe('0.001');
    expect(pos).toEqual({ quantity: '0.001', cost: '50.025' });
  });

  it('sells the whole position on SELL and stores the gross realized PnL on the trade', async () => {
    const buy = makeSignal({ strategy: 'RoundTrip', price: '40000' });
    const sell = makeSignal({ strategy: 'RoundTrip', side: 'SELL', price: '41000' });
    await h.sendSignals([buy]);
    await h.sendSignals([sell]);
    await waitForOrder(sell.id);
    const [trade] = await tradesFor(sell.id);
    // bought at 40020 (40000 × 1.0005), sold at 40979.5 (41000 × 0.9995), 0.001 BTC
    expect({ price: plain(trade!.price), realized: plain(trade!.realized_pnl) }).toEqual({
      price: '40979.5',
      realized: '0.9595',
    });
    expect(await position('RoundTrip')).toEqual({ quantity: '0', cost: '0' });
  });

  it('records a BUY while holding and a SELL while flat as rejected, trading nothing', async () => {
    const first = makeSignal({ strategy: 'Holder' });
    const again = makeSignal({ strategy: 'Holder' });
    const flatSell = makeSignal({ strategy: 'Flat', side: 'SELL' });
    await h.sendSignals([first]);
    await h.sendSignals([again, flatSell]);
    const [rejectedBuy, rejectedSell] = [await waitForOrder(again.id), await waitForOrder(flatSell.id)];
    expect(rejectedBuy).toMatchObject({ status: 'rejected' });
    expect(rejectedBuy.reason).toBe('Holder already holds 0.001 BTC of BTC/USDC; it buys again only when flat');
    expect(rejectedSell).toMatchObject({ status: 'rejected', reason: 'Flat holds no BTC of BTC/USDC to sell' });
    expect(await tradesFor(again.id)).toHaveLength(0);
    expect(await tradesFor(flatSell.id)).toHaveLength(0);
    expect(await position('Holder')).toEqual({ quantity: '0.001', cost: '50.025' });
  });

  it('records a signal older than SIGNAL_MAX_AGE as expired and trades nothing', async () => {
    // On live prices (a ccxt source) a signal's age runs from its candle's close to the wall clock:
    // an account of its own, as an account trades on one market's prices.
    const live = await createHarness('trader-signals-ccxt', { SYMBOLS: 'BTC/USDC,ETH/USDC' });
    try {
      await live.start();
      const signal = makeSignal({ strategy: 'Late', symbol: 'ETH/USDC', price: '3000' });
      const sevenMinutesAgo = Math.floor(Date.now() / 60_000) * 60_000 - 7 * 60_000;
      await live.sendSignals([signal], { startTime: sevenMinutesAgo, source: 'ccxt:binance' });
      const order = await waitFor(
        async () =>
          (await live.testDb.db.selectFrom('orders').selectAll().where('signal_id', '=', signal.id).execute())[0],
        { what: "the late signal's order" },
      );
      expect(order.status).toBe('expired');
      expect(order.reason).toMatch(/^signal is (3[6-9]\d|4[0-2]\d)s old; SIGNAL_MAX_AGE is 300s$/);
      const trades = await live.testDb.db.selectFrom('trades').selectAll().where('signal_id', '=', signal.id).execute();
      expect(trades).toHaveLength(0);
    } finally {
      await live.close();
    }
  });

  it('never steps candles of another market than the account trades on, and counts them on /health', async () => {
    const before = trader.intake.ignored;
    const usdcBefore = await balance('USDC');
    const signal = makeSignal({ strategy: 'OtherMarket', price: '50000' });
    await h.sendSignals([signal], { source: 'replay' });
    await h.drained();
    expect(trader.intake.ignored).toBe(before + 1);
    expect(await ordersFor(signal.id)).toHaveLength(0);
    expect(await balance('USDC')).toBe(usdcBefore);
    const recorded = await h.testDb.db.selectFrom('account_sources').selectAll().execute();
    expect(recorded.map((r) => [r.demo, r.source])).toEqual([[true, 'synthetic']]);
    const health = (await (await fetch(`http://127.0.0.1:${trader.port}/health`)).json()) as {
      details: { candleSource: unknown };
    };
    expect(health.details.candleSource).toEqual({ source: 'synthetic', ignored: { replay: 1 } });
  });

  it('rejects a BUY below the market minimum with the reason', async () => {
    const signal = makeSignal({ strategy: 'SmallEth', symbol: 'ETH/USDC', price: '3000' });
    await h.sendSignals([signal]);
    const order = await waitForOrder(signal.id);
    expect(order).toMatchObject({ status: 'rejected' });
    expect(order.reason).toBe('order value 3.0015 USDC is below the minimum 5 USDC of ETH/USDC');
  });

  it('steps no entry for a symbol that is not traded here, records nothing, and carries on', async () => {
    const stranger = makeSignal({ strategy: 'Elsewhere', symbol: 'SOL/USDC' });
    const before = trader.runner.stats.candlesRejected;
    await h.sendSignals([stranger]);
    await h.drained();
    expect(trader.runner.stats.candlesRejected).toBe(before + 1);
    expect(await ordersFor(stranger.id)).toHaveLength(0);
    const next = makeSignal({ strategy: 'AfterStranger' });
    await h.sendSignals([next]);
    expect((await waitForOrder(next.id)).status).toBe('filled');
  });

  it('gives one order when the same entry is appended twice', async () => {
    const signal = makeSignal({ strategy: 'Twice' });
    const entry = await h.sendSignals([signal]);
    await h.appendAnalysed(entry);
    await h.drained();
    expect(await ordersFor(signal.id)).toHaveLength(1);
    expect(await tradesFor(signal.id)).toHaveLength(1);
  });
});

describe('restarts and crashes', () => {
  it('gives one order when the analyzer appends an entry again after a restart', async () => {
    const signal = makeSignal({ strategy: 'Reemit' });
    const entry = await h.sendSignals([signal]);
    await waitForOrder(signal.id);
    await trader.stop();
    await h.appendAnalysed({ ...entry, signals: entry.signals.map((s) => ({ ...s, createdAt: Date.now() + 1 })) });
    trader = await h.start();
    await h.drained();
    expect(await ordersFor(signal.id)).toHaveLength(1);
    expect(trader.intake.skipped).toBe(1);
  });

  it('acknowledges, without a second order, an entry committed by a trader killed before its XACK', async () => {
    await trader.stop();
    // The state a SIGKILL between commit and XACK leaves: the entry read by our consumer name
    // (so it sits in the group's pending list) and its batch committed by the same runner code.
    const signal = makeSignal({ strategy: 'Killed' });
    const entry = await h.sendSignals([signal]);
    expect(await readAs('trader-1')).toHaveLength(1);
    await commitAsCrashedTrader(entry);
    expect(await h.analysed.lag()).toEqual({ pending: 1, undelivered: 0 });

    trader = await h.start();
    await h.drained();
    expect(await ordersFor(signal.id)).toHaveLength(1);
    expect(await tradesFor(signal.id)).toHaveLength(1);
    expect(trader.intake.skipped).toBe(1);
    expect(await h.analysed.lag()).toEqual({ pending: 0, undelivered: 0 });
  });

  it('reclaims an entry another consumer died holding, and still has one order', async () => {
    await trader.stop();
    const signal = makeSignal({ strategy: 'Orphan' });
    const entry = await h.sendSignals([signal]);
    await readAs('trader-crashed');
    await commitAsCrashedTrader(entry);

    trader = await h.start({ SIGNAL_CLAIM_IDLE_MS: '50' });
    await h.drained();
    expect(await ordersFor(signal.id)).toHaveLength(1);
    expect(trader.intake.skipped).toBe(1);
  });

  it('trades a pending entry that was never committed when it comes back', async () => {
    await trader.stop();
    const signal = makeSignal({ strategy: 'Uncommitted' });
    await h.sendSignals([signal]);
    await readAs('trader-1');
    expect(await ordersFor(signal.id)).toHaveLength(0);
    trader = await h.start();
    await h.drained();
    expect((await ordersFor(signal.id)).map((o) => o.status)).toEqual(['filled']);
  });
  it('trades on another market once the account is reset (the reset forgets its market)', async () => {
    const reset = await h.post(trader, '/account/reset', {});
    expect(reset.status).toBe(200);
    const signal = makeSignal({ strategy: 'AfterReset', price: '50000' });
    await h.sendSignals([signal], { source: 'replay' });
    expect((await waitForOrder(signal.id)).status).toBe('filled');
    const recorded = await h.testDb.db.selectFrom('account_sources').selectAll().execute();
    expect(recorded.map((r) => [r.demo, r.source])).toEqual([[true, 'replay']]);
  });
});
