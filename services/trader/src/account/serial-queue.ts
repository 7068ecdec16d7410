/**
 * Runs account-changing work one piece at a time, in arrival order. Signals, manual orders and
 * resets all read-then-write balances; serializing them in the process means no two decide on
 * the same free balance (the row locks inside each transaction guard against other processes).
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  run<T>(work: () => Promise<T>): Promise<T> {
    this.waiting++;
    const result = this.tail.then(work).finally(() => this.waiting--);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Jobs queued or running. */
  get size(): number {
    return this.waiting;
  }

  /** Resolves once everything queued so far has finished. */
  async idle(): Promise<void> {
    await this.tail;
  }
}
