/**
 * One symbol's progress on stderr, redrawn in place — a terminal only (a log file or a pipe gets
 * just the summary lines): candle times covered of those missing at the start, and the time left,
 * estimated from the pace so far.
 */
export class DownloadProgress {
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream | undefined,
  ) {}

  update(done: number, total: number): void {
    if (!this.stream?.isTTY || total === 0) return;
    const now = Date.now();
    if (now - this.lastDraw < 200 && done < total) return;
    this.lastDraw = now;
    this.drawn = true;
    this.stream.write(`\r${this.line(done, total, now)}\x1b[K`);
  }

  /** Clears the bar, so the summary line takes its place. */
  done(): void {
    if (this.drawn) this.stream?.write('\r\x1b[K');
  }

  private line(done: number, total: number, now: number): string {
    const share = Math.min(1, done / total);
    const width = 24;
    const filled = Math.round(share * width);
    const elapsed = (now - this.started) / 1000;
    const eta = done > 0 ? `ETA ${clock((elapsed / done) * (total - done))}` : 'ETA …';
    const count = `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} candles`;
    return `${this.label} ${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${(share * 100).toFixed(0).padStart(3)}% ${count} · ${eta}`;
  }
}

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const mmss = `${String(m).padStart(h > 0 ? 2 : 1, '0')}:${String(s % 60).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}
