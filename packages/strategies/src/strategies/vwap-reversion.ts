import { z } from 'zod';
import { int, num } from '@roottrading/config';
import { intervalToMs, type Side } from '@roottrading/contracts';
import { ExponentialMovingAverage } from '../indicators/ema.js';
import { SessionVwap } from '../indicators/vwap.js';
import { timeframeField } from '../timeframes/timeframes.js';
import { exponentialWarmup } from './crossing.js';
import { defineStrategy, type Bar, type TimeframeView } from './types.js';

const DAY_MS = 86_400_000;
const BANDS = ['std', 'percent'] as const;

const paramsSchema = z
  .object({
    /** How far under the VWAP a close must be: standard deviations, or a percentage of the VWAP. */
    VWAP_DEVIATION: num(2, 0.01, 20),
    VWAP_BAND: z
      .string()
      .trim()
      .toLowerCase()
      .default('std')
      .pipe(z.enum(BANDS, { message: `must be ${BANDS.join(' or ')}` })),
    // Its own timeframe first: a bad primary timeframe is reported under the first *_TIMEFRAME key.
    VWAP_TIMEFRAME: timeframeField('1m'),
    VWAP_TREND_EMA: int(20, 1, 10_000),
    VWAP_TREND_TIMEFRAME: timeframeField('15m'),
  })
  .refine((env) => intervalToMs(env.VWAP_TREND_TIMEFRAME) > intervalToMs(env.VWAP_TIMEFRAME), {
    path: ['VWAP_TREND_TIMEFRAME'],
    message: 'must be longer than VWAP_TIMEFRAME',
  })
  .transform((env) => ({
    deviation: env.VWAP_DEVIATION,
    band: env.VWAP_BAND,
    trendPeriod: env.VWAP_TREND_EMA,
    trendTimeframe: env.VWAP_TREND_TIMEFRAME,
    timeframe: env.VWAP_TIMEFRAME,
  }));

type VwapReversionParams = z.output<typeof paramsSchema>;

/**
 * A scalper: mean reversion to the session VWAP (reset at 00:00 UTC) in an uptrend. BUY when a
 * close is more than VWAP_DEVIATION volume-weighted standard deviations (VWAP_BAND=percent: that
 * percentage of the VWAP) under the VWAP while the EMA of the VWAP_TREND_TIMEFRAME closes (15m) is
 * rising; SELL, after a BUY, when a close is back at or over the VWAP. In σ, a session with no
 * spread yet (its first trade, or a flat one) has no band and never BUYs. The trend is the latest closed higher bar's, so it never looks ahead.
 */
export const vwapReversionStrategy = defineStrategy<VwapReversionParams>({
  name: 'VWAP_Reversion',
  protectionPrefix: 'VWAP',
  description: 'close k σ under the session VWAP in a rising 15m EMA (BUY); back at the VWAP (SELL)',
  paramsSchema,
  // A whole session, so the VWAP after a restart is the unbroken run's.
  warmupCandles: (p) => DAY_MS / intervalToMs(p.timeframe) + 1,
  timeframes: (p) => ({
    primary: p.timeframe,
    reads: [{ timeframe: p.trendTimeframe, bars: exponentialWarmup(p.trendPeriod) + 1 }],
  }),
  create(params) {
    const vwap = new SessionVwap();
    const ema = new ExponentialMovingAverage(params.trendPeriod);
    let trendBarStart: number | undefined;
    let previousEma: number | undefined;
    let close: number | undefined;
    let lower: number | undefined;
    let holding = false;
    const band = (vwapNow: number, stdDev: number) => {
      if (params.band === 'percent') return vwapNow * (1 - params.deviation / 100);
      return stdDev > 0 ? vwapNow - params.deviation * stdDev : undefined;
    };
    /** Feeds the trend EMA each higher bar once, when it first shows in the view. */
    const followTrend = (view: TimeframeView) => {
      const trendBar = view.closed(params.trendTimeframe);
      if (trendBar === undefined || trendBar.startTime === trendBarStart) return;
      trendBarStart = trendBar.startTime;
      previousEma = ema.value;
      ema.update(trendBar.close);
    };
    return {
      update(bar: Bar, view: TimeframeView): Side | null {
        followTrend(view);
        close = bar.close;
        const now = vwap.update(bar);
        lower = now === undefined ? undefined : band(now.vwap, now.stdDev);
        const rising = ema.value !== undefined && previousEma !== undefined && ema.value > previousEma;
        if (!holding && rising && lower !== undefined && bar.close < lower) {
          holding = true;
          return 'BUY';
        }
        if (holding && now !== undefined && bar.close >= now.vwap) {
          holding = false;
          return 'SELL';
        }
        return null;
      },
      metadata: () => ({
        close: close ?? null,
        vwap: vwap.value?.vwap ?? null,
        stdDev: vwap.value?.stdDev ?? null,
        lowerBand: lower ?? null,
        trendEma: ema.value ?? null,
        previousTrendEma: previousEma ?? null,
        ...params,
      }),
    };
  },
});
