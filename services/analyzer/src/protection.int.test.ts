import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Bus } from '@roottrading/bus';
import { KEY, signalSchema, topics, type SettingsResponse, type Signal } from '@roottrading/contracts';
import { readMarketRows, replayCandles } from '@roottrading/strategies/test-support';
import { waitFor, type TestDatabase } from '@roottrading/testing';
import { numericText } from '@roottrading/db';
import type { AnalyzerService } from './service.js';
import { useAnalyzer } from './testing/analyzer-under-test.js';

const COUNT = 3_000;
const ENV = {
  STOP_LOSS: '2%',
  TAKE_PROFIT: '1.5atr',
  TRAILING_STOP: '1%',
  TRAILING_ACTIVATION: '0.5%',
  RSI_STOP_LOSS: '2atr',
  MA_TAKE_PROFIT: 'none',
};

let tdb: TestDatabase;
let bus: Bus;
let svc: AnalyzerService;

useAnalyzer('protection', ENV, (a) => ({ tdb, bus, svc } = a));

/** Textbook Wilder ATR(14) of the real candles, by index (undefined before the 15th). */
function textbookAtr(rows: ReturnType<typeof readMarketRows>, period = 14): (number | undefined)[] {
  const out: (number | undefined)[] = [];
  let sum = 0;
  let atr: number | undefined;
  rows.forEach((r, i) => {
    if (i === 0) return out.push(undefined);
    const [h, l, pc] = [Number(r.high), Number(r.low), Number(rows[i - 1]!.close)];
    const tr = Math.max(h - l, Math.abs(h - pc), Math.abs(l - pc));
    if (atr !== undefined) atr = (atr * (period - 1) + tr) / period;
    else if (i < period) sum += tr;
    else atr = (sum + tr) / period;
    return out.push(atr);
  });
  return out;
}

