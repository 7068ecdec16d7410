/**
 * `pnpm bench:backtest [--candles 1000000] [--strategies all|NAME] [--services]`
 *
 * The backtester in this process on the shared real files (BTC/USDC and BTC/USDT, 1m) repeated with
 * shifted times up to --candles, all three seed strategies, a 2 % stop, a 3 % target and a 1.5 %
 * trailing stop: candles per second (wall clock and CPU time) and peak RSS. The candles stream (the two files are held, the
 * repeats are made one batch at a time), so memory stays flat however long the run. With
 * --services, the same files once through the four services at MARKET_SPEED=max, and the ratio.
 */
import { parseArgs } from 'node:util';
import { Backtest, resolveSetup } from '@roottrading/backtest';
import type { Candle } from '@roottrading/contracts';
import { byOpenTime, loadReplayFiles } from '@roottrading/market-data';
import { MARKET_DATA_DIR } from '@roottrading/testing';
import { startReplayStack, waitForTraderToStep } from '../tests/e2e/replay-stack.js';
import { dropDatabase, freshDatabase } from './stack.js';

const { values: args } = parseArgs({
  options: {
    candles: { type: 'string', default: '1000000' },
    strategies: { type: 'string', default: 'all' },
    services: { type: 'boolean', default: false },
  },
});
const TOTAL = Number(args.candles);
if (!(TOTAL >= 1)) throw new Error('--candles must be a positive number');
const SYMBOLS = 'BTC/USDC,BTC/USDT';
const PROTECTION = { STOP_LOSS: '2%', TAKE_PROFIT: '3%', TRAILING_STOP: '1.5%' };
// The parity experiment's account (the determinism test's): 10,000 of each quote, default risk limits.
const TRADER = { DEMO_BALANCES: 'USDC=10000,USDT=10000', FEE_RATE: '0.001', SLIPPAGE: '0.0005' };
const MINUTE = 60_000;

const env = {
  SYMBOLS,
  ...PROTECTION,
  ...TRADER,
  ...(args.strategies === 'all' ? {} : { STRATEGIES: args.strategies }),
};
const resolved = resolveSetup(env);
const files = await loadReplayFiles(MARKET_DATA_DIR, resolved.settings.SYMBOLS, '1m', MINUTE);

/** The files' batches again and again, each pass shifted past the last, until TOTAL candles. */
function* repeated(): Generator<Candle[]> {
  const first = Math.min(...files.series.map((s) => s.candles[0]!.startTime));
  const last = Math.max(...files.series.map((s) => s.candles.at(-1)!.startTime));
  const span = last - first + MINUTE;
  let made = 0;
  for (let pass = 0; made < TOTAL; pass++) {
    const shift = pass * span;
    for (const due of byOpenTime(files.series)) {
      const batch = due.slice(0, TOTAL - made).map(({ series, candle }) => ({
        symbol: series.symbol,
        interval: '1m',
        startTime: candle.startTime + shift,
        closeTime: candle.startTime + shift + MINUTE - 1,
        open: candle.open,
        high: candle.high,
        low: candle.low,
        close: candle.close,
        volume: candle.volume,
        source: 'replay',
      }));
      made += batch.length;
      yield batch;
      if (made >= TOTAL) return;
    }
  }
}

const backtest = new Backtest(resolved.setup);
const started = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
for (const batch of repeated()) backtest.step(batch);
const run = backtest.finish();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
// The machine is shared: CPU time (this process's, user + system) says more than the wall clock then.
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const rate = run.candles / seconds;
const rssMb = process.resourceUsage().maxRSS / 1024;
const strategies = resolved.strategies.map((s) => s.name).join(', ');
console.log(`backtest: ${run.candles.toLocaleString('en-US')} candles of ${SYMBOLS}, ${strategies}, stops on`);
console.log(
  `  ${Math.round(rate).toLocaleString('en-US')} candles/s   ${run.recorder.trades.length.toLocaleString('en-US')} trades   ` +
    `${seconds.toFixed(2)} s   peak RSS ${rssMb.toFixed(0)} MB`,
);
console.log(
  `  ${Math.round(run.candles / cpuSeconds).toLocaleString('en-US')} candles per CPU second   ` +
    `${cpuSeconds.toFixed(2)} CPU s (stepping, all threads: the GC's too)`,
);

if (args.services) {
  const tdb = await freshDatabase('backtest');
  const candles = files.total;
  const stack = await startReplayStack(tdb.url, SYMBOLS, {
    trader: TRADER,
    analyzer: { ...PROTECTION, ...(args.strategies === 'all' ? {} : { STRATEGIES: args.strategies }) },
  });
  const t0 = process.hrtime.bigint();
  try {
    await waitForTraderToStep(stack.services.trader, candles);
  } finally {
    await stack.stop();
    await tdb.db.destroy();
    await dropDatabase(tdb.url);
  }
  const servicesRate = candles / (Number(process.hrtime.bigint() - t0) / 1e9);
  console.log(
    `services: the shared files (${candles.toLocaleString('en-US')} candles) at MARKET_SPEED=max: ` +
      `${Math.round(servicesRate).toLocaleString('en-US')} candles/s — the backtest is ${(rate / servicesRate).toFixed(0)}× faster`,
  );
}
