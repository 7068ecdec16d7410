/** @jest-environment jsdom */
import { afterEach, describe, expect, it } from '@jest/globals';
import { act, cleanup, render, screen } from '@testing-library/react';
import { LiveProvider } from '../live/live-context';
import { LiveConnection, type EventSourceLike } from '../live/live-connection';
import { LiveStore } from '../live/live-store';
import { LiveIndicator } from './live-indicator';

/** Just enough of an EventSource to open it and break it. */
class FakeSource implements EventSourceLike {
  readyState = 0;
  onopen: EventSourceLike['onopen'] = null;
  onerror: EventSourceLike['onerror'] = null;
  private listeners = new Map<string, (ev: MessageEvent) => void>();
  addEventListener(type: string, l: (ev: MessageEvent) => void) {
    this.listeners.set(type, l);
  }
  close() {}
  emit(type: string, data: unknown) {
    this.listeners.get(type)?.({ data: JSON.stringify(data) } as MessageEvent);
  }
}

afterEach(cleanup);

describe('live indicator', () => {
  it('shows live, then that the connection is down and when it retries, then that Redis is out of reach', () => {
    const sources: FakeSource[] = [];
    const connection = new LiveConnection('/api/events', {
      createEventSource: () => {
        const s = new FakeSource();
        sources.push(s);
        return s;
      },
      random: () => 1,
      baseDelayMs: 4_000,
    });
    const store = new LiveStore(connection);
    render(
      <LiveProvider store={store}>
        <LiveIndicator />
      </LiveProvider>,
    );
    expect(screen.getByRole('status').textContent).toBe('Connecting live updates…');

    act(() => sources[0]!.emit('hello', { redis: 'up', throttleMs: 250, serverTime: 0 }));
    expect(screen.getByRole('status').textContent).toBe('Live');

    act(() => sources[0]!.onerror?.call(sources[0]!, {} as Event));
    expect(screen.getByRole('status').textContent).toBe('Live updates down: retrying in 4 s');
    expect(screen.getByRole('status').getAttribute('data-live')).toBe('down');

    act(() => store.stop());
    const again = new LiveStore(
      new LiveConnection('/x', {
        createEventSource: () => {
          const s = new FakeSource();
          sources.push(s);
          return s;
        },
      }),
    );
    cleanup();
    render(
      <LiveProvider store={again}>
        <LiveIndicator />
      </LiveProvider>,
    );
    act(() => sources.at(-1)!.emit('hello', { redis: 'down', throttleMs: 250, serverTime: 0 }));
    expect(screen.getByRole('status').textContent).toBe('Live updates paused: the web server cannot reach Redis');
    act(() => again.stop());
  });
});
