import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@roottrading/testing';
import type { Trader } from './service.js';
import { createHarness, makeSignal, plain, type Harness } from './testing/harness.js';

/** STRATEGIES_FILE budgets through the paper trader: refused entries, results kept across a restart and cleared by a reset. */
const dir = mkdtempSync(join(tmpdir(), 'trader-budgets-'));
const file = join(dir, 'strategies.yaml');
writeFileSync(
  file,
  `instances:
  - name: rsi-small
    strategy: RSI_Strategy
    budget: { USDC: 30 }
  - name: rsi-free
    strategy: RSI_Strategy
`,
);

let h: Harness;
let trader: Trader;

beforeAll(async () => {
  h = await createHarness('trader-budgets', {
    STRATEGIES_FILE: file,
    TRADE_QUANTITY: '0.001',
    FEE_RATE: '0.001',
    SLIPPAGE: '0',
  });
  trader = await h.start();
});

afterAll(async () => {
  await h?.close();
});

const orderOf = (signalId: string) =>
  waitFor(
    async () => h.testDb.db.selectFrom('orders').selectAll().where('signal_id', '=', signalId).executeTakeFirst(),
    {
      what: `the order of signal ${signalId}`,
    },
  );
const results = () => h.testDb.db.selectFrom('instance_results').selectAll().execute();
const send = async (strategy: string, side: 'BUY' | 'SELL', price: string) => {
  const signal = makeSignal({ strategy, side, price });
  await h.sendSignals([signal]);
  return orderOf(signal.id);
};

describe('strategy instance budgets in the paper trader', () => {
  it('fills within the budget, books the closed result, and refuses an entry the rest cannot pay', async () => {
    // 0.001 × 20,000 = 20 (+ 0.02 fee) of 30; sold at 19,000: −1 − 0.02 − 0.019.
    expect((await send('rsi-small', 'BUY', '20000')).status).toBe('filled');
    expect((await send('rsi-small', 'SELL', '19000')).status).toBe('filled');
    await waitFor(async () => (await results()).length === 1, { what: 'the instance result row' });
    expect((await results()).map((r) => [r.strategy, r.quote, plain(r.net_pnl)])).toEqual([
      ['rsi-small', 'USDC', '-1.039'],
    ]);

    const refused = await send('rsi-small', 'BUY', '29000');
    expect(refused.status).toBe('rejected');
    expect(refused.reason).toBe(
      'the budget of rsi-small has 28.961 USDC left (budget 30, closed result -1.039, in use 0); this entry needs 29.029',
    );
    // An instance without a budget trades from the whole account.
    expect((await send('rsi-free', 'BUY', '29000')).status).toBe('filled');
  });

  it('resumes each budget after a restart, and a paper account reset starts it again', async () => {
    await trader.stop();
    trader = await h.start();
    expect((await send('rsi-small', 'BUY', '28970')).reason).toMatch(/^the budget of rsi-small has 28\.961 USDC left/);

    const reset = await h.post(trader, '/account/reset', {});
    expect(reset.status).toBe(200);
    await waitFor(async () => (await results()).length === 0, { what: 'the results cleared' });
    expect((await send('rsi-small', 'BUY', '28970')).status).toBe('filled');
  });

  it('refuses to start on a bad file, naming its line', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'instances:\n  - name: x\n    strategy: RSI_Strategy\n    budget: { USDC: 0 }\n');
    await expect(h.start({ STRATEGIES_FILE: bad })).rejects.toThrow(
      /STRATEGIES_FILE .*bad\.yaml:4: instances\.0\.budget\.USDC/,
    );
  });
});
