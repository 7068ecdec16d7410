import type { SignalStream } from '@roottrading/bus';
import type { Signal } from '@roottrading/contracts';
import type { Db } from '@roottrading/db';
import type { Logger } from '@roottrading/logger';
import { insertSignal } from './repositories/signals.js';

export interface SignalPublisherOptions {
  db: Db;
  stream: SignalStream;
  logger: Logger;
  /** True once the service is stopping: a failing step is then tried once more and given up. */
  stopping: () => boolean;
  retryDelayMs?: number;
}

/**
 * Stores a signal, then appends it to the durable stream (with its pub/sub copy). Stored first, so a
 * signal the trader sees is always in the signals table. The caller awaits each one: a symbol's
 * signals go out in candle order, and an outage holds that symbol's candles (the gateway, pacing on
 * the progress counter, waits) rather than losing a signal.
 */
export class SignalPublisher {
  emitted = 0;
  lost = 0;

  constructor(private readonly opts: SignalPublisherOptions) {}

  async publish(signal: Signal): Promise<void> {
    const stored = await this.attempt('store', signal, () => insertSignal(this.opts.db, signal));
    const sent = stored && (await this.attempt('send', signal, () => this.opts.stream.append(signal)));
    if (sent) this.emitted++;
    else this.lost++;
  }

  private async attempt(step: string, signal: Signal, fn: () => Promise<void>): Promise<boolean> {
    const { logger, stopping } = this.opts;
    let failures = 0;
    for (;;) {
      try {
        await fn();
        if (failures > 0) logger.info({ signalId: signal.id, step, failures }, 'signal step succeeded after retrying');
        return true;
      } catch (err) {
        failures++;
        const message = err instanceof Error ? err.message : String(err);
        if (stopping() && failures > 1) {
          logger.error({ signalId: signal.id, step, err: message }, 'signal not published: stopping');
          return false;
        }
        // One line per outage, not per retry.
        if (failures === 1) logger.warn({ signalId: signal.id, step, err: message }, 'signal step failed; retrying');
        await new Promise((r) => setTimeout(r, this.opts.retryDelayMs ?? 1_000));
      }
    }
  }
}
