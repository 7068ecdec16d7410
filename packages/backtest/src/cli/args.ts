import { parseArgs } from 'node:util';
import { ConfigError } from '@roottrading/config';

export interface CliArgs {
  source: 'files' | 'synthetic' | 'database' | null;
  data?: string;
  symbols?: string;
  strategies?: string;
  from?: number;
  to?: number;
  json?: string;
  csv?: string;
  grid?: string;
  rank: string;
  quote?: string;
  threads?: number;
  walkForward?: number;
  help: boolean;
}

export const USAGE = `pnpm backtest [--data DIR | --synthetic | --database] [options]

Candles (one of; without one, MARKET_SOURCE decides: replay → REPLAY_DIR, synthetic → the walk, ccxt → the database):
  --data DIR          candle files, one per symbol (the replay source's files and matching rules)
  --synthetic         the synthetic source's seeded walk (SYNTHETIC_* variables)
  --database          the candles table at DATABASE_URL
Options:
  --symbols LIST      instead of SYMBOLS, e.g. BTC/USDC,BTC/USDT
  --strategies LIST   instead of STRATEGIES, e.g. rsi,bollinger
  --from TIME         first candle open time (ISO date or time, or epoch ms), inclusive
  --to TIME           last candle open time, exclusive
  --json FILE         the whole result as JSON (money as decimal strings)
  --csv FILE          the trades as CSV
Sweeps:
  --grid SPEC         every combination, e.g. 'RSI_WINDOW=10..20:2,RSI_OVERSOLD=25|30', on worker threads
  --rank METRIC       sharpe (default), sortino, calmar, return, profit_factor, win_rate, expectancy,
                      net_profit or drawdown
  --quote CUR         the currency whose metric ranks (default: the first one traded)
  --threads N         worker threads (default: one per core)
  --walk-forward N    N train/test windows: each combination in and out of sample
Everything else (fees, slippage, sizing, protections, risk limits, DEMO_BALANCES, strategy
parameters) is read from the environment and .env, as the stack reads it.`;

function time(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00Z` : raw);
  if (!Number.isFinite(ms)) {
    throw new ConfigError(
      `--${name} must be an ISO date or time like 2023-03-01 or 2023-03-01T12:00:00Z, or epoch ms (got "${raw}")`,
    );
  }
  return ms;
}

export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        data: { type: 'string' },
        synthetic: { type: 'boolean', default: false },
        database: { type: 'boolean', default: false },
        symbols: { type: 'string' },
        strategies: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        json: { type: 'string' },
        csv: { type: 'string' },
        grid: { type: 'string' },
        rank: { type: 'string', default: 'sharpe' },
        quote: { type: 'string' },
        threads: { type: 'string' },
        'walk-forward': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw new ConfigError(`${(err as Error).message}\n\n${USAGE}`);
  }
  const v = parsed.values;
  const chosen = [v.data !== undefined && 'files', v.synthetic && 'synthetic', v.database && 'database'].filter(
    (s): s is 'files' | 'synthetic' | 'database' => typeof s === 'string',
  );
  if (chosen.length > 1) throw new ConfigError('give one of --data, --synthetic and --database');
  const from = time('from', v.from);
  const to = time('to', v.to);
  if (from !== undefined && to !== undefined && to <= from) throw new ConfigError('--to must be after --from');
  const threads = count('threads', v.threads, 256);
  const walkForward = count('walk-forward', v['walk-forward'], 100);
  if (walkForward !== undefined && v.grid === undefined)
    throw new ConfigError('--walk-forward needs a --grid to choose from');
  return {
    source: chosen[0] ?? null,
    ...(v.data !== undefined ? { data: v.data } : {}),
    ...(v.symbols !== undefined ? { symbols: v.symbols } : {}),
    ...(v.strategies !== undefined ? { strategies: v.strategies } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(v.json !== undefined ? { json: v.json } : {}),
    ...(v.csv !== undefined ? { csv: v.csv } : {}),
    ...(v.grid !== undefined ? { grid: v.grid } : {}),
    rank: v.rank,
    ...(v.quote !== undefined ? { quote: v.quote.toUpperCase() } : {}),
    ...(threads !== undefined ? { threads } : {}),
    ...(walkForward !== undefined ? { walkForward } : {}),
    help: v.help,
  };
}

function count(name: string, raw: string | undefined, max: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
    throw new ConfigError(`--${name} must be a whole number from 1 to ${max} (got "${raw}")`);
  }
  return Number(raw);
}
