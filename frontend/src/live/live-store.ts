import type { BalancesMessage, Candle, Signal, TotalBalanceMessage } from '@roottrading/contracts';
import type { LiveConnection, LiveState } from './live-connection';

/** Refetches triggered by live events happen at most this often: a burst of fills is one reload. */
export const ACCOUNT_REFETCH_MS = 1_000;
export const SIGNALS_REFETCH_MS = 2_000;
const RECENT_SIGNALS = 200;
/** Closed candles kept per symbol from the live stream (the chart draws those after its history). */
export const LIVE_CANDLES_KEPT = 1_000;

type Listener = () => void;

/** Counts changes, but moves at most once per `intervalMs` (the last change in a window still counts). */
class ThrottledVersion {
  value = 0;
  private last = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly changed: Listener,
  ) {}

  bump(): void {
    if (this.timer) return;
    const wait = this.last + this.intervalMs - Date.now();
    if (wait <= 0) {
      this.apply();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.apply();
    }, wait);
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private apply(): void {
    this.last = Date.now();
    this.value++;
    this.changed();
  }
}

export interface LiveSnapshot {
  state: LiveState;
  /** The latest candle per symbol. */
  candles: ReadonlyMap<string, Candle>;
  /** Every candle received live per symbol, in time order, the newest LIVE_CANDLES_KEPT. */
  candleLog: ReadonlyMap<string, readonly Candle[]>;
  /** When each symbol's latest candle arrived (wall clock, ms): a replay's candle times are years old. */
  candleReceivedAt: ReadonlyMap<string, number>;
  balances?: BalancesMessage;
  totals?: TotalBalanceMessage;
  /** Newest first. */
  signals: readonly Signal[];
  /** Moves when the account changed (a fill, a reconnect): panels showing it reload. */
  accountVersion: number;
  /** Moves when signals arrived: lists of signals reload. */
  signalsVersion: number;
  /** Moves on every reconnect: what only live events keep current (a chart's candles) reloads. */
  connectionEpoch: number;
}

/**
 * What the pages read of the live stream, as an external store for useSyncExternalStore: every
 * event replaces the snapshot object, so React re-renders exactly the components that read it.
 */
export class LiveStore {
  private snapshot: LiveSnapshot;
  private readonly listeners = new Set<Listener>();
  private readonly account = new ThrottledVersion(ACCOUNT_REFETCH_MS, () =>
    this.update({ accountVersion: this.account.value }),
  );
  private readonly signalsSeen = new ThrottledVersion(SIGNALS_REFETCH_MS, () =>
    this.update({ signalsVersion: this.signalsSeen.value }),
  );
  private readonly unsubscribe: (() => void)[] = [];

  constructor(private readonly connection?: LiveConnection) {
    this.snapshot = {
      state: connection?.state ?? { status: 'down', redis: 'unknown', attempt: 0, lastError: 'not connected' },
      candles: new Map(),
      candleLog: new Map(),
      candleReceivedAt: new Map(),
      signals: [],
      accountVersion: 0,
      signalsVersion: 0,
      connectionEpoch: 0,
    };
    if (!connection) return;
    this.unsubscribe.push(
      connection.onState((state) => this.update({ state })),
      connection.on('hello', (hello) => {
        // Events may have been missed while disconnected: reload what they would have changed.
        if (hello.reconnected) {
          this.update({ connectionEpoch: this.snapshot.connectionEpoch + 1 });
          this.account.bump();
          this.signalsSeen.bump();
        }
      }),
      connection.on('candles', ({ candles: batch, dropped }) => {
        const candles = new Map(this.snapshot.candles);
        const candleLog = new Map(this.snapshot.candleLog);
        const candleReceivedAt = new Map(this.snapshot.candleReceivedAt);
        const now = Date.now();
        const bySymbol = new Map<string, Candle[]>();
        for (const candle of batch) {
          candles.set(candle.symbol, candle);
          candleReceivedAt.set(candle.symbol, now);
          const list = bySymbol.get(candle.symbol);
          if (list) list.push(candle);
          else bySymbol.set(candle.symbol, [candle]);
        }
        for (const [symbol, added] of bySymbol) candleLog.set(symbol, logged(candleLog.get(symbol) ?? [], added));
        // Candles were left out of a burst: what draws them reloads its history.
        const epoch = dropped > 0 ? { connectionEpoch: this.snapshot.connectionEpoch + 1 } : {};
        this.update({ candles, candleLog, candleReceivedAt, ...epoch });
      }),
      connection.on('signals', ({ signals }) => {
        const merged = [...[...signals].reverse(), ...this.snapshot.signals].slice(0, RECENT_SIGNALS);
        this.update({ signals: merged });
        this.signalsSeen.bump();
      }),
      connection.on('balances', (balances) => {
        const previous = this.snapshot.balances;
        this.update({ balances });
        // The first one is the snapshot sent on connect: the page has just loaded that state anyway.
        if (previous && balances.timestamp > previous.timestamp) this.account.bump();
      }),
      connection.on('total_balance', (totals) => {
        const previous = this.snapshot.totals;
        this.update({ totals });
        if (previous && totals.timestamp > previous.timestamp) this.account.bump();
      }),
    );
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): LiveSnapshot => this.snapshot;

  /** A fill the page caused itself (a manual order): reload now rather than wait for the bus. */
  accountChanged(): void {
    this.account.bump();
  }

  start(): void {
    this.connection?.start();
  }

  stop(): void {
    this.connection?.stop();
    this.account.stop();
    this.signalsSeen.stop();
  }

  dispose(): void {
    this.stop();
    for (const off of this.unsubscribe) off();
  }

  private update(patch: Partial<LiveSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}

/**
 * A symbol's log with the candles of a batch: each appended when newer, replacing the same open
 * time, or starting the log afresh when time went back (a replay started over); the newest
 * LIVE_CANDLES_KEPT are kept.
 */
export function logged(log: readonly Candle[], added: readonly Candle[]): readonly Candle[] {
  let out = [...log];
  for (const candle of added) {
    const last = out.at(-1);
    if (!last || candle.startTime > last.startTime) out.push(candle);
    else if (candle.startTime === last.startTime) out[out.length - 1] = candle;
    else out = [candle];
  }
  return out.length > LIVE_CANDLES_KEPT ? out.slice(-LIVE_CANDLES_KEPT) : out;
}
