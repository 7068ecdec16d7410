import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { MessageSigner } from './message-signing.js';

const SECRET = 'a-bus-secret-of-at-least-32-characters';
const CHANNEL = 'staging:market:data:BTCUSDC';
const BODY = '{"symbol":"BTC/USDC","close":"28110.5"}';

describe('MessageSigner', () => {
  const signer = new MessageSigner(SECRET);

  it('signs the exact text with HMAC-SHA256 over the channel and the message, and keeps it JSON', () => {
    const sealed = signer.seal(CHANNEL, BODY);
    const expected = createHmac('sha256', SECRET).update(`${CHANNEL.length}:${CHANNEL}\n${BODY}`).digest('hex');
    expect(sealed).toBe(`{"sig":"${expected}","msg":${BODY}}`);
    expect(JSON.parse(sealed)).toEqual({ sig: expected, msg: JSON.parse(BODY) });
    expect(signer.open(CHANNEL, sealed)).toEqual({ ok: true, body: BODY });
  });

  it('gives back the bytes that were signed, not a new serialisation of them', () => {
    const spaced = '{ "b": 1.50, "a": "x" }';
    expect(signer.open(CHANNEL, signer.seal(CHANNEL, spaced))).toEqual({ ok: true, body: spaced });
  });

  it('refuses an unsigned message', () => {
    expect(signer.open(CHANNEL, BODY)).toEqual({
      ok: false,
      problem: 'unsigned: BUS_SECRET is set, so every message must be signed',
    });
  });

  it('refuses a message signed with another secret', () => {
    const other = new MessageSigner('another-secret-of-at-least-32-characters');
    expect(signer.open(CHANNEL, other.seal(CHANNEL, BODY))).toMatchObject({ ok: false, problem: /^bad signature/ });
  });

  it('refuses a signed message replayed onto another channel or namespace', () => {
    const sealed = signer.seal(CHANNEL, BODY);
    expect(signer.open('staging:market:data:BTCUSDT', sealed)).toMatchObject({ ok: false, problem: /^bad signature/ });
    expect(signer.open('market:data:BTCUSDC', sealed)).toMatchObject({ ok: false, problem: /^bad signature/ });
  });

  it('refuses a signed message whose content was changed', () => {
    const sealed = signer.seal(CHANNEL, BODY);
    const altered = sealed.replace('28110.5', '6003.0');
    expect(signer.open(CHANNEL, altered)).toMatchObject({ ok: false, problem: /^bad signature/ });
  });

  it('does not let the boundary between channel and message move', () => {
    // Same concatenated text, split differently: a different signature.
    const a = signer.seal('ab', 'c{}');
    const b = signer.seal('a', 'bc{}');
    expect(a.slice(8, 72)).not.toBe(b.slice(8, 72));
  });

  it.each([
    ['a signature that is not hex', `{"sig":"${'z'.repeat(64)}","msg":${BODY}}`],
    ['a short signature', `{"sig":"abc","msg":${BODY}}`],
    ['no closing brace', `{"sig":"${'a'.repeat(64)}","msg":"text"`],
  ])('refuses a malformed signed message: %s', (_what, raw) => {
    expect(signer.open(CHANNEL, raw)).toEqual({ ok: false, problem: 'malformed signed message' });
  });

  it('without a secret sends plain JSON, takes plain JSON, and refuses a signed message', () => {
    const plain = new MessageSigner(undefined);
    expect(plain.signs).toBe(false);
    expect(plain.seal(CHANNEL, BODY)).toBe(BODY);
    expect(plain.open(CHANNEL, BODY)).toEqual({ ok: true, body: BODY });
    expect(plain.open(CHANNEL, signer.seal(CHANNEL, BODY))).toEqual({
      ok: false,
      problem: 'signed, but BUS_SECRET is not set in this process',
    });
  });

  it('refuses an empty secret rather than signing with it', () => {
    expect(() => new MessageSigner('')).toThrow(/must not be empty/);
  });
});
