import { HttpError } from '@roottrading/service';

/** 1–128 printable ASCII characters, not only spaces: what clients put in an Idempotency-Key. */
const KEY_RE = /^[\x20-\x7E]{1,128}$/;

export function readIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!KEY_RE.test(header) || header.trim() === '') {
    const message = 'must be 1 to 128 printable ASCII characters';
    throw new HttpError(400, `invalid Idempotency-Key header: ${message}`, [{ field: 'Idempotency-Key', message }]);
  }
  return header;
}
