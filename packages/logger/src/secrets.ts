import { redactUrl } from './redact-url.js';

/**
 * A setting that holds a credential, by its name: SECRET, KEY, TOKEN or PASSWORD anywhere in it
 * (BUS_SECRET, EXCHANGE_API_KEY, TRADER_API_TOKEN, REDIS_PASSWORD…), whatever the case.
 */
export function isSecretName(name: string): boolean {
  return /secret|key|token|password|passphrase/i.test(name);
}

const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^:/@\s"']*):[^@\s"']+@/gi;

/** `redis://:pw@host` → `redis://:***@host` wherever a URL with a password appears in a text. */
export function scrubUrlPasswords(text: string): string {
  return text.replace(URL_CREDENTIALS, '$1:***@');
}

/** A credential's variable: SECRET, KEY… as a whole part of its name (not pnpm's npm_package_keywords). */
const CREDENTIAL_VARIABLE = /(^|_)(SECRET|KEY|TOKEN|PASSWORD|PASSPHRASE)(_|$)/i;

/**
 * The values of the environment's credentials (by name), long enough to be told apart from
 * ordinary words: what a log line must never show, even inside a message or an error's text.
 */
export function secretValues(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter(([name, value]) => CREDENTIAL_VARIABLE.test(name) && typeof value === 'string' && value.length >= 8)
    .map(([, value]) => value!);
}

/** A setting's value as it may be shown: a credential masked, a URL's password hidden. */
export function maskSetting(name: string, value: unknown): unknown {
  if (isSecretName(name)) return value === undefined || value === '' ? value : '[redacted]';
  if (typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return redactUrl(value);
  return value;
}
