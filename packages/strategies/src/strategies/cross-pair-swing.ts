import { z } from 'zod';
import { int, num, symbolList } from '@roottrading/config';
import { RelativeStrengthIndex } from '../indicators/rsi.js';
import { defineMultiSymbolStrategy, type CrossSection, type MultiSymbolDecision } from './multi-symbol-types.js';

/** One symbol, as SYMBOLS spells them. */
const oneSymbol = (fallback: string) =>
  symbolList(fallback).refine((list) => list.length === 1, { message: 'must name one symbol' });

const paramsSchema = z
  .object({
    CROSS_SWING_TARGET: oneSymbol('BTC/USDT'),
    CROSS_SWING_REFERENCE: oneSymbol('BTC/USDC'),
    CROSS_SWING_RSI_WINDOW: int(14, 2, 1_000),
    CROSS_SWING_OVERSOLD: num(30, 1, 99),
    CROSS_SWING_OVERBOUGHT: num(70, 1, 99),
    CROSS_SWING_FLAT_BARS: int(60, 1, 100_000),
    CROSS_SWING_FLAT_PCT: num(0.5, 0, 100),
  })
  .refine((env) => env.CROSS_SWING_TARGET[0] !== env.CROSS_SWING_REFERENCE[0], {
    path: ['CROSS_SWING_REFERENCE'],
    message: 'must be another symbol than CROSS_SWING_TARGET',
  })
  .refine((env) => env.CROSS_SWING_OVERSOLD < env.CROSS_SWING_OVERBOUGHT, {
    path: ['CROSS_SWING_OVERSOLD'],
    message: 'must be below CROSS_SWING_OVERBOUGHT',
  })
  .transform((env) => ({
    target: env.CROSS_SWING_TARGET[0]!,
    reference: env.CROSS_SWING_REFERENCE[0]!,
    window: env.CROSS_SWING_RSI_WINDOW,
    oversold: env.CROSS_SWING_OVERSOLD,
    overbought: env.CROSS_SWING_OVERBOUGHT,
    flatBars: env.CROSS_SWING_FLAT_BARS,
    flatPct: env.CROSS_SWING_FLAT_PCT,
  }));

type SwingParams = z.output<typeof paramsSchema>;

/**
 * One pair's dip while the market is calm: BUY the target when its RSI is below the oversold line and
 * the reference is flat (its absolute return over the last FLAT_BARS of its candles under FLAT_PCT),
 * SELL it when its RSI is above the overbought line. Each fires when its condition starts to hold,
 * not on every candle it goes on holding. A time without a reference candle is not flat (the market's
 * state then is unknown); one without a target candle changes nothing.
 */
export const crossPairSwingStrategy = defineMultiSymbolStrategy<SwingParams>({
  name: 'Cross_Pair_Swing',
  protectionPrefix: 'CROSS_SWING',
  description: "target's RSI oversold while the reference is flat (BUY), overbought (SELL)",
  paramsSchema,
  // Ten RSI windows make Wilder's smoothing forget its seed (as RSI_Strategy); the reference needs its bars.
  warmupCandles: (p) => Math.max(10 * p.window + 2, p.flatBars + 1),
  symbols(params, all) {
    for (const [name, symbol] of [
      ['CROSS_SWING_TARGET', params.target],
      ['CROSS_SWING_REFERENCE', params.reference],
    ] as const) {
      if (!all.includes(symbol)) throw new RangeError(`${name} ${symbol} is not in SYMBOLS`);
    }
    return [params.target, params.reference];
  },
  create(params) {
    const rsi = new RelativeStrengthIndex(params.window);
    const referenceCloses: number[] = [];
    let current: number | undefined;
    let previous: number | undefined;
    let referenceReturn: number | undefined;
    let buying = false;
    let selling = false;
    return {
      step({ bars }: CrossSection): MultiSymbolDecision[] {
        const ref = bars.get(params.reference);
        let flat = false;
        referenceReturn = undefined;
        if (ref) {
          referenceCloses.push(ref.close);
          if (referenceCloses.length > params.flatBars + 1) referenceCloses.shift();
          const first = referenceCloses[0]!;
          if (referenceCloses.length === params.flatBars + 1 && first > 0) {
            referenceReturn = (ref.close / first - 1) * 100;
            flat = Math.abs(referenceReturn) < params.flatPct;
          }
        }
        const bar = bars.get(params.target);
        if (!bar) return [];
        previous = current;
        current = rsi.update(bar.close);
        const buy = current !== undefined && current < params.oversold && flat;
        const sell = current !== undefined && current > params.overbought;
        const side = buy && !buying ? 'BUY' : sell && !selling ? 'SELL' : null;
        [buying, selling] = [buy, sell];
        if (side === null) return [];
        const metadata = {
          rsi: current ?? null,
          previousRsi: previous ?? null,
          referenceReturnPct: referenceReturn ?? null,
          ...params,
        };
        return [{ symbol: params.target, side, metadata }];
      },
    };
  },
});
