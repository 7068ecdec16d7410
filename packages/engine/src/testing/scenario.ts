import { dec, toPlain, type Decimal } from '@roottrading/accounting';
import type { Side } from '@roottrading/contracts';
import type { CandleEvent } from '../core/events.js';
import type { EngineOutput } from '../core/outputs.js';
import type { EngineConfig, EngineSignal } from '../core/types.js';
import type { MarketRules } from '../markets/market-rules.js';
import type { ProtectionRequest } from '../protection/entry-protection.js';

/** Test support: a small account and candles built from plain numbers. */
export const MINUTE = 60_000;
export const T0 = Date.UTC(2024, 0, 1);

const market = (symbol: string): MarketRules => {
  const [base, quote] = symbol.split('/') as [string, string];
  return { symbol, base, quote, tickSize: dec('0.01'), stepSize: dec('0.00001'), minNotional: dec('5') };
};

export function testConfig(over: Partial<EngineConfig> = {}): EngineConfig {
  const symbols = over.symbols ?? ['BTC/USDC', 'BTC/USDT'];
  return {
    symbols,
    intervalMs: MINUTE,
    markets: new Map(symbols.map((s) => [s, market(s)])),
    costs: { feeRate: dec('0.001'), slippage: dec('0.0005'), feeAsset: 'quote' },
    limits: {
      maxExposurePct: dec(0),
      maxOpenPositions: 0,
      sizing: { mode: 'fixed', fixedQuantity: dec(1), equityPct: dec(10), riskPerTradePct: dec(1) },
    },
    lossLimits: { dailyLossPct: dec(0), maxDrawdownPct: dec(0) },
    killSwitchClosePositions: false,
    signalMaxAgeMs: 5 * MINUTE,
    priceMaxAgeMs: 3 * MINUTE,
    startingBalances: new Map([
      ['USDC', dec(10_000)],
      ['USDT', dec(10_000)],
    ]),
    execution: 'paper',
    ...over,
  };
}

export interface CandleSpec {
  symbol?: string;
  /** Minutes after T0. */
  minute: number;
  open: number | string;
  high: number | string;
  low: number | string;
  close: number | string;
  signals?: { strategy?: string; side: Side; protection?: ProtectionRequest }[];
  /** When the runner handles it, ms after the close (signal expiry); 0 by default. */
  lateBy?: number;
}

export function candle(spec: CandleSpec): CandleEvent {
  const symbol = spec.symbol ?? 'BTC/USDC';
  const openTime = T0 + spec.minute * MINUTE;
  const closeTime = openTime + MINUTE - 1;
  const signals: EngineSignal[] = (spec.signals ?? []).map((s, i) => ({
    id: `${s.strategy ?? 'rsi'}:${symbol}:${openTime}:${i}`,
    strategy: s.strategy ?? 'rsi',
    symbol,
    side: s.side,
    candleOpenTime: openTime,
    ...(s.protection ? { protection: s.protection } : {}),
  }));
  return {
    type: 'candle',
    at: closeTime + (spec.lateBy ?? 0),
    candle: {
      symbol,
      openTime,
      closeTime,
      open: dec(spec.open),
      high: dec(spec.high),
      low: dec(spec.low),
      close: dec(spec.close),
    },
    signals,
  };
}

/** A flat candle at one price. */
export const flat = (minute: number, price: number | string, extra: Partial<CandleSpec> = {}): CandleEvent =>
  candle({ minute, open: price, high: price, low: price, close: price, ...extra });

export const at = (minute: number, ms = 0): number => T0 + minute * MINUTE + ms;

/** Outputs with every Decimal as plain text, for comparing and reading. */
export function plain(outputs: readonly unknown[]): unknown[] {
  return outputs.map((o) => normalise(o));
}

function normalise(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (isDecimal(v)) return toPlain(v);
  if (Array.isArray(v)) return v.map(normalise);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalise(x)]));
  return v;
}

function isDecimal(v: unknown): v is Decimal {
  return !!v && typeof v === 'object' && typeof (v as Decimal).toFixed === 'function' && 'd' in (v as object);
}

export function ofType<T extends EngineOutput['type']>(
  outputs: readonly EngineOutput[],
  type: T,
): Extract<EngineOutput, { type: T }>[] {
  return outputs.filter((o): o is Extract<EngineOutput, { type: T }> => o.type === type);
}

/** The trades among outputs. */
export const trades = (outputs: readonly EngineOutput[]) => ofType(outputs, 'trade').map((o) => o.trade);
