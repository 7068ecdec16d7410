import { Decimal } from '@roottrading/accounting';

/** Largest amount NUMERIC(38,18) holds with room to spare: 20 integer digits. */
const MAX_AMOUNT = new Decimal('1e20');
const ASSET_RE = /^[A-Z0-9]{2,15}$/;
const AMOUNT_RE = /^(0|[1-9]\d*)(\.\d{1,18})?$/;

/**
 * "USDC=10000,USDT=10000" → ordered [asset, amount] pairs. Strict: every part must be ASSET=amount,
 * no asset twice, no exponent or sign, at most 18 decimals (the database scale), so the paper
 * account starts with exactly what was written. Returns an error text for the env schema.
 */
export function parseDemoBalances(raw: string): Map<string, Decimal> | string {
  const out = new Map<string, Decimal>();
  const parts = raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return 'must name at least one asset, like USDC=10000,USDT=10000';
  for (const part of parts) {
    const [assetRaw, amount, extra] = part.split('=').map((s) => s.trim());
    const asset = assetRaw?.toUpperCase() ?? '';
    if (extra !== undefined || amount === undefined || !ASSET_RE.test(asset) || !AMOUNT_RE.test(amount)) {
      return `must be a list like USDC=10000,USDT=10000 ("${part}" is not ASSET=amount)`;
    }
    if (out.has(asset)) return `names ${asset} twice`;
    const value = new Decimal(amount);
    if (value.gte(MAX_AMOUNT)) return `gives ${asset} more than the database can hold (${amount})`;
    out.set(asset, value);
  }
  return out;
}
