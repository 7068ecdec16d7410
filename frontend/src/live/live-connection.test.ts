import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { LiveConnection, type LiveState } from './live-connection';
import { FakeSource } from './fake-source';

let sources: FakeSource[];
let connection: LiveConnection;
let states: LiveState[];

beforeEach(() => {
  jest.useFakeTimers();
  sources = [];
  states = [];
  connection = new LiveConnection('/api/events', {
    createEventSource: () => {
      const s = new FakeSource();
      sources.push(s);
      return s;
    },
    baseDelayMs: 1_000,
    maxDelayMs: 8_000,
    staleAfterMs: 40_000,
    random: () => 1, // no jitter: the full delay
  });
  connection.onState((s) => states.push(s));
  connection.start();
});

afterEach(() => {
  connection.stop();
  jest.useRealTimers();
});

const hello = { redis: 'up', throttleMs: 250, serverTime: 0 };

describe('live connection', () => {
  it('is open once the server says hello, and hands events to their handlers', () => {
    const candles: unknown[] = [];
    connection.on('candles', (c) => candles.push(c));
    expect(connection.state.status).toBe('connecting');
    sources[0]!.emit('hello', hello);
    expect(connection.state).toMatchObject({ status: 'open', redis: 'up', attempt: 0 });
    sources[0]!.emit('candles', { candles: [{ symbol: 'BTC/USDC', close: '1' }], dropped: 0 });
    expect(candles).toEqual([{ candles: [{ symbol: 'BTC/USDC', close: '1' }], dropped: 0 }]);
  });

  it('reconnects after an error with a doubling backoff up to the cap, and starts over after a hello', () => {
    sources[0]!.emit('hello', hello);
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      sources.at(-1)!.fail();
      expect(sources.at(-2)?.closed ?? sources.at(-1)!.closed).toBe(true);
      expect(connection.state.status).toBe('down');
      const wait = connection.state.nextRetryAt! - Date.now();
      delays.push(wait);
      const before = sources.length;
      jest.advanceTimersByTime(wait - 1);
      expect(sources.length).toBe(before);
      jest.advanceTimersByTime(1);
      expect(sources.length).toBe(before + 1);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
    sources.at(-1)!.emit('hello', hello);
    expect(connection.state).toMatchObject({ status: 'open', attempt: 0 });
    sources.at(-1)!.fail();
    expect(connection.state.nextRetryAt! - Date.now()).toBe(1_000);
  });

  it('tells handlers when a hello follows a lost connection, so the page reloads what it missed', () => {
    const hellos: unknown[] = [];
    connection.on('hello', (h) => hellos.push(h.reconnected));
    sources[0]!.emit('hello', hello);
    sources[0]!.fail();
    jest.advanceTimersByTime(1_000);
    sources[1]!.emit('hello', hello);
    expect(hellos).toEqual([false, true]);
  });

  it('treats a stream that went silent (no ping) as down', () => {
    sources[0]!.emit('hello', hello);
    jest.advanceTimersByTime(39_000);
    sources[0]!.emit('ping', { serverTime: 1 });
    jest.advanceTimersByTime(39_000);
    expect(connection.state.status).toBe('open');
    jest.advanceTimersByTime(1_000);
    expect(connection.state.status).toBe('down');
    expect(sources[0]!.closed).toBe(true);
  });

  it('follows the Redis state the server reports', () => {
    sources[0]!.emit('hello', { ...hello, redis: 'down' });
    expect(connection.state.redis).toBe('down');
    sources[0]!.emit('status', { redis: 'up' });
    expect(connection.state.redis).toBe('up');
    expect(states.map((s) => s.status)).toContain('open');
  });

  it('ignores events of a source it has replaced', () => {
    const candles: unknown[] = [];
    connection.on('candles', (c) => candles.push(c));
    const old = sources[0]!;
    old.fail();
    jest.advanceTimersByTime(1_000);
    old.emit('candles', { stale: true });
    expect(candles).toEqual([]);
  });

  it('keeps jittered delays between half and all of the backoff', () => {
    const c = new LiveConnection('/x', { createEventSource: () => new FakeSource(), random: () => 0 });
    expect(c.delayFor(1)).toBe(500);
    expect(c.delayFor(3)).toBe(2_000);
    expect(c.delayFor(20)).toBe(15_000);
  });
});
