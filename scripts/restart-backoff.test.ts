import { describe, expect, it } from '@jest/globals';
import { nextRestart, restartMessage } from './restart-backoff.js';

describe('nextRestart', () => {
  it('waits 1 s, then twice as long each time it exits again quickly, up to 30 s', () => {
    const delays: number[] = [];
    let attempt = 1;
    for (let i = 0; i < 8; i++) {
      const next = nextRestart(attempt, 5_000);
      expect(next.attempt).toBe(attempt + 1);
      delays.push(next.delayMs);
      attempt = next.attempt;
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('starts over once a run lasted a minute', () => {
    expect(nextRestart(7, 59_999)).toEqual({ attempt: 8, delayMs: 30_000 });
    expect(nextRestart(7, 60_000)).toEqual({ attempt: 2, delayMs: 1_000 });
    expect(nextRestart(2, 3_600_000)).toEqual({ attempt: 2, delayMs: 1_000 });
  });
});

describe('restartMessage', () => {
  it('says which service, how it ended, when it comes back and which attempt that is', () => {
    expect(restartMessage('trader', 'code 1', nextRestart(2, 100))).toBe(
      'trader exited (code 1); restarting in 2 s (attempt 3)',
    );
    expect(restartMessage('gateway', 'SIGKILL', nextRestart(1, 100))).toBe(
      'gateway exited (SIGKILL); restarting in 1 s (attempt 2)',
    );
  });
});
