import { describe, expect, it } from '@jest/globals';
import { CircuitBreaker, type BreakerState } from './circuit-breaker.js';

describe('CircuitBreaker', () => {
  const make = () => {
    let now = 1_000_000;
    const changes: [BreakerState, string][] = [];
    const breaker = new CircuitBreaker({
      threshold: 3,
      cooldownMs: 10_000,
      now: () => now,
      onChange: (s, why) => changes.push([s, why]),
    });
    return { breaker, changes, advance: (ms: number) => (now += ms) };
  };

  it('opens after the threshold of consecutive failures; a success in between starts the count again', () => {
    const { breaker, changes } = make();
    breaker.failure('a');
    breaker.failure('b');
    breaker.success();
    breaker.failure('c');
    breaker.failure('d');
    expect(breaker.state).toBe('closed');
    breaker.failure('e');
    expect(breaker.state).toBe('open');
    expect(breaker.tryPass()).toBe(false);
    expect(changes).toEqual([['open', '3 failures in a row: e']]);
    expect(breaker.status()).toMatchObject({
      state: 'open',
      consecutiveFailures: 3,
      lastFailure: 'e',
      openedAt: new Date(1_000_000).toISOString(),
      retryAt: new Date(1_010_000).toISOString(),
      timesOpened: 1,
    });
  });

  it('lets one trial through after the cooldown: success closes, failure opens for another cooldown', () => {
    const { breaker, advance } = make();
    for (const r of ['a', 'b', 'c']) breaker.failure(r);
    advance(9_999);
    expect(breaker.tryPass()).toBe(false);
    advance(1);
    expect(breaker.tryPass()).toBe(true);
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryPass()).toBe(false); // one trial at a time
    breaker.failure('trial');
    expect(breaker.state).toBe('open');
    expect(breaker.tryPass()).toBe(false);
    advance(10_000);
    expect(breaker.tryPass()).toBe(true);
    breaker.success();
    expect(breaker.status()).toMatchObject({ state: 'closed', consecutiveFailures: 0, timesOpened: 2 });
  });

  it('can be reset by an operator', () => {
    const { breaker } = make();
    for (const r of ['a', 'b', 'c']) breaker.failure(r);
    breaker.reset();
    expect(breaker.tryPass()).toBe(true);
    expect(breaker.status()).toMatchObject({ state: 'closed', openedAt: null, retryAt: null });
  });
});