describe('analyzer with stops and targets on the real BTC/USDC candles', () => {
  const rows = readMarketRows('BTC/USDC').slice(0, COUNT);
  const atrAt = textbookAtr(rows);
  const indexOf = new Map(rows.map((r, i) => [r.openTime, i]));
  let signals: Signal[];

  beforeAll(async () => {
    const candles = replayCandles('BTC/USDC', COUNT);
    for (const c of candles) await bus.publish(topics.marketData(c.symbol), c);
    await waitFor(() => svc.stats().candlesProcessed === COUNT, { what: 'every candle analysed', timeoutMs: 20_000 });
    const entries = await bus.redis.xrange(bus.key(KEY.signalStream), '-', '+');
    // Parsed with the contract: what the trader will read.
    signals = entries.map(([, f]) => signalSchema.parse(JSON.parse(f[f.indexOf('signal') + 1]!)));
  }, 30_000);

  it('puts every strategy’s protections on its BUYs, at the configured distances', () => {
    const buys = signals.filter((s) => s.side === 'BUY');
    expect(new Set(buys.map((s) => s.strategy))).toEqual(
      new Set(['RSI_Strategy', 'SimpleMA_Cross', 'Bollinger_Bands']),
    );
    for (const s of buys) {
      const i = indexOf.get(s.timestamp)!;
      const close = Number(s.price);
      const atr = atrAt[i]!;
      expect(Math.abs((s.metadata.atr as number) - atr)).toBeLessThan(1e-9 * atr);
      // Stop: RSI 2 × ATR, the others 2 %; rounded down to 8 decimals.
      const stop = s.strategy === 'RSI_Strategy' ? close - 2 * atr : close * 0.98;
      expect(Number(s.stopLoss)).toBeLessThanOrEqual(stop + 1e-9);
      expect(Number(s.stopLoss)).toBeGreaterThan(stop - 1e-8 - 1e-9);
      // Target: 1.5 × ATR, none for SimpleMA_Cross (MA_TAKE_PROFIT=none).
      if (s.strategy === 'SimpleMA_Cross') expect(s.takeProfit).toBeUndefined();
      else expect(Math.abs(Number(s.takeProfit) - (close + 1.5 * atr))).toBeLessThan(1e-8 + 1e-9);
      expect(s.trailingStop).toEqual({ type: 'percent', value: '0.01', activation: '0.005' });
      expect(s.metadata).toMatchObject({ stopLoss: s.stopLoss!, trailingStopRule: '1%', atrWindow: 14 });
      expect(s.metadata).not.toHaveProperty('protectionNote');
    }
  });

  it('puts none on the SELLs (they are exits)', () => {
    const sells = signals.filter((s) => s.side === 'SELL');
    expect(sells.length).toBeGreaterThan(10);
    for (const s of sells) {
      expect([s.stopLoss, s.takeProfit, s.trailingStop]).toEqual([undefined, undefined, undefined]);
      expect(s.metadata).not.toHaveProperty('stopLossRule');
    }
  });

  it('stores the resolved protections with the signal, as the trader checks them, and in its metadata', async () => {
    const buy = signals.find((s) => s.side === 'BUY' && s.strategy === 'RSI_Strategy')!;
    const row = await tdb.db.selectFrom('signals').selectAll().where('id', '=', buy.id).executeTakeFirstOrThrow();
    expect([numericText(row.stop_loss!), numericText(row.take_profit!), row.trailing_stop]).toEqual([
      buy.stopLoss,
      buy.takeProfit,
      buy.trailingStop,
    ]);
    expect(row.metadata).toMatchObject({
      stopLossRule: '2atr',
      stopLoss: buy.stopLoss!,
      takeProfitRule: '1.5atr',
      takeProfit: buy.takeProfit!,
      trailingStopType: 'percent',
      trailingStopValue: '0.01',
      trailingActivation: '0.005',
    });
  });

  /** The rest of the view: no partial take-profit or time stop configured, the default windows. */
  const EXITS_OFF = { partialTakeProfit: null, timeStop: null, atrWindow: 14, swingStrength: 2 };

  it('lists each strategy’s protection on GET /strategies', async () => {
    const body = (await (await fetch(`http://127.0.0.1:${svc.port}/strategies`)).json()) as {
      strategies: { name: string; protection: Record<string, unknown>; warmupCandles: number }[];
    };
    expect(body.strategies.map((s) => [s.name, s.protection])).toEqual([
      [
        'RSI_Strategy',
        { stopLoss: '2atr', takeProfit: '1.5atr', trailingStop: '1%', trailingActivation: '0.5%', ...EXITS_OFF },
      ],
      [
        'SimpleMA_Cross',
        { stopLoss: '2%', takeProfit: null, trailingStop: '1%', trailingActivation: '0.5%', ...EXITS_OFF },
      ],
      [
        'Bollinger_Bands',
        { stopLoss: '2%', takeProfit: '1.5atr', trailingStop: '1%', trailingActivation: '0.5%', ...EXITS_OFF },
      ],
    ]);
    expect(body.strategies.every((s) => s.warmupCandles >= 142)).toBe(true);
  });

  it('shows its settings as parsed on GET /settings, with the strategies, parameters and protections it runs', async () => {
    const body = (await (await fetch(`http://127.0.0.1:${svc.port}/settings`)).json()) as SettingsResponse;
    expect(body.service).toBe('analyzer');
    expect(body.settings).toMatchObject({ INTERVAL: '1m', ANALYZER_PORT: 0 });
    expect(body.strategies?.map((s) => s.name)).toEqual(['RSI_Strategy', 'SimpleMA_Cross', 'Bollinger_Bands']);
    expect(body.strategies?.[0]).toEqual({
      name: 'RSI_Strategy',
      params: { window: 14, overbought: 70, oversold: 30 },
      protection: {
        stopLoss: '2atr',
        takeProfit: '1.5atr',
        trailingStop: '1%',
        trailingActivation: '0.5%',
        ...EXITS_OFF,
      },
    });
  });
});
