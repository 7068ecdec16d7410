import { describe, expect, it } from '@jest/globals';
import { add, compare, fixed, mul, round, shift, sub, toPlain } from './fixed-decimal.js';

const plain = (x: ReturnType<typeof fixed>) => toPlain(x);

describe('fixed-point decimals', () => {
  it('parses decimal text and numbers without losing a digit', () => {
    expect(plain(fixed('23152.65'))).toBe('23152.65');
    expect(plain(fixed('0.000000000000000001'))).toBe('0.000000000000000001');
    expect(plain(fixed(1e-7))).toBe('0.0000001');
    expect(plain(fixed('-0.50'))).toBe('-0.5');
    expect(plain(fixed('.5'))).toBe('0.5');
    expect(() => fixed('1e5')).toThrow(RangeError);
    expect(() => fixed('')).toThrow(RangeError);
  });

  it('adds, subtracts and multiplies exactly (no float dust)', () => {
    expect(plain(add(fixed('0.1'), fixed('0.2')))).toBe('0.3');
    expect(plain(sub(fixed('23152.65'), fixed('463.053')))).toBe('22689.597');
    expect(plain(mul(fixed('23152.65'), fixed('0.98')))).toBe('22689.597');
    expect(plain(shift(fixed('2'), 2))).toBe('0.02');
    expect(compare(fixed('1.10'), fixed('1.1'))).toBe(0);
    expect(compare(fixed('-1'), fixed('0'))).toBe(-1);
  });

  it('rounds down or up at a number of decimals, and leaves exact values alone', () => {
    expect(plain(round(fixed('0.1209876444'), 8, 'down'))).toBe('0.12098764');
    expect(plain(round(fixed('0.1259259156'), 8, 'up'))).toBe('0.12592592');
    expect(plain(round(fixed('0.123456780'), 8, 'up'))).toBe('0.12345678');
    expect(plain(round(fixed('-0.123456781'), 8, 'down'))).toBe('-0.12345679');
    expect(plain(round(fixed('-0.123456789'), 8, 'up'))).toBe('-0.12345678');
    expect(plain(round(fixed('0.000000001'), 8, 'down'))).toBe('0');
  });
});
