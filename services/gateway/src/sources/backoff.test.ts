import { describe, expect, it } from '@jest/globals';
import { backoffDelay } from './backoff.js';

describe('reconnect backoff', () => {
  it('doubles from the base and stays at the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 100].map((a) => backoffDelay(a, 1_000, 10_000))).toEqual([
      1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000,
    ]);
  });
});
