import { describe, expect, it } from '@jest/globals';
import { utcDayOf } from './utc-day.js';

describe('utcDayOf', () => {
  it('gives the UTC date and its range, whatever the hour', () => {
    expect(utcDayOf(new Date('2023-03-10T23:59:59.999Z'))).toEqual({
      day: '2023-03-10',
      from: new Date('2023-03-10T00:00:00Z'),
      to: new Date('2023-03-11T00:00:00Z'),
    });
    expect(utcDayOf(new Date('2023-03-11T00:00:00Z')).day).toBe('2023-03-11');
  });
});
