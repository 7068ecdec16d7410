/**
 * Removes credentials from text before it is logged, stored or returned. ccxt's error messages
 * carry the request URL — for a signed GET or DELETE that is the query with its `signature` — and
 * the exchange's reply body; the key and secret themselves should never be in them, but they are
 * scrubbed by value too, in case a proxy or an exchange echoes a header back.
 */
const REDACTED = '[redacted]';

const PATTERNS: readonly [RegExp, string][] = [
  // signature=… in a query string or form body
  [/([?&]signature=)[^&\s"']*/gi, `$1${REDACTED}`],
  // X-MBX-APIKEY: … / "X-MBX-APIKEY":"…" (binance's key header)
  [/(x-mbx-apikey["']?\s*[:=]\s*["']?)[^"',\s}]+/gi, `$1${REDACTED}`],
  // apiKey=…, "secret": "…", api_secret: …
  [
    /((?:api[-_]?key|api[-_]?secret|secret|password|passphrase|token)["']?\s*[:=]\s*["']?)[^"',\s}&]+/gi,
    `$1${REDACTED}`,
  ],
  [/(bearer\s+)[A-Za-z0-9._~+/=-]+/gi, `$1${REDACTED}`],
];

/** Values shorter than this are not scrubbed by value: they would blank out ordinary words. */
const MIN_SECRET_LENGTH = 6;

export class SecretScrubber {
  private readonly values: string[];

  constructor(secrets: readonly (string | undefined | null)[]) {
    const set = new Set<string>();
    for (const s of secrets) {
      if (!s || s.length < MIN_SECRET_LENGTH) continue;
      set.add(s);
      set.add(encodeURIComponent(s));
    }
    // Longest first, so a secret containing another is removed whole.
    this.values = [...set].sort((a, b) => b.length - a.length);
  }

  scrub(text: string): string {
    let out = text;
    for (const v of this.values) out = out.split(v).join(REDACTED);
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
    return out;
  }
}
