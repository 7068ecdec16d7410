/**
 * End to end with protective exits on the real BTC/USDC minutes of March 2023 (the USDC de-peg):
 * every position is closed on the first candle that crosses its stop or target, at that level or at
 * the candle's open when it gapped past it, and the portfolio's PnL equals a recomputation from the
 * trades table.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { applyFill, dec, EMPTY_HOLDING, sum, type Decimal, type Holding } from '@roottrading/accounting';
import type { PnlResponse } from '@roottrading/contracts';
import type { TradeDbRow } from '@roottrading/db';
import { createTestDatabase, waitFor, type TestDatabase } from '@roottrading/testing';
import { startReplayStack, waitForReplayToSettle, type ReplayStack } from './replay-stack.js';

const TICK = '0.01';
let tdb: TestDatabase;
let stack: ReplayStack;
let services: ReplayStack['services'];
const count = async (q: () => Promise<{ n: string }>) => Number((await q()).n);

beforeAll(async () => {
  tdb = await createTestDatabase();
  // The kill switch would stop new entries part-way through the crash; this test is about exits.
  stack = await startReplayStack(tdb.url, 'BTC/USDC', {
    trader: { DAILY_LOSS_LIMIT_PCT: '0', MAX_DRAWDOWN_PCT: '0' },
    analyzer: { STOP_LOSS: '0.3%', TAKE_PROFIT: '0.6%' },
  });
  services = stack.services;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await tdb?.drop();
});

describe('protective exits on the real BTC/USDC data', () => {
  it('works through the whole replay', async () => {
    const { signals } = await waitForReplayToSettle(
      tdb.db,
      { gateway: services.gateway, analyzer: services.analyzer, trader: services.trader },
      30_240,
    );
    // The monitor acts on candles, the last of which may still be in hand.
    await waitFor(
      async () => {
        const h = (await (await fetch(services.trader.url('/health'))).json()) as { details: { candleTime?: string } };
        return (
          h.details.candleTime === '2023-03-21T23:59:00.000Z' || h.details.candleTime === '2023-03-21T23:59:59.999Z'
        );
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'the trader to see the last candle' },
    );
    // …and then settles: no new fill for a second.
    let last = -1;
    await waitFor(
      async () => {
        const n = await count(() =>
          tdb.db
            .selectFrom('trades')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow(),
        );
        const settled = n === last;
        last = n;
        return settled;
      },
      { timeoutMs: 60_000, intervalMs: 1_000, what: 'the trades to settle' },
    );
    expect(signals).toBeGreaterThan(100);
  }, 900_000);

  it('closes every position on the first candle that crosses its stop or target, at the level or the gapped open', async () => {
    const trades = await tdb.db.selectFrom('trades').selectAll().orderBy('id').execute();
    const signals = new Map((await tdb.db.selectFrom('signals').selectAll().execute()).map((s) => [s.id, s]));
    const candles = await tdb.db
      .selectFrom('candles')
      .selectAll()
      .where('symbol', '=', 'BTC/USDC')
      .orderBy('open_time')
      .execute();
    const reasons: Record<string, number> = {};
    for (const [i, entry] of trades.entries()) {
      if (entry.side !== 'BUY') continue;
      const signal = signals.get(entry.signal_id!)!;
      const meta = signal.metadata as { stopLoss?: string; takeProfit?: string };
      // The trader puts the analyzer's levels on the tick away from the market.
      const stop = dec(meta.stopLoss!).div(TICK).floor().mul(TICK);
      const target = dec(meta.takeProfit!).div(TICK).ceil().mul(TICK);
      const exit = trades
        .slice(i + 1)
        .find((t) => t.side === 'SELL' && t.strategy === entry.strategy && t.symbol === entry.symbol);
      const exitTime = exit ? exit.timestamp.getTime() : Infinity;
      let expected: { reason: string; price: string; time: number } | undefined;
      for (const c of candles) {
        if (c.open_time.getTime() <= signal.candle_time.getTime()) continue;
        if (c.close_time.getTime() > exitTime) break;
        const [open, high, low] = [dec(c.open), dec(c.high), dec(c.low)];
        const at = (reason: string, price: Decimal) => ({
          reason,
          price: price.toFixed(),
          time: c.close_time.getTime(),
        });
        if (open.lte(stop)) expected = at('stop_loss', open);
        else if (open.gte(target)) expected = at('take_profit', open);
        else if (low.lte(stop)) expected = at('stop_loss', stop);
        else if (high.gte(target)) expected = at('take_profit', target);
        if (expected) break;
      }
      const got = exit && {
        reason: exit.exit_reason!,
        price: dec(exit.price).toFixed(),
        time: exit.timestamp.getTime(),
      };
      if (expected) expect(got).toEqual(expected);
      else expect(got === undefined || got.reason === 'signal').toBe(true);
      reasons[got?.reason ?? 'open'] = (reasons[got?.reason ?? 'open'] ?? 0) + 1;
    }
    expect(reasons.stop_loss).toBeGreaterThan(10);
    expect(reasons.take_profit).toBeGreaterThan(10);
  });

  it('reports PnL per pair and strategy equal to a recomputation from the trades table', async () => {
    const trades = await tdb.db.selectFrom('trades').selectAll().where('demo', '=', true).orderBy('id').execute();
    const expected = recomputeRoundTrips(trades);
    const pnl = (await (await fetch(services.portfolio.url('/portfolio/pnl'))).json()) as PnlResponse;
    const pair = pnl.bySymbol.find((r) => r.symbol === 'BTC/USDC')!;
    const all = [...expected.values()].flat();
    expect(pair.trades).toBe(all.length);
    expect(pair.wins).toBe(all.filter((r) => r.net.gt(0)).length);
    expect(dec(pair.grossPnl).eq(sum(all.map((r) => r.gross)))).toBe(true);
    expect(dec(pair.fees).eq(sum(all.map((r) => r.fees)))).toBe(true);
    expect(dec(pair.netPnl).eq(sum(all.map((r) => r.net)))).toBe(true);
    for (const [strategy, rounds] of expected) {
      const row = pnl.byStrategy.find((r) => r.strategy === strategy)!;
      expect(row.trades).toBe(rounds.length);
      expect(dec(row.netPnl).eq(sum(rounds.map((r) => r.net)))).toBe(true);
    }
  });
});

interface RoundTrip {
  gross: Decimal;
  fees: Decimal;
  net: Decimal;
}

/** Closed round trips per strategy, at average cost, from the fills alone (fees in the quote currency). */
function recomputeRoundTrips(trades: TradeDbRow[]): Map<string, RoundTrip[]> {
  const open = new Map<string, { holding: Holding; gross: Decimal; fees: Decimal }>();
  const closed = new Map<string, RoundTrip[]>();
  for (const t of trades) {
    const key = `${t.strategy}|${t.symbol}`;
    const state = open.get(key) ?? { holding: EMPTY_HOLDING, gross: dec(0), fees: dec(0) };
    const effect = applyFill(state.holding, t.side, dec(t.quantity), dec(t.price));
    const next = {
      holding: effect.holding,
      gross: state.gross.plus(effect.realized ?? 0),
      fees: state.fees.plus(t.fee_quote ?? t.fee),
    };
    if (t.side === 'SELL' && next.holding.quantity.isZero()) {
      closed.set(t.strategy, [
        ...(closed.get(t.strategy) ?? []),
        { gross: next.gross, fees: next.fees, net: next.gross.minus(next.fees) },
      ]);
      open.delete(key);
    } else open.set(key, next);
  }
  return closed;
}
