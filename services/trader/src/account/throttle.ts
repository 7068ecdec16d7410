/**
 * Runs `work` at most once per `gapMs`, never two at once, and always once more after the last
 * request: a burst of fills gives one publish at its start and one with the final state.
 */
export class Throttle {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private requested = false;
  private lastStart = Number.NEGATIVE_INFINITY;
  private stopped = false;

  constructor(
    private readonly work: () => Promise<void>,
    private readonly gapMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  request(): void {
    if (this.stopped) return;
    this.requested = true;
    this.schedule();
  }

  /** Runs a pending request now (if any) after the running one: used when stopping. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.running) await this.running;
    if (this.requested) await this.fire();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.timer !== undefined || this.running !== undefined || this.stopped) return;
    const wait = Math.max(0, this.lastStart + this.gapMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.fire();
    }, wait);
  }

  private async fire(): Promise<void> {
    if (!this.requested || this.running) return;
    this.requested = false;
    this.lastStart = Date.now();
    this.running = this.work().catch(this.onError);
    await this.running;
    this.running = undefined;
    if (this.requested) this.schedule();
  }
}
