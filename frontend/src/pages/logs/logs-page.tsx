import { useEffect, useRef } from 'react';
import type { LogLine } from '@roottrading/contracts';
import { DIAGNOSED, type DiagnosedName } from '../../api/diagnostics';
import { Field, FilterSelect, inputClass } from '../../components/field';
import { ErrorBox, Loading } from '../../components/panel';
import { formatDateTime, isoOf } from '../../format/time';
import { useQueryState } from '../../router';
import { useLogFollow } from './use-log-follow';

const LEVELS = ['debug', 'info', 'warn', 'error', 'fatal'] as const;

const LEVEL_STYLE: Record<string, string> = {
  trace: 'text-slate-500',
  debug: 'text-slate-400',
  info: 'text-sky-300',
  warn: 'text-amber-300',
  error: 'text-red-300',
  fatal: 'bg-red-700 px-1 text-white',
};

/** What a line says besides its time, level and message (pino's own fields left out). */
const COMMON = new Set(['time', 'level', 'msg', 'service', 'pid', 'hostname']);
function extras(line: LogLine): string {
  const rest = Object.entries(line.fields).filter(([k]) => !COMMON.has(k));
  return rest.length === 0 ? '' : JSON.stringify(Object.fromEntries(rest));
}

/**
 * Each service's last log lines (it keeps 1,000, secrets redacted), at the chosen level and above,
 * newest at the bottom; while following, new lines arrive every 2 s and the list stays scrolled down.
 */
export function LogsPage() {
  const [query, setQuery] = useQueryState();
  const chosen = query.get('service');
  const service: DiagnosedName = DIAGNOSED.includes(chosen as DiagnosedName) ? (chosen as DiagnosedName) : 'trader';
  const level = query.get('level') || undefined;
  const follow = query.get('follow') !== 'off';
  const logs = useLogFollow(service, level, follow);
  const list = useRef<HTMLOListElement>(null);

  useEffect(() => {
    const el = list.current;
    if (el && follow) el.scrollTop = el.scrollHeight;
  }, [logs.lines, follow]);

  return (
    <div className="grid gap-4">
      <form
        aria-label="log filters"
        className="grid grid-cols-2 items-end gap-3 rounded-xl border border-slate-800 bg-slate-900/60 p-4 md:grid-cols-4"
        onSubmit={(e) => e.preventDefault()}
      >
        <Field label="Service">
          {(props) => (
            <select
              {...props}
              className={inputClass}
              value={service}
              onChange={(e) => setQuery({ service: e.target.value === 'trader' ? undefined : e.target.value })}
            >
              {DIAGNOSED.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <FilterSelect
          label="Level"
          value={level ?? ''}
          options={LEVELS.map((l) => ({ value: l, label: `${l} and above` }))}
          allLabel="Every level"
          onChange={(v) => setQuery({ level: v })}
        />
        <label className="flex items-center gap-2 py-2 text-sm text-slate-200">
          <input
            type="checkbox"
            checked={follow}
            onChange={(e) => setQuery({ follow: e.target.checked ? undefined : 'off' })}
            className="h-4 w-4 accent-sky-500"
          />
          Follow new lines
        </label>
      </form>
      <section
        id="panel-logs"
        aria-labelledby="panel-logs-title"
        className="min-w-0 rounded-xl border border-slate-800 bg-slate-900/60"
      >
        <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-800 px-4 py-3">
          <h2 id="panel-logs-title" className="text-sm font-semibold tracking-wide text-slate-200 uppercase">
            {`${service} log`}
          </h2>
          <span className="text-xs text-slate-400" aria-live="polite">
            {`${logs.lines.length} lines${follow ? ' · following' : ''}`}
          </span>
        </header>
        <div className="p-4">
          {logs.error && <ErrorBox error={logs.error} retrying={follow} />}
          {logs.loading && logs.lines.length === 0 && <Loading label="loading log lines" />}
          {!logs.loading && !logs.error && logs.lines.length === 0 && (
            <p className="py-6 text-center text-sm text-slate-400">No lines at this level yet.</p>
          )}
          {logs.lines.length > 0 && (
            <ol
              ref={list}
              aria-label={`${service} log lines, oldest first`}
              className="max-h-[70vh] overflow-y-auto font-mono text-xs leading-5"
            >
              {logs.lines.map((l) => (
                <li key={l.seq} data-log-seq={l.seq} data-level={l.level} className="border-b border-slate-800/60 py-1 break-words last:border-0">
                  <span className="mr-2 text-slate-400" title={l.time ? isoOf(l.time) : undefined}>
                    {formatDateTime(l.time)}
                  </span>
                  <span className={`mr-2 font-bold uppercase ${LEVEL_STYLE[l.level] ?? ''}`}>{l.level}</span>
                  <span className="text-slate-100">{l.msg}</span>
                  {extras(l) && <span className="ml-2 break-all text-slate-400">{extras(l)}</span>}
                </li>
              ))}
            </ol>
          )}
        </div>
      </section>
    </div>
  );
}
