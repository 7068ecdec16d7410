import { LiveConnection, type EventSourceLike, type LiveConnectionOptions } from './live-connection';

/** An EventSource the test drives: open it, send it events, break it. */
export class FakeSource implements EventSourceLike {
  readyState = 0;
  onopen: EventSourceLike['onopen'] = null;
  onerror: EventSourceLike['onerror'] = null;
  closed = false;
  private listeners = new Map<string, ((ev: MessageEvent) => void)[]>();

  addEventListener(type: string, listener: (ev: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  emit(type: string, data: unknown) {
    for (const l of this.listeners.get(type) ?? []) l({ data: JSON.stringify(data) } as MessageEvent);
  }
  fail() {
    this.onerror?.call(this, {} as Event);
  }
}

/** A connection whose EventSources are FakeSources, each kept in `sources` as it is opened. */
export function fakeConnection(opts: Omit<LiveConnectionOptions, 'createEventSource'> = {}) {
  const sources: FakeSource[] = [];
  const connection = new LiveConnection('/api/events', {
    ...opts,
    createEventSource: () => {
      const s = new FakeSource();
      sources.push(s);
      return s;
    },
  });
  return { connection, sources };
}
