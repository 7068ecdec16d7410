import { afterEach, describe, expect, it } from '@jest/globals';
import { waitFor } from '@roottrading/testing';
import type { Trader } from '../service.js';
import { createHarness, makeSignal, plain, type Harness } from '../testing/harness.js';

/** Each rule of the risk manager refusing an entry: recorded on the order, and a 422 for a manual one. */
const open: Harness[] = [];
async function world(env: Record<string, string>): Promise<{ h: Harness; trader: Trader }> {
  const h = await createHarness('trader-risk', { SLIPPAGE: '0', FEE_RATE: '0', ...env });
  open.push(h);
  return { h, trader: await h.start() };
}

afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});

const orderOf = (h: Harness, signalId: string) =>
  waitFor(() => h.testDb.db.selectFrom('orders').selectAll().where('signal_id', '=', signalId).executeTakeFirst(), {
    what: `the order of ${signalId}`,
  });

async function freshPrice(h: Harness, trader: Trader, price: string) {
  await h.publishCandle('BTC/USDC', price);
  await waitFor(() => trader.prices.get('BTC/USDC')?.price.toFixed() === price, { what: 'the price' });
}

describe('max exposure per asset', () => {
  it('refuses a signal BUY that would put more than RISK_MAX_EXPOSURE_PCT of the quote portfolio in one asset', async () => {
    const { h } = await world({ DEMO_BALANCES: 'USDC=1000', TRADE_QUANTITY: '0.005' });
    const signal = makeSignal({ strategy: 'Heavy', price: '50000' });
    await h.sendSignals([signal]);
    // 0.005 × 50000 = 250 of a 1000 USDC portfolio
    expect(await orderOf(h, signal.id)).toMatchObject({
      status: 'rejected',
      quantity: '0.005000000000000000',
      reason: 'exposure to BTC would be 25% of the USDC portfolio (250 of 1000), above RISK_MAX_EXPOSURE_PCT 20',
    });
  });

  it('answers a manual BUY beyond it with a 422 and records the refusal', async () => {
    const { h, trader } = await world({ DEMO_BALANCES: 'USDC=1000' });
    await freshPrice(h, trader, '50000');
    expect((await h.post(trader, '/trade', { symbol: 'BTCUSDC', side: 'BUY', quantity: '0.004' })).status).toBe(201);
    // 200 held + 0.0005 × 50000 = 225 of 1000
    const res = await h.post(trader, '/trade', { symbol: 'BTCUSDC', side: 'BUY', quantity: '0.0005' });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: string; order: { id: string; status: string } };
    expect(body.error).toBe(
      'exposure to BTC would be 22.5% of the USDC portfolio (225 of 1000), above RISK_MAX_EXPOSURE_PCT 20',
    );
    const row = await h.testDb.db.selectFrom('orders').selectAll().where('id', '=', body.order.id).executeTakeFirst();
    expect(row).toMatchObject({ status: 'rejected', reason: body.error, strategy: 'manual' });
  });
});

describe('max open positions', () => {
  it('refuses a new position beyond RISK_MAX_OPEN_POSITIONS, and allows it again once one closes', async () => {
    const { h } = await world({ RISK_MAX_OPEN_POSITIONS: '2' });
    const [a, b, c] = ['A', 'B', 'C'].map((strategy) => makeSignal({ strategy }));
    for (const s of [a!, b!, c!]) await h.sendSignals([s]);
    expect((await orderOf(h, a!.id)).status).toBe('filled');
    expect((await orderOf(h, b!.id)).status).toBe('filled');
    expect(await orderOf(h, c!.id)).toMatchObject({
      status: 'rejected',
      reason: '2 positions are open, the most RISK_MAX_OPEN_POSITIONS allows (2)',
    });
    // Exits are never refused; after one, there is room again.
    const sell = makeSignal({ strategy: 'A', side: 'SELL' });
    const again = makeSignal({ strategy: 'C' });
    await h.sendSignals([sell]);
    await h.sendSignals([again]);
    expect(await orderOf(h, sell.id)).toMatchObject({ status: 'filled', exit_reason: 'signal' });
    expect((await orderOf(h, again.id)).status).toBe('filled');
  });
});

describe('position sizing', () => {
  it('risk: sizes from the stop (RISK_PER_TRADE_PCT of equity between entry and stop)', async () => {
    const { h } = await world({ DEMO_BALANCES: 'USDC=10000', POSITION_SIZING: 'risk', RISK_PER_TRADE_PCT: '1' });
    const sized = makeSignal({ strategy: 'Risky', price: '50000', stopLoss: '48000' });
    await h.sendSignals([sized]);
    // 1 % of 10000 = 100 at risk, 2000 per BTC → 0.05 BTC (2500 USDC, 25 %: above the 20 % exposure limit)
    expect(await orderOf(h, sized.id)).toMatchObject({
      status: 'rejected',
      quantity: '0.050000000000000000',
      reason: 'exposure to BTC would be 25% of the USDC portfolio (2500 of 10000), above RISK_MAX_EXPOSURE_PCT 20',
    });
    const wider = makeSignal({ strategy: 'Risky', price: '50000', stopLoss: '45000' });
    await h.sendSignals([wider]);
    // 100 / 5000 = 0.02 BTC
    expect(await orderOf(h, wider.id)).toMatchObject({ status: 'filled', quantity: '0.020000000000000000' });
  });

  it('risk: refuses an entry without a stop-loss, saying why', async () => {
    const { h } = await world({ POSITION_SIZING: 'risk' });
    const signal = makeSignal({ strategy: 'NoStop' });
    await h.sendSignals([signal]);
    expect(await orderOf(h, signal.id)).toMatchObject({
      status: 'rejected',
      reason: 'POSITION_SIZING=risk sizes an entry from its stop-loss, and this one has none',
    });
  });

  it('equity_pct: buys POSITION_EQUITY_PCT of the equity; manual orders keep their own quantity', async () => {
    const { h, trader } = await world({
      DEMO_BALANCES: 'USDC=10000',
      POSITION_SIZING: 'equity_pct',
      POSITION_EQUITY_PCT: '5',
    });
    const signal = makeSignal({ strategy: 'Share', price: '40000' });
    await h.sendSignals([signal]);
    // 5 % of 10000 = 500 at 40000 = 0.0125 BTC
    expect(await orderOf(h, signal.id)).toMatchObject({ status: 'filled', quantity: '0.012500000000000000' });
    await freshPrice(h, trader, '40000');
    const res = await h.post(trader, '/trade', { symbol: 'BTCUSDC', side: 'BUY', quantity: '0.001' });
    expect(((await res.json()) as { order: { quantity: string } }).order.quantity).toBe('0.001');
  });
});

