/**
 * A progress bar on stderr (a terminal only, and only once a run has taken a second): candles done,
 * candles per second, and the time left when the total is known.
 */
export class ProgressBar {
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly total: number | null,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number): void {
    if (!this.stream.isTTY) return;
    const now = Date.now();
    if (now - this.started < 1_000 || now - this.lastDraw < 200) return;
    this.lastDraw = now;
    this.drawn = true;
    this.stream.write(`\r${this.line(done, now)}\x1b[K`);
  }

  done(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
  }

  private line(done: number, now: number): string {
    const seconds = (now - this.started) / 1000;
    const rate = done / seconds;
    const count = `${done.toLocaleString('en-US')}${this.total ? `/${this.total.toLocaleString('en-US')}` : ''} candles`;
    const speed = `${Math.round(rate).toLocaleString('en-US')} candles/s`;
    if (!this.total) return `${count} · ${speed}`;
    const share = Math.min(1, done / this.total);
    const width = 24;
    const filled = Math.round(share * width);
    const eta = rate > 0 ? (this.total - done) / rate : 0;
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    return `${bar} ${(share * 100).toFixed(0).padStart(3)}% ${count} · ${speed} · ETA ${clock(eta)}`;
  }
}

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
