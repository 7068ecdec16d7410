import { resolveSetup } from '@roottrading/backtest';
import { candleEventOf, TradingEngine } from '@roottrading/engine';
import { byOpenTime, loadReplayFiles } from '@roottrading/market-data';
import { SymbolAnalyzer } from '@roottrading/strategies';
import { MARKET_DATA_DIR } from '@roottrading/testing';
const r = resolveSetup({
  SYMBOLS: 'BTC/USDC,BTC/USDT',
  STOP_LOSS: '2%',
  TAKE_PROFIT: '3%',
  TRAILING_STOP: '1.5%',
  DEMO_BALANCES: 'USDC=10000000,USDT=10000000',
  RISK_MAX_OPEN_POSITIONS: '0',
  MAX_DRAWDOWN_PCT: '0',
  DAILY_LOSS_LIMIT_PCT: '0',
});
const files = await loadReplayFiles(MARKET_DATA_DIR, ['BTC/USDC', 'BTC/USDT'], '1m', 60000);
const candles = [...byOpenTime(files.series)].flat().map(({ series, candle }) => ({
  symbol: series.symbol,
  interval: '1m',
  startTime: candle.startTime,
  closeTime: candle.startTime + 59999,
  open: candle.open,
  high: candle.high,
  low: candle.low,
  close: candle.close,
  volume: candle.volume,
  source: 'replay',
}));
const events: any[] = [];
{
  const a = new Map(['BTC/USDC', 'BTC/USDT'].map((s) => [s, new SymbolAnalyzer(s, r.setup.strategies, 60000)]));
  for (const c of candles) {
    const o = a.get(c.symbol)!.analyze(c, c.closeTime);
    if (o.status !== 'seen') events.push(candleEventOf({ candle: c, signals: o.signals }));
  }
}
const t = process.hrtime.bigint();
for (let rep = 0; rep < 5; rep++) {
  const e = TradingEngine.create(r.setup.engine);
  for (const ev of events) e.step(ev);
}
console.log((Number(process.hrtime.bigint() - t) / 1e3 / events.length / 5).toFixed(2), 'µs/candle engine');
