import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { dec, toPlain, type Decimal } from '@roottrading/accounting';
import type { BacktestTrade } from '@roottrading/contracts';
import { MARKET_DATA_DIR } from '@roottrading/testing';
import { backtestCommand } from './command.js';
import type { BacktestReport } from './report.js';

const dir = mkdtempSync(join(tmpdir(), 'rt-arena-'));

function arenaFile(looseBudget: string): string {
  const path = join(dir, `arena-${looseBudget}.yaml`);
  writeFileSync(
    path,
    `instances:
  - name: rsi-strict
    strategy: RSI_Strategy
    params: { RSI_OVERSOLD: 20, RSI_OVERBOUGHT: 80 }
    budget: { USDC: 5000, USDT: 5000 }
  - name: rsi-loose
    strategy: RSI_Strategy
    params: { RSI_OVERSOLD: 35, RSI_OVERBOUGHT: 65 }
    protections: { STOP_LOSS: 1%, TAKE_PROFIT: 1.5% }
    budget: { USDC: ${looseBudget} }
`,
  );
  return path;
}

async function arena(looseBudget: string): Promise<BacktestReport> {
  const env = { SYMBOLS: 'BTC/USDC,BTC/USDT', STRATEGIES_FILE: arenaFile(looseBudget), TRADE_QUANTITY: '0.001' };
  return (await backtestCommand(['--data', MARKET_DATA_DIR], env, { out: () => undefined }))!;
}

/** Each closed round trip's net result recomputed from the trades alone: sells − buys − fees, in the quote. */
function netFromTrades(trades: readonly BacktestTrade[]): Map<string, Decimal> {
  const open = new Map<string, { flow: Decimal; held: Decimal }>();
  const net = new Map<string, Decimal>();
  for (const t of trades) {
    const key = `${t.strategy} ${t.symbol}`;
    const o = open.get(key) ?? { flow: dec(0), held: dec(0) };
    const sign = t.side === 'BUY' ? -1 : 1;
    const flow = o.flow.plus(dec(t.quoteQuantity).mul(sign)).minus(t.feeQuote ?? t.fee);
    const held = o.held.plus(dec(t.quantity).mul(-sign));
    if (held.isZero()) {
      open.delete(key);
      net.set(t.strategy, (net.get(t.strategy) ?? dec(0)).plus(flow));
    } else open.set(key, { flow, held });
  }
  return net;
}

describe('an arena of two RSI instances over the shared files', () => {
  it('keeps each instance apart: its own trades, and a net PnL that a recomputation from its trades matches', async () => {
    const report = await arena('5000');
    const names = new Set(report.trades.map((t) => t.strategy));
    expect([...names].sort()).toEqual(['rsi-loose', 'rsi-strict']);
    // The loose one trades more often, and the strict one's exits are signals only (no protections of its own).
    const count = (s: string) => report.trades.filter((t) => t.strategy === s).length;
    expect(count('rsi-loose')).toBeGreaterThan(count('rsi-strict'));
    expect(report.trades.filter((t) => t.strategy === 'rsi-strict').every((t) => t.exitReason !== 'stop_loss')).toBe(
      true,
    );

    const recomputed = netFromTrades(report.trades);
    for (const name of names) {
      const closed = report.closedPositions.filter((p) => p.strategy === name);
      const booked = closed.reduce((sum, p) => sum.plus(p.netPnl), dec(0));
      expect(toPlain(booked)).toBe(toPlain(recomputed.get(name) ?? dec(0)));
      const group = report.summary.byStrategy.filter((g) => g.key === name);
      const reported = group.reduce((sum, g) => sum.plus(g.netProfit), dec(0));
      expect(toPlain(reported)).toBe(toPlain(booked));
    }
  });

  it('refuses the entries a budget cannot pay, and only that instance, only in that currency', async () => {
    // 0.001 BTC costs about 20–28 USDC in March 2023: a 10 USDC budget pays for none.
    const report = await arena('10');
    const loose = report.orders.filter(
      (o) => o.strategy === 'rsi-loose' && o.symbol === 'BTC/USDC' && o.side === 'BUY',
    );
    expect(loose.length).toBeGreaterThan(0);
    for (const o of loose) expect(o.reason).toMatch(/^the budget of rsi-loose has 10 USDC left/);
    expect(report.trades.some((t) => t.strategy === 'rsi-loose' && t.symbol === 'BTC/USDC')).toBe(false);
    // USDT has no budget for it: it trades there from the account as before.
    expect(report.trades.some((t) => t.strategy === 'rsi-loose' && t.symbol === 'BTC/USDT')).toBe(true);
    expect(report.trades.some((t) => t.strategy === 'rsi-strict' && t.symbol === 'BTC/USDC')).toBe(true);
  });
});