describe('market rules', () => {
  it('still refuse an order below the minimum value after the risk manager', async () => {
    const { h } = await world({ TRADE_QUANTITY: '0.00001' });
    const signal = makeSignal({ strategy: 'Tiny', price: '50000' });
    await h.sendSignals([signal]);
    expect((await orderOf(h, signal.id)).reason).toBe('order value 0.5 USDC is below the minimum 5 USDC of BTC/USDC');
  });
});

describe('fees in the base asset (DEMO_FEE_ASSET=base), through the trader', () => {
  it('averages two buys, realizes a partial sell at average cost, and closes with the history row', async () => {
    const { h, trader } = await world({ DEMO_BALANCES: 'USDC=1000', FEE_RATE: '0.001', DEMO_FEE_ASSET: 'base' });
    const buy = async (price: string, quantity: string, side: 'BUY' | 'SELL' = 'BUY') => {
      await freshPrice(h, trader, price);
      const res = await h.post(trader, '/trade', { symbol: 'BTCUSDC', side, quantity });
      expect(res.status).toBe(201);
      return ((await res.json()) as { order: { fill: { fee: string; feeCurrency: string } } }).order;
    };
    const position = async () => {
      const p = await h.testDb.db
        .selectFrom('positions')
        .selectAll()
        .where('strategy', '=', 'manual')
        .executeTakeFirstOrThrow();
      return {
        quantity: plain(p.quantity),
        cost: plain(p.cost),
        fees: plain(p.fees),
        realized: plain(p.realized_gross),
      };
    };

    // 0.002 @ 20000: fee 0.000002 BTC (worth 0.04), 0.001998 received at a cost of 39.96
    expect((await buy('20000', '0.002')).fill).toMatchObject({ fee: '0.000002', feeCurrency: 'BTC' });
    // 0.001 @ 26000: fee 0.000001 BTC (worth 0.026), 0.000999 at 25.974 → 0.002997 at 65.934, average 22000
    await buy('26000', '0.001');
    expect(await position()).toEqual({ quantity: '0.002997', cost: '65.934', fees: '0.066', realized: '0' });

    // sell 0.00199 @ 23000 = 45.77, fee 0.04577 USDC; cost removed 0.00199 × 22000 = 43.78 → +1.99
    const sell = await buy('23000', '0.00199', 'SELL');
    expect(sell.fill).toMatchObject({ fee: '0.04577', feeCurrency: 'USDC' });
    expect(await position()).toEqual({ quantity: '0.001007', cost: '22.154', fees: '0.11177', realized: '1.99' });
    const trades = await h.testDb.db.selectFrom('trades').selectAll().orderBy('id').execute();
    expect(
      trades.map((t) => [t.side, plain(t.fee), t.fee_currency, plain(t.fee_quote), plain(t.realized_pnl)]),
    ).toEqual([
      ['BUY', '0.000002', 'BTC', '0.04', null],
      ['BUY', '0.000001', 'BTC', '0.026', null],
      ['SELL', '0.04577', 'USDC', '0.04577', '1.99'],
    ]);

    // 0.001 @ 21000: 21 − 22 = −1, fee 0.021. The 0.000007 left is below the 0.00001 step — it could
    // never be sold — so it is written off at its cost (0.154) and the position closes.
    await buy('21000', '0.001', 'SELL');
    const closed = await h.testDb.db.selectFrom('closed_positions').selectAll().executeTakeFirstOrThrow();
    expect({
      quantity: plain(closed.quantity),
      entry: plain(closed.entry_price),
      exit: plain(closed.exit_price),
      gross: plain(closed.gross_pnl),
      fees: plain(closed.fees),
      net: plain(closed.net_pnl),
      reason: closed.exit_reason,
    }).toEqual({
      quantity: '0.002997',
      entry: '22000',
      exit: '22331.103678929765886288', // proceeds 66.77 over the 0.00299 sold
      gross: '0.836', // 1.99 − 1 − 0.154
      fees: '0.13277',
      net: '0.70323',
      reason: 'manual',
    });
    const last = await h.testDb.db.selectFrom('trades').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(plain(last.realized_pnl)).toBe('-1.154');
    // cash = 1000 + gross 0.836 − fees 0.13277; the dust stays on the BTC balance
    const balance = async (asset: string) =>
      plain(
        (await h.testDb.db.selectFrom('demo_balances').selectAll().where('asset', '=', asset).executeTakeFirstOrThrow())
          .free,
      );
    expect([await balance('USDC'), await balance('BTC')]).toEqual(['1000.70323', '0.000007']);
  });
});
