import { dec, type Decimal } from '@roottrading/accounting';
import { plainDigits } from '../candles/decimal-text.js';
import type { CandleFloats, EngineCandle } from '../core/types.js';

/** A candle's prices as the bus writes them: plain decimal text. */
export interface CandleText {
  open: string;
  high: string;
  low: string;
  close: string;
}

/**
 * An engine candle made from the bus's text whose exact prices are parsed when first read. Its
 * doubles settle nearly every comparison a candle takes part in (stops, targets, the trail, the
 * candle checks; see quick-compare.ts), so most candles need a `Decimal` of their close (the
 * holdings' worth) and of nothing else — a Decimal from text is the costliest part of a candle.
 * Once parsed, each price is kept: the candle reads the same exact value every time.
 */
/** Far inside the doubles' normal range, where a decimal of 15 significant digits survives the trip to a double and back. */
const normal = (d: number): boolean => Math.abs(d) > 1e-300 && Math.abs(d) < 1e300;

export class TextCandle implements EngineCandle {
  readonly floats: CandleFloats;
  private exactOpen: Decimal | undefined;
  private exactHigh: Decimal | undefined;
  private exactLow: Decimal | undefined;
  private exactClose: Decimal | undefined;

  constructor(
    readonly symbol: string,
    readonly openTime: number,
    readonly closeTime: number,
    private readonly text: CandleText,
  ) {
    // Parsed from the same text, so each double is the nearest to its exact price.
    const f: CandleFloats = {
      open: Number(text.open),
      high: Number(text.high),
      low: Number(text.low),
      close: Number(text.close),
    };
    const o = plainDigits(text.open);
    const h = plainDigits(text.high);
    const l = plainDigits(text.low);
    const c = plainDigits(text.close);
    // Text of another shape than plain decimals (an exponent, garbage) is parsed at once, so it
    // throws, or reads, exactly when and as it did before the prices were parsed lazily.
    if (o < 0 || h < 0 || l < 0 || c < 0) void [this.open, this.high, this.low, this.close];
    // Ordered by their doubles alone, ties included, when each price has at most 15 significant digits.
    if (
      Math.min(o, h, l, c) >= 1 &&
      Math.max(o, h, l, c) <= 15 &&
      normal(f.open) &&
      normal(f.high) &&
      normal(f.low) &&
      normal(f.close)
    )
      f.distinct = true;
    this.floats = f;
  }

  get open(): Decimal {
    return (this.exactOpen ??= dec(this.text.open));
  }

  get high(): Decimal {
    return (this.exactHigh ??= dec(this.text.high));
  }

  get low(): Decimal {
    return (this.exactLow ??= dec(this.text.low));
  }

  get close(): Decimal {
    return (this.exactClose ??= dec(this.text.close));
  }
}
