import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

/** A signed message: `{"sig":"<64 hex>","msg":<the message's JSON, byte for byte as signed>}`. */
const HEAD = '{"sig":"';
const NECK = '","msg":';
const SIG_LENGTH = 64;
const BODY_AT = HEAD.length + SIG_LENGTH + NECK.length;
const SIG = /^[0-9a-f]{64}$/;

export type Opened = { ok: true; body: string } | { ok: false; problem: string };

/**
 * HMAC-SHA256 signatures on bus messages (BUS_SECRET). The signature covers the exact text of the
 * message as sent — a receiver checks the bytes it got, nothing is serialised again to check it —
 * and the full name of the channel or stream it was sent on, so a message copied onto another
 * channel, stream or namespace fails. The signed form stays JSON, so `redis-cli SUBSCRIBE` still
 * shows something readable. Without a secret messages go out as plain JSON, as before, and a
 * signed one received is refused: the two ends disagree about BUS_SECRET, which must be said.
 */
export class MessageSigner {
  private readonly key: KeyObject | undefined;

  constructor(secret: string | undefined) {
    if (secret === '') throw new Error('a bus secret must not be empty (leave it unset to send unsigned messages)');
    this.key = secret === undefined ? undefined : createSecretKey(Buffer.from(secret, 'utf8'));
  }

  /** Whether messages are signed (and unsigned ones refused). */
  get signs(): boolean {
    return this.key !== undefined;
  }

  /** What to send on `name` (the full channel or stream key): `body` itself, or signed. */
  seal(name: string, body: string): string {
    if (!this.key) return body;
    return `${HEAD}${this.mac(name, body)}${NECK}${body}}`;
  }

  /** The message's JSON text as it was sent on `name`, or why it is not to be trusted. */
  open(name: string, raw: string): Opened {
    const framed = raw.startsWith(HEAD);
    if (!this.key) {
      return framed
        ? { ok: false, problem: 'signed, but BUS_SECRET is not set in this process' }
        : { ok: true, body: raw };
    }
    if (!framed) return { ok: false, problem: 'unsigned: BUS_SECRET is set, so every message must be signed' };
    const sig = raw.slice(HEAD.length, HEAD.length + SIG_LENGTH);
    if (!SIG.test(sig) || raw.slice(HEAD.length + SIG_LENGTH, BODY_AT) !== NECK || !raw.endsWith('}')) {
      return { ok: false, problem: 'malformed signed message' };
    }
    const body = raw.slice(BODY_AT, -1);
    const expected = Buffer.from(this.mac(name, body), 'latin1');
    if (!timingSafeEqual(expected, Buffer.from(sig, 'latin1'))) {
      return { ok: false, problem: 'bad signature: another secret, another channel, or altered on the way' };
    }
    return { ok: true, body };
  }

  private mac(name: string, body: string): string {
    // The name's length first: no split of name and body into two other strings signs the same.
    return createHmac('sha256', this.key!).update(`${name.length}:${name}\n`).update(body).digest('hex');
  }
}
