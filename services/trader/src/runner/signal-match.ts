import { dec } from '@roottrading/accounting';
import type { Signal } from '@roottrading/contracts';
import type { PartialTakeProfitRule, SignalRow, SignalTrailingStop } from '@roottrading/db';

/**
 * How a signal an entry carries differs from the row the analyzer stored under its id: null when
 * they agree on every field the entry carries, otherwise what did not match, for the log line.
 * Money compares by value (the row's NUMERIC has trailing zeros), metadata key by key.
 */
export function signalMismatch(signal: Signal, row: SignalRow | undefined): string | null {
  if (!row) return 'no stored signal has this id';
  const differ: string[] = [];
  const check = (field: string, same: boolean, carried: unknown, stored: unknown) => {
    if (!same) differ.push(`${field} (entry ${show(carried)}, stored ${show(stored)})`);
  };
  check('strategy', signal.strategy === row.strategy, signal.strategy, row.strategy);
  check('symbol', signal.symbol === row.symbol, signal.symbol, row.symbol);
  check('interval', signal.interval === row.interval, signal.interval, row.interval);
  check('side', signal.side === row.side, signal.side, row.side);
  check('timestamp', signal.timestamp === row.candle_time.getTime(), signal.timestamp, row.candle_time.getTime());
  check('price', sameMoney(signal.price, row.price), signal.price, row.price);
  check('createdAt', signal.createdAt === row.emitted_at.getTime(), signal.createdAt, row.emitted_at.getTime());
  check('stopLoss', sameMoney(signal.stopLoss, row.stop_loss), signal.stopLoss, row.stop_loss);
  check('takeProfit', sameMoney(signal.takeProfit, row.take_profit), signal.takeProfit, row.take_profit);
  check('trailingStop', sameTrail(signal.trailingStop, row.trailing_stop), signal.trailingStop, row.trailing_stop);
  check(
    'partialTakeProfit',
    samePartial(signal.partialTakeProfit, row.partial_take_profit),
    signal.partialTakeProfit,
    row.partial_take_profit,
  );
  check('timeStop', (signal.timeStop ?? null) === row.time_stop, signal.timeStop, row.time_stop);
  check('metadata', sameRecord(signal.metadata, row.metadata), signal.metadata, row.metadata);
  return differ.length === 0 ? null : differ.join('; ');
}

function sameMoney(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a == null || b == null) return a == null && b == null;
  try {
    return dec(a).eq(dec(b));
  } catch {
    // Not a number on one side (a hand-edited row): not the same, and the entry is refused, not retried.
    return false;
  }
}

function sameTrail(a: SignalTrailingStop | null | undefined, b: SignalTrailingStop | null | undefined): boolean {
  if (a == null || b == null) return a == null && b == null;
  return a.type === b.type && sameMoney(a.value, b.value) && sameMoney(a.activation, b.activation);
}

function samePartial(
  a: PartialTakeProfitRule | null | undefined,
  b: PartialTakeProfitRule | null | undefined,
): boolean {
  if (a == null || b == null) return a == null && b == null;
  return sameMoney(a.price, b.price) && sameMoney(a.fraction, b.fraction);
}

/** Metadata is flat (numbers, strings, booleans, null): the same keys with the same values. */
function sameRecord(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

function show(value: unknown): string {
  if (value === undefined || value === null) return 'none';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
