import { LIVE_EVENT_NAMES, LIVE_PING_MS, type LiveEventMap, type LiveEventName, type RedisState } from './events';

export type LiveStatus = 'connecting' | 'open' | 'down';

export interface LiveState {
  status: LiveStatus;
  /** Redis as the web process sees it; live data stops while it is down even if the stream is open. */
  redis: RedisState | 'unknown';
  /** Failed attempts in a row. */
  attempt: number;
  /** When the next attempt starts, while down. */
  nextRetryAt?: number;
  lastError?: string;
}

/** The part of EventSource this uses, so tests can hand in a fake. */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((this: EventSourceLike, ev: Event) => unknown) | null;
  onerror: ((this: EventSourceLike, ev: Event) => unknown) | null;
  addEventListener(type: string, listener: (ev: MessageEvent) => void): void;
  close(): void;
}

export interface LiveConnectionOptions {
  createEventSource?: (url: string) => EventSourceLike;
  /** First reconnect delay; doubles per failed attempt up to maxDelayMs, with jitter. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** No event (pings included) for this long means the stream is dead even if the socket is not. */
  staleAfterMs?: number;
  random?: () => number;
}

type Handler<E extends LiveEventName> = (data: LiveEventMap[E]) => void;

/**
 * One EventSource to the web process, reconnecting by itself. The browser's own EventSource retry
 * is fixed-interval and gives up for good on an HTTP error, so every failure here closes it and
 * opens a new one after an exponential, jittered backoff (1 s, 2 s, 4 s … 30 s).
 */
export class LiveConnection {
  private source: EventSourceLike | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private staleTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly handlers = new Map<LiveEventName, Set<Handler<LiveEventName>>>();
  private readonly stateListeners = new Set<(state: LiveState) => void>();
  private stopped = true;
  private everOpened = false;
  state: LiveState = { status: 'connecting', redis: 'unknown', attempt: 0 };

  private readonly opts: Required<LiveConnectionOptions>;

  constructor(
    private readonly url: string,
    opts: LiveConnectionOptions = {},
  ) {
    this.opts = {
      createEventSource: opts.createEventSource ?? ((u) => new EventSource(u) as unknown as EventSourceLike),
      baseDelayMs: opts.baseDelayMs ?? 1_000,
      maxDelayMs: opts.maxDelayMs ?? 30_000,
      staleAfterMs: opts.staleAfterMs ?? LIVE_PING_MS * 2.5,
      random: opts.random ?? Math.random,
    };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.staleTimer);
    this.source?.close();
    this.source = undefined;
  }

  on<E extends LiveEventName>(event: E, handler: Handler<E>): () => void {
    const set = this.handlers.get(event) ?? new Set();
    set.add(handler as Handler<LiveEventName>);
    this.handlers.set(event, set);
    return () => set.delete(handler as Handler<LiveEventName>);
  }

  onState(listener: (state: LiveState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** The delay before attempt `n` (1-based): base × 2^(n-1), capped, between 50 % and 100 % of that. */
  delayFor(attempt: number): number {
    const full = Math.min(this.opts.maxDelayMs, this.opts.baseDelayMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(full * (0.5 + this.opts.random() / 2));
  }

  private setState(patch: Partial<LiveState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.stateListeners) listener(this.state);
  }

  private connect(): void {
    if (this.stopped) return;
    this.setState({ status: 'connecting', nextRetryAt: undefined });
    let source: EventSourceLike;
    try {
      source = this.opts.createEventSource(this.url);
    } catch (err) {
      this.fail(err instanceof Error ? err.message : String(err));
      return;
    }
    this.source = source;
    source.onerror = () => {
      if (this.source === source) this.fail('the live connection to the web server was lost');
    };
    for (const name of LIVE_EVENT_NAMES) {
      source.addEventListener(name, (ev: MessageEvent) => {
        if (this.source !== source) return;
        this.received(name, ev.data as string);
      });
    }
  }

  private received(name: LiveEventName, raw: string): void {
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      console.warn(`live: ignoring a ${name} event that is not JSON`);
      return;
    }
    this.armStaleTimer();
    if (name === 'hello') {
      const hello = data as LiveEventMap['hello'];
      // Only a hello proves the stream works end to end; that is when the backoff starts over.
      this.setState({ status: 'open', attempt: 0, redis: hello.redis, lastError: undefined });
      const reconnected = this.everOpened;
      this.everOpened = true;
      this.dispatch('hello', { ...hello, reconnected } as LiveEventMap['hello']);
      return;
    }
    if (name === 'status') this.setState({ redis: (data as LiveEventMap['status']).redis });
    this.dispatch(name, data as LiveEventMap[typeof name]);
  }

  private dispatch<E extends LiveEventName>(name: E, data: LiveEventMap[E]): void {
    for (const handler of this.handlers.get(name) ?? []) {
      try {
        handler(data);
      } catch (err) {
        console.error(`live: a ${name} handler failed`, err);
      }
    }
  }

  private armStaleTimer(): void {
    clearTimeout(this.staleTimer);
    this.staleTimer = setTimeout(() => this.fail('no live data or ping for too long'), this.opts.staleAfterMs);
  }

  private fail(reason: string): void {
    this.source?.close();
    this.source = undefined;
    clearTimeout(this.staleTimer);
    if (this.stopped) return;
    const attempt = this.state.attempt + 1;
    const delay = this.delayFor(attempt);
    this.setState({ status: 'down', attempt, nextRetryAt: Date.now() + delay, lastError: reason });
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }
}
