/** @jest-environment jsdom */
import { afterEach, describe, expect, it } from '@jest/globals';
import { act, cleanup, render, screen } from '@testing-library/react';
import { LiveProvider } from '../live/live-context';
import { fakeConnection } from '../live/fake-source';
import { LiveStore } from '../live/live-store';
import { LiveIndicator } from './live-indicator';

afterEach(cleanup);

describe('live indicator', () => {
  it('shows live, then that the connection is down and when it retries, then that Redis is out of reach', () => {
    const { connection, sources } = fakeConnection({ random: () => 1, baseDelayMs: 4_000 });
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
    const second = fakeConnection();
    const again = new LiveStore(second.connection);
    cleanup();
    render(
      <LiveProvider store={again}>
        <LiveIndicator />
      </LiveProvider>,
    );
    act(() => second.sources.at(-1)!.emit('hello', { redis: 'down', throttleMs: 250, serverTime: 0 }));
    expect(screen.getByRole('status').textContent).toBe('Live updates paused: the web server cannot reach Redis');
    act(() => again.stop());
  });
});
