import { describe, expect, it } from '@jest/globals';
import ccxt from 'ccxt';
import {
  ExchangeFailure,
  isOutcomeUnknown,
  isRejection,
  toExchangeFailure,
  wasNotProcessed,
} from './exchange-errors.js';
import { SecretScrubber } from './scrub-secrets.js';

const KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const scrubber = new SecretScrubber([KEY, SECRET, 'short']);

describe('SecretScrubber', () => {
  it('removes the key and the secret by value, plain or URL-encoded', () => {
    const text = `key ${KEY} secret=${encodeURIComponent(SECRET)} and ${SECRET}`;
    const out = scrubber.scrub(text);
    expect(out).not.toContain(KEY);
    expect(out).not.toContain(SECRET);
    expect(out).toBe('key [redacted] secret=[redacted] and [redacted]');
  });

  it('removes signatures, key headers, bearer tokens and credential fields by shape', () => {
    const url =
      'binance GET https://api.binance.com/api/v3/account?timestamp=1700000000000&recvWindow=5000&signature=3f1c0a9d8e7b';
    expect(scrubber.scrub(url)).toBe(
      'binance GET https://api.binance.com/api/v3/account?timestamp=1700000000000&recvWindow=5000&signature=[redacted]',
    );
    expect(scrubber.scrub('{"X-MBX-APIKEY":"abcdef123456"}')).toBe('{"X-MBX-APIKEY":"[redacted]"}');
    expect(scrubber.scrub('headers: { X-MBX-APIKEY: abcdef123456 }')).toBe('headers: { X-MBX-APIKEY: [redacted] }');
    expect(scrubber.scrub('Authorization: Bearer abc.def-123')).toBe('Authorization: Bearer [redacted]');
    expect(scrubber.scrub('{"apiKey":"zzz999","secret":"yyy888","password":"p"}')).toBe(
      '{"apiKey":"[redacted]","secret":"[redacted]","password":"[redacted]"}',
    );
  });

  it('leaves short values and ordinary text alone', () => {
    expect(scrubber.scrub('a short note about BTC/USDC')).toBe('a short note about BTC/USDC');
  });
});

describe('toExchangeFailure', () => {
  it.each([
    [
      new ccxt.InsufficientFunds(
        'binance {"code":-2010,"msg":"Account has insufficient balance for requested action."}',
      ),
      'insufficient-funds',
    ],
    [new ccxt.OrderNotFound('binance {"code":-2013,"msg":"Order does not exist."}'), 'not-found'],
    [new ccxt.InvalidOrder('binance order amount should be evenly divisible by lot size'), 'invalid-order'],
    [
      new ccxt.AuthenticationError('binance {"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."}'),
      'auth',
    ],
    [new ccxt.BadSymbol('binance {"code":-1121,"msg":"Invalid symbol."}'), 'rejected'],
    [new ccxt.RateLimitExceeded('binance 429 Too Many Requests'), 'rate-limit'],
    [new ccxt.DDoSProtection('binance 418'), 'rate-limit'],
    [
      new ccxt.InvalidNonce('binance {"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}'),
      'clock',
    ],
    [
      new ccxt.RequestTimeout('binance POST https://api.binance.com/api/v3/order request timed out (10000 ms)'),
      'timeout',
    ],
    [new ccxt.ExchangeNotAvailable('binance 503 Service Unavailable'), 'unavailable'],
    [new ccxt.NetworkError('binance GET … fetch failed: other side closed'), 'network'],
    [
      new ccxt.OperationFailed('binance {"code":-1001,"msg":"Internal error; unable to process your request."}'),
      'unavailable',
    ],
    [new ccxt.BadResponse('binance returned garbage'), 'bad-response'],
    [new TypeError('x is undefined'), 'internal'],
  ])('classifies %p', (err, kind) => {
    expect(toExchangeFailure(err, scrubber).kind).toBe(kind);
  });

  it('sorts the kinds into rejected / answered-but-not-processed / unknown outcome', () => {
    expect(isRejection('insufficient-funds')).toBe(true);
    expect(wasNotProcessed('rate-limit')).toBe(true);
    expect(isOutcomeUnknown('timeout')).toBe(true);
    expect(isOutcomeUnknown('rate-limit')).toBe(false);
    expect(isRejection('network')).toBe(false);
  });

  it('keeps ccxt’s class name and a scrubbed message, and nothing of the original error', () => {
    const original = new ccxt.RequestTimeout(
      `binance GET https://api.binance.com/api/v3/order?symbol=BTCUSDC&origClientOrderId=rt-m-1&timestamp=1&signature=a1b2c3d4e5f6 request timed out, key ${KEY}`,
    );
    const f = toExchangeFailure(original, scrubber);
    expect(f).toBeInstanceOf(ExchangeFailure);
    expect(f.exchangeError).toBe('RequestTimeout');
    expect(f.message).toContain('origClientOrderId=rt-m-1');
    expect(f.message).toContain('signature=[redacted]');
    for (const text of [f.message, JSON.stringify(f), String(f.stack), JSON.stringify(Object.entries(f))]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain('a1b2c3d4e5f6');
    }
    expect(f).not.toHaveProperty('cause');
    expect(JSON.parse(JSON.stringify(f))).toEqual({
      kind: 'timeout',
      message: f.message,
      exchangeError: 'RequestTimeout',
    });
  });

  it('keeps Retry-After only for rate limits', () => {
    expect(toExchangeFailure(new ccxt.RateLimitExceeded('429'), scrubber, 2_000).retryAfterMs).toBe(2_000);
    expect(toExchangeFailure(new ccxt.NetworkError('x'), scrubber, 2_000).retryAfterMs).toBeUndefined();
  });
});
