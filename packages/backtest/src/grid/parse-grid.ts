import { ConfigError } from '@roottrading/config';
import { BACKTEST_SETTINGS, unknownSettings } from '../setting-names.js';

/** One swept variable and the values it takes, as the environment would hold them. */
export interface GridAxis {
  name: string;
  values: string[];
}

/** More combinations than this is almost surely a typo in a step. */
export const MAX_COMBINATIONS = 10_000;

const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * `RSI_WINDOW=10..20:2,RSI_OVERSOLD=25|30`: each axis a name and either a range `from..to[:step]`
 * (inclusive, step 1 by default; decimals keep the step's places) or values separated by `|`.
 */
export function parseGrid(spec: string): GridAxis[] {
  const axes: GridAxis[] = [];
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new ConfigError(`--grid: "${part}" is not NAME=from..to[:step] or NAME=a|b|c`);
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    if (axes.some((a) => a.name === name)) throw new ConfigError(`--grid: ${name} is given twice`);
    axes.push({ name, values: raw.includes('..') ? range(name, raw) : list(name, raw) });
  }
  if (axes.length === 0) throw new ConfigError('--grid: name at least one variable, e.g. RSI_WINDOW=10..20:2');
  const unknown = unknownSettings(axes.map((a) => a.name));
  if (unknown.length > 0) {
    throw new ConfigError(
      `--grid: ${unknown.join(', ')} is not a setting a backtest can vary; these can: ${BACKTEST_SETTINGS.join(', ')}`,
    );
  }
  const count = axes.reduce((n, a) => n * a.values.length, 1);
  if (count > MAX_COMBINATIONS) throw new ConfigError(`--grid: ${count} combinations; at most ${MAX_COMBINATIONS}`);
  return axes;
}

function list(name: string, raw: string): string[] {
  const values = raw.split('|').map((v) => v.trim());
  if (values.some((v) => v === '')) throw new ConfigError(`--grid: ${name}=${raw} has an empty value`);
  return [...new Set(values)];
}

function range(name: string, raw: string): string[] {
  const m = /^(.+?)\.\.(.+?)(?::(.+))?$/.exec(raw);
  const [from, to, step = '1'] = m ? [m[1]!, m[2]!, m[3]] : [];
  if (!m || !NUMBER.test(from!) || !NUMBER.test(to!) || !NUMBER.test(step)) {
    throw new ConfigError(`--grid: ${name}=${raw} is not a range like 10..20 or 10..20:2`);
  }
  const places = Math.max(decimals(from!), decimals(to!), decimals(step));
  // Whole units of the finest decimal place: 0.1 + 0.2 never drifts.
  const scale = 10 ** places;
  const [a, b, s] = [
    Math.round(Number(from) * scale),
    Math.round(Number(to) * scale),
    Math.round(Number(step) * scale),
  ];
  if (s <= 0) throw new ConfigError(`--grid: ${name}=${raw}: the step must be above 0`);
  if (b < a) throw new ConfigError(`--grid: ${name}=${raw}: the range must not run backwards`);
  const out: string[] = [];
  for (let v = a; v <= b; v += s) out.push((v / scale).toFixed(places));
  return out;
}

const decimals = (v: string) => (v.includes('.') ? v.split('.')[1]!.length : 0);

/** Every combination of the axes, the first axis slowest. */
export function combinations(axes: readonly GridAxis[]): Record<string, string>[] {
  let out: Record<string, string>[] = [{}];
  for (const axis of axes) out = out.flatMap((c) => axis.values.map((v) => ({ ...c, [axis.name]: v })));
  return out;
}
