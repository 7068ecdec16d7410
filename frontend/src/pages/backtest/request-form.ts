import type { ErrorBody } from '@roottrading/contracts';
import type { BacktestRequestBody } from '../../api/queue-backtest';

export type Source = 'database' | 'files' | 'synthetic';

/** The form as typed: every field text, the way the inputs hold it. */
export interface FormValues {
  source: Source;
  symbols: string;
  /** Checked strategies (when the analyzer lists them), or a comma list typed by hand. */
  strategies: string[];
  strategiesText: string;
  from: string;
  to: string;
  feeRate: string;
  slippage: string;
  stopLoss: string;
  takeProfit: string;
  trailingStop: string;
  label: string;
  other: string;
  /** A sweep instead of one run: `RSI_WINDOW=10..20:2,RSI_OVERSOLD=25|30`. */
  grid: string;
  rank: string;
  /** With a grid: N train/test windows (`pnpm backtest --walk-forward N`); empty for a plain sweep. */
  walkForward: string;
}

export type FieldName = keyof FormValues;
export type FieldErrors = Partial<Record<FieldName, string>>;

/** The settings a field of its own sets; the rest go in "other settings". */
export const SETTING_FIELDS = {
  feeRate: 'FEE_RATE',
  slippage: 'SLIPPAGE',
  stopLoss: 'STOP_LOSS',
  takeProfit: 'TAKE_PROFIT',
  trailingStop: 'TRAILING_STOP',
} as const satisfies Partial<Record<FieldName, string>>;

const commaList = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** `KEY=VALUE` lines; blank lines and `# comments` are skipped. */
export function parseSettings(text: string): { settings: Record<string, string>; error?: string } {
  const settings: Record<string, string> = {};
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) return { settings, error: `line ${i + 1}: "${line.slice(0, 40)}" is not KEY=VALUE` };
    const key = line.slice(0, eq).trim();
    if (key in settings) return { settings, error: `line ${i + 1}: ${key} is set twice` };
    settings[key] = line.slice(eq + 1).trim();
  }
  return { settings };
}

/**
 * The request body, or what is wrong with the form before anything is sent. Empty fields are left
 * out, so the service's own settings (its .env) apply to them.
 */
export function requestOf(
  v: FormValues,
  { strategyList }: { strategyList: boolean },
): { body: BacktestRequestBody; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const parsed = parseSettings(v.other);
  if (parsed.error) errors.other = parsed.error;
  const settings = { ...parsed.settings };
  for (const [field, key] of Object.entries(SETTING_FIELDS) as [keyof typeof SETTING_FIELDS, string][]) {
    const value = v[field].trim();
    if (!value) continue;
    if (key in parsed.settings) errors.other = `${key} is set twice: here and in its own field`;
    settings[key] = value;
  }
  const windows = v.walkForward.trim();
  if (windows && !/^\d+$/.test(windows)) errors.walkForward = 'must be a whole number of windows, e.g. 3';
  else if (windows && !v.grid.trim()) errors.walkForward = 'needs a sweep to choose from';
  const symbols = commaList(v.symbols).map((s) => s.toUpperCase());
  const strategies = strategyList ? v.strategies : commaList(v.strategiesText);
  const body: BacktestRequestBody = {
    source: v.source,
    settings,
    ...(symbols.length ? { symbols } : {}),
    ...(strategies.length ? { strategies } : {}),
    ...(v.from ? { from: v.from } : {}),
    ...(v.to ? { to: v.to } : {}),
    ...(v.label.trim() ? { label: v.label.trim() } : {}),
    ...(v.grid.trim() ? { grid: v.grid.trim(), rank: v.rank || 'sharpe' } : {}),
    ...(windows && /^\d+$/.test(windows) ? { walkForward: Number(windows) } : {}),
  };
  return { body, errors };
}

const REQUEST_FIELDS: Record<string, FieldName> = {
  source: 'source',
  symbols: 'symbols',
  strategies: 'strategies',
  from: 'from',
  to: 'to',
  label: 'label',
  grid: 'grid',
  rank: 'rank',
  walkForward: 'walkForward',
  SYMBOLS: 'symbols',
  STRATEGIES: 'strategies',
};

function fieldOfSetting(key: string): FieldName {
  const own = Object.entries(SETTING_FIELDS).find(([, k]) => k === key)?.[0] as FieldName | undefined;
  return own ?? REQUEST_FIELDS[key] ?? 'other';
}

/**
 * The service's 400 under the field it names: `details` when the request's shape was wrong
 * ("symbols.0", "settings.FEE_RATE"), else the setting its message starts with ("FEE_RATE must be a
 * decimal number", "STRATEGIES names an unknown strategy").
 */
export function fieldErrorsOf(message: string, details: NonNullable<ErrorBody['details']>): FieldErrors {
  const errors: FieldErrors = {};
  for (const d of details) {
    const [head, setting] = d.field.split('.');
    const field = head === 'settings' && setting ? fieldOfSetting(setting) : REQUEST_FIELDS[head ?? ''];
    if (field && !errors[field])
      errors[field] = head === 'settings' && field === 'other' ? `${setting} ${d.message}` : d.message;
  }
  // A sweep's problems: its grid, one of its combinations, or its ranking.
  if (details.length === 0 && /^(grid: |combination )/.test(message)) errors.grid = message;
  else if (details.length === 0 && message.startsWith('rank ')) errors.rank = message;
  else if (details.length === 0 && message.startsWith('walkForward')) errors.walkForward = message;
  else if (details.length === 0) {
    const setting = /^([A-Z][A-Z0-9_]+)\b/.exec(message)?.[1];
    if (setting) errors[fieldOfSetting(setting)] = message;
  }
  return errors;
}
