import { useRef, useState, type FormEvent } from 'react';
import type { BacktestRun } from '@roottrading/contracts';
import { queueBacktest } from '../../api/queue-backtest';
import { Field, inputClass } from '../../components/field';
import { StrategyField, TextField } from './form-fields';
import { fieldErrorsOf, requestOf, type FieldErrors, type FormValues, type Source } from './request-form';

const EMPTY: Omit<FormValues, 'source' | 'symbols'> = {
  strategies: [],
  strategiesText: '',
  from: '',
  to: '',
  feeRate: '',
  slippage: '',
  stopLoss: '',
  takeProfit: '',
  trailingStop: '',
  label: '',
  other: '',
  grid: '',
  rank: 'sharpe',
  walkForward: '',
};

/** What a sweep may be ranked by (the service's RANKINGS). */
const RANKS = [
  'sharpe',
  'sortino',
  'calmar',
  'return',
  'profit_factor',
  'win_rate',
  'expectancy',
  'net_profit',
  'drawdown',
];

/** The candles the stack itself trades on, as a first guess: a replay's files, the synthetic walk, else the candles table. */
export function sourceFor(marketSource: string | undefined): Source {
  if (marketSource === 'replay') return 'files';
  if (marketSource === 'synthetic') return 'synthetic';
  return 'database';
}

/**
 * Queues a backtest. Empty fields are the backtest service's own settings (its .env); the service
 * checks everything before queuing, and its 400 is shown here, under the field it names.
 */
export function BacktestForm({
  symbols,
  marketSource,
  strategyNames,
  onQueued,
  onSwept,
}: {
  /** The stack's configured symbols: the first guess for the symbols field. */
  symbols: readonly string[];
  marketSource?: string;
  /** The analyzer's strategies, as checkboxes; none known: a text field. */
  strategyNames: readonly string[];
  onQueued: (run: BacktestRun) => void;
  /** A sweep was queued: its id. */
  onSwept: (sweepId: string) => void;
}) {
  const [edits, setEdits] = useState<Partial<FormValues>>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const sending = useRef(false);
  const values: FormValues = { source: sourceFor(marketSource), symbols: symbols.join(','), ...EMPTY, ...edits };
  const change = (patch: Partial<FormValues>) => {
    setEdits((e) => ({ ...e, ...patch }));
    // A field's error is about what it held: editing it clears that error.
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !(k in patch))));
  };
  const fields = { values, errors, onChange: change };

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (sending.current) return;
    const { body, errors: local } = requestOf(values, { strategyList: strategyNames.length > 0 });
    if (Object.keys(local).length > 0) {
      setErrors(local);
      setMessage('Correct the fields marked before queuing.');
      return;
    }
    sending.current = true;
    setBusy(true);
    const outcome = await queueBacktest(body);
    sending.current = false;
    setBusy(false);
    if (outcome.kind === 'queued') {
      setErrors({});
      setMessage(undefined);
      onQueued(outcome.run);
    } else if (outcome.kind === 'sweep') {
      setErrors({});
      setMessage(undefined);
      onSwept(outcome.sweep.id);
    } else if (outcome.kind === 'invalid') {
      setErrors(fieldErrorsOf(outcome.message, outcome.details));
      setMessage(outcome.message);
    } else {
      setMessage(outcome.message);
    }
  }

  return (
    <form aria-label="new backtest" noValidate onSubmit={submit} className="grid gap-4">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field label="Source" error={errors.source}>
          {(props) => (
            <select
              {...props}
              className={inputClass}
              value={values.source}
              onChange={(e) => change({ source: e.target.value as Source })}
            >
              <option value="database">Database (candles table)</option>
              <option value="files">Files (REPLAY_DIR)</option>
              <option value="synthetic">Synthetic walk</option>
            </select>
          )}
        </Field>
        <div className="sm:col-span-2 lg:col-span-3">
          <TextField {...fields} name="symbols" label="Symbols" placeholder="BTC/USDC,BTC/USDT" hint="A comma list." />
        </div>
        <TextField {...fields} name="from" label="From" type="date" />
        <TextField {...fields} name="to" label="To (exclusive)" type="date" />
        <TextField {...fields} name="feeRate" label="Fee rate" placeholder="0.001" hint="0.001 = 0.1 %" />
        <TextField {...fields} name="slippage" label="Slippage" placeholder="0.0005" />
        <TextField {...fields} name="stopLoss" label="Stop loss" placeholder="2%" />
        <TextField {...fields} name="takeProfit" label="Take profit" placeholder="3%" />
        <TextField {...fields} name="trailingStop" label="Trailing stop" placeholder="1.5%" />
        <TextField {...fields} name="label" label="Label" placeholder="RSI 10, 2 % stop" />
      </div>
      {strategyNames.length > 0 ? (
        <StrategyField {...fields} names={strategyNames} />
      ) : (
        <TextField
          {...fields}
          name="strategiesText"
          label="Strategies"
          placeholder="RSI_Strategy,SimpleMA_Cross"
          hint="A comma list; empty: the backtest service's STRATEGIES."
        />
      )}
      <TextField
        {...fields}
        name="other"
        label="Other settings"
        placeholder={'RSI_WINDOW=10\nSYNTHETIC_COUNT=10000'}
        hint="KEY=VALUE lines: strategy parameters, sizing, risk limits, DEMO_BALANCES, the synthetic walk's SYNTHETIC_*."
      />
      <div className="grid gap-3 sm:grid-cols-[1fr_auto_auto]">
        <TextField
          {...fields}
          name="grid"
          label="Sweep (optional)"
          placeholder="RSI_WINDOW=10..20:2,RSI_OVERSOLD=25|30"
          hint="Every combination as a run of its own, ranked: NAME=from..to[:step] or NAME=a|b|c, comma separated."
        />
        <Field label="Rank by" error={errors.rank}>
          {(props) => (
            <select
              {...props}
              className={inputClass}
              value={values.rank}
              onChange={(e) => change({ rank: e.target.value })}
            >
              {RANKS.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          )}
        </Field>
        <TextField
          {...fields}
          name="walkForward"
          label="Walk-forward windows"
          placeholder="none"
          hint="With a sweep: the period in N + 1 parts, the best combination in each part tested on the next."
        />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={busy}
          className="rounded-md bg-sky-600 px-4 py-2 text-sm font-semibold text-white hover:bg-sky-500 disabled:cursor-wait disabled:opacity-60"
        >
          {busy ? 'Queuing…' : values.grid.trim() ? 'Queue sweep' : 'Queue backtest'}
        </button>
        {message && (
          <p role="alert" aria-label="backtest refused" className="min-w-0 flex-1 break-words text-sm text-red-300">
            {message}
          </p>
        )}
      </div>
    </form>
  );
}
