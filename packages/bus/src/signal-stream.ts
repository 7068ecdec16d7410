import { KEY, signalSchema, topics, type Signal } from '@roottrading/contracts';
import type { Logger } from '@roottrading/logger';
import type { Bus } from './bus.js';
import { DurableStream } from './durable-stream.js';

/** The field a signal's JSON travels in. */
export const SIGNAL_FIELD = 'signal';

/**
 * The durable path for signals: a capped Redis Stream read through a consumer group. The analyzer
 * appends (and publishes the plain pub/sub copy on analyze:signal); the trader acknowledges each
 * entry only after its own database commit, so a crash between the two redelivers it, and the
 * trader's unique signal_id turns the redelivery into a no-op.
 */
export class SignalStream extends DurableStream<Signal> {
  constructor(
    bus: Bus,
    logger: Logger,
    private readonly maxLen = 100_000,
  ) {
    super(bus, logger, {
      key: KEY.signalStream,
      group: KEY.signalGroup,
      field: SIGNAL_FIELD,
      schema: signalSchema,
      label: 'signal',
    });
  }

  /** Appends to the stream and publishes the pub/sub copy, in one round trip. */
  async append(signal: Signal): Promise<void> {
    const body = this.bus.encode(topics.signal, signal);
    const channel = this.bus.key(topics.signal.channel);
    const results = await this.bus.redis
      .multi()
      .xadd(this.streamKey, 'MAXLEN', '~', String(this.maxLen), '*', SIGNAL_FIELD, this.bus.seal(this.streamKey, body))
      .publish(channel, this.bus.seal(channel, body))
      .exec();
    // MULTI reports a failed command in its results rather than by rejecting.
    const failed = (results ?? []).find(([err]) => err);
    if (!results || failed) throw failed?.[0] ?? new Error('signal append transaction was aborted');
  }
}
