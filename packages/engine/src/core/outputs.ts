import type { Decimal } from '@roottrading/accounting';
import type { PauseScope } from '@roottrading/contracts';
import type { Pause } from '../controls/pauses.js';
import type { ClosedPosition, EngineOrder, EnginePosition, EngineTrade, KillSwitchView } from './types.js';

/**
 * What must happen after an event, in the order it happened. `seq` numbers every output of the
 * account (records that share a timestamp keep their order); `at` is the event's time.
 */
export type EngineOutput = { seq: number; at: number } & OutputBody;

export type OutputBody =
  /** A new order, in any status: pending or open ones go to the executor (exchange), the rest are records. */
  | { type: 'order'; order: EngineOrder }
  /** An order's status, filled quantity or reason changed. */
  | { type: 'order-updated'; order: EngineOrder }
  /** Exchange execution: ask the exchange to cancel; the executor's update settles it. */
  | { type: 'cancel-order'; orderId: string; reason: string }
  | { type: 'trade'; trade: EngineTrade }
  /** A position opened or changed (quantity, protections, trail, exit in flight). */
  | { type: 'position'; position: EnginePosition }
  | { type: 'position-closed'; closed: ClosedPosition }
  | { type: 'balance'; asset: string; free: Decimal; locked: Decimal }
  | { type: 'kill-switch'; state: KillSwitchView; change: 'tripped' | 'reset' }
  | {
      type: 'pauses';
      pauses: readonly Pause[];
      change: 'paused' | 'resumed';
      scope: PauseScope;
      target: string | null;
      by: string;
    }
  /** A manual order's Idempotency-Key was seen before: the same body gets the first order back, another a conflict. */
  | { type: 'manual-replayed'; idempotencyKey: string; orderId: string }
  | { type: 'manual-conflict'; idempotencyKey: string; orderId: string }
  /** A signal that needs no order (a SELL whose position a protective exit closed on the same candle). */
  | { type: 'signal-ignored'; signalId: string; reason: string }
  /** A candle the engine would not step (out of order, unknown symbol, impossible prices). */
  | { type: 'candle-rejected'; symbol: string; openTime: number; reason: string }
  /** An operator event or a cancel that could not be done, and why. */
  | { type: 'refused'; event: string; reason: string }
  /** The paper account is back to its starting balances (every other asset's balance is gone). */
  | { type: 'account-reset'; by: string; balances: ReadonlyMap<string, Decimal> };

/** Collects one event's outputs and numbers them from the account's sequence. */
export class OutputLog {
  readonly outputs: EngineOutput[] = [];
  constructor(
    private next: number,
    readonly at: number,
  ) {}

  emit(body: OutputBody): void {
    this.outputs.push({ seq: this.next++, at: this.at, ...body });
  }

  get seq(): number {
    return this.next;
  }
}
