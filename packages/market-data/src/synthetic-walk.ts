/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). Same seed, same sequence, on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** FNV-1a: gives each symbol its own stream, so adding a symbol does not change the others' walks. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface WalkOptions {
  symbol: string;
  seed: number;
  startPrice: number;
  /** Price step as a decimal string, e.g. "0.01": every price is a whole number of ticks. */
  tick: string;
  /** Standard deviation of one candle's log return, e.g. 0.001. */
  volatility: number;
}

export interface WalkCandle {
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
}

const SUB_STEPS = 4;
const VOLUME_DECIMALS = 6;

/** A geometric random walk in whole ticks; each candle opens at the previous close. */
export class RandomWalk {
  private readonly random: () => number;
  private readonly decimals: number;
  private readonly tickUnits: number;
  private ticks: number;

  constructor(private readonly opts: WalkOptions) {
    this.random = mulberry32((opts.seed ^ hashString(opts.symbol)) >>> 0);
    const [whole = '0', frac = ''] = opts.tick.split('.');
    this.decimals = frac.length;
    this.tickUnits = Number(whole + frac);
    this.ticks = Math.max(1, Math.round((opts.startPrice * 10 ** this.decimals) / this.tickUnits));
  }

  next(): WalkCandle {
    const open = this.ticks;
    let price = open;
    let high = open;
    let low = open;
    const stepSigma = this.opts.volatility / Math.sqrt(SUB_STEPS);
    for (let i = 0; i < SUB_STEPS; i++) {
      price *= Math.exp(stepSigma * this.gaussian());
      high = Math.max(high, price);
      low = Math.min(low, price);
    }
    const close = Math.max(1, Math.round(price));
    this.ticks = close;
    const volumeUnits = Math.round(this.random() * 5 * 10 ** VOLUME_DECIMALS);
    return {
      open: this.price(open),
      high: this.price(Math.max(Math.round(high), open, close)),
      low: this.price(Math.max(1, Math.min(Math.round(low), open, close))),
      close: this.price(close),
      volume: formatUnits(volumeUnits, VOLUME_DECIMALS),
    };
  }

  private price(ticks: number): string {
    return formatUnits(ticks * this.tickUnits, this.decimals);
  }

  /** Box–Muller. */
  private gaussian(): number {
    const u1 = 1 - this.random();
    const u2 = this.random();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}

/** 123456, 2 → "1234.56"; trailing zeros dropped. */
export function formatUnits(units: number, decimals: number): string {
  if (decimals === 0) return String(units);
  const digits = String(units).padStart(decimals + 1, '0');
  const whole = digits.slice(0, -decimals);
  const frac = digits.slice(-decimals).replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : whole;
}
