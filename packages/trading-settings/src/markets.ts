import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { Decimal } from '@roottrading/accounting';
import { ConfigError } from '@roottrading/config';
import { baseOf, quoteOf, symbolSchema } from '@roottrading/contracts';
import type { MarketRules, Markets } from '@roottrading/engine';

export const DEFAULT_MARKETS_FILE = fileURLToPath(new URL('./markets.json', import.meta.url));

const positive = z
  .string()
  .regex(/^(0|[1-9]\d*)(\.\d+)?$/, 'must be a decimal string')
  .refine((v) => /[1-9]/.test(v), 'must be greater than zero');
const nonNegative = z.string().regex(/^(0|[1-9]\d*)(\.\d+)?$/, 'must be a decimal string');

const fileSchema = z.object({
  note: z.string().optional(),
  markets: z.record(symbolSchema, z.strictObject({ tickSize: positive, stepSize: positive, minNotional: nonNegative })),
});

/** Reads and validates the markets file; every problem is one line naming the file and the entry. */
export function loadMarkets(file: string = DEFAULT_MARKETS_FILE): Map<string, MarketRules> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`markets file ${file} could not be read: ${(err as Error).message}`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`markets file ${file}: ${issue?.path.join('.')} ${issue?.message}`);
  }
  const out = new Map<string, MarketRules>();
  for (const [symbol, rules] of Object.entries(parsed.data.markets)) {
    out.set(symbol, {
      symbol,
      base: baseOf(symbol),
      quote: quoteOf(symbol),
      tickSize: new Decimal(rules.tickSize),
      stepSize: new Decimal(rules.stepSize),
      minNotional: new Decimal(rules.minNotional),
    });
  }
  return out;
}

/** Start fails when a configured symbol has no rules: trading it would ignore tick, step and minimum. */
export function requireMarkets(markets: Markets, symbols: readonly string[], file: string): void {
  const missing = symbols.filter((s) => !markets.has(s));
  if (missing.length > 0) {
    throw new ConfigError(
      `no market rules for ${missing.join(', ')} in ${file}: add ${missing.length > 1 ? 'them' : 'it'} there (tickSize, stepSize, minNotional) or point MARKETS_FILE at a file that has ${missing.length > 1 ? 'them' : 'it'}`,
    );
  }
}
