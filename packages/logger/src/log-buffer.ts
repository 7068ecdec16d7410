import { scrubUrlPasswords } from './secrets.js';

/** How many lines a service keeps for `GET /logs`. */
export const LOG_BUFFER_LINES = 1_000;

export const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LevelName = (typeof LEVELS)[number];

export interface BufferedLine {
  /** 1, 2, 3… in the order written: the `after` cursor of `GET /logs`. */
  seq: number;
  level: LevelName;
  /** The JSON line as written, secrets already taken out. */
  text: string;
}

const LEVEL_FIELD = /"level":"(trace|debug|info|warn|error|fatal)"/;

/**
 * The last lines a logger wrote, in memory, for the logs page. pino has already redacted the
 * fields it knows (see REDACT); here what could still slip through inside free text goes too: the
 * environment's credential values and passwords in URLs (a driver's error quoting its URL).
 */
export class LogBuffer {
  private readonly lines: BufferedLine[] = [];
  private seq = 0;

  constructor(
    private readonly secrets: readonly string[] = [],
    readonly capacity = LOG_BUFFER_LINES,
  ) {}

  /** A pino destination: one call per serialized line. */
  write(line: string): void {
    let text = scrubUrlPasswords(line.trimEnd());
    for (const s of this.secrets) if (text.includes(s)) text = text.split(s).join('[redacted]');
    const level = (LEVEL_FIELD.exec(text)?.[1] ?? 'info') as LevelName;
    this.lines.push({ seq: ++this.seq, level, text });
    // Dropping from the front of a 1,000-line array costs little next to the write itself.
    if (this.lines.length > this.capacity) this.lines.shift();
  }

  /** Lines after the cursor at `level` or above, oldest first, at most `limit` of the newest. */
  read({ after = 0, level = 'trace', limit = this.capacity }: { after?: number; level?: LevelName; limit?: number }) {
    const min = LEVELS.indexOf(level);
    const matching = this.lines.filter((l) => l.seq > after && LEVELS.indexOf(l.level) >= min);
    return { lines: matching.slice(-limit), last: this.seq };
  }
}
