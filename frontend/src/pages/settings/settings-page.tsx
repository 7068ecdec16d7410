import type { SettingsResponse } from '@roottrading/contracts';
import { DIAGNOSED, loadSettings, type DiagnosedName } from '../../api/diagnostics';
import { Panel } from '../../components/panel';
import { useResource } from '../../hooks/use-resource';

/** A value as the settings list shows it: text as is, anything else as compact JSON. */
function shown(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? (value === '' ? '(empty)' : value) : JSON.stringify(value);
}

/**
 * Read-only: what every service runs with — its configuration as it parsed the environment,
 * credentials masked by the service itself — and the strategies the analyzer loaded.
 */
export function SettingsPage() {
  return (
    <div className="grid gap-4">
      <p className="text-sm text-slate-400">
        Each service&apos;s effective configuration (and the web process&apos;s, as web), as it parsed its environment.
        Change a value in <code className="text-slate-200">.env</code> and restart the service; nothing here can be
        edited. Secrets (anything named like SECRET, KEY, TOKEN or PASSWORD, and passwords in URLs) are masked by the
        service.
      </p>
      {DIAGNOSED.map((s) => (
        <ServiceSettings key={s} service={s} />
      ))}
    </div>
  );
}

function ServiceSettings({ service }: { service: DiagnosedName }) {
  const settings = useResource(`settings:${service}`, (signal) => loadSettings(service, signal));
  return (
    <Panel id={`panel-settings-${service}`} title={service} resource={settings}>
      {(s) => (
        <div className="grid gap-4">
          {s.strategies && <Strategies strategies={s.strategies} />}
          <SettingList settings={s.settings} />
        </div>
      )}
    </Panel>
  );
}

function Strategies({ strategies }: { strategies: NonNullable<SettingsResponse['strategies']> }) {
  return (
    <div>
      <h3 className="mb-2 text-xs font-semibold tracking-wide text-slate-300 uppercase">Loaded strategies</h3>
      <ul className="grid gap-2 md:grid-cols-3">
        {strategies.map((st) => (
          <li key={st.name} className="min-w-0 rounded-md border border-slate-800 p-3" data-strategy={st.name}>
            <p className="font-semibold text-slate-100">{st.name}</p>
            <dl className="mt-1 grid grid-cols-2 gap-x-3 text-sm">
              {Object.entries(st.params).map(([k, v]) => (
                <div key={k} className="contents">
                  <dt className="text-slate-400">{k}</dt>
                  <dd className="min-w-0 font-mono break-all text-slate-100">{shown(v)}</dd>
                </div>
              ))}
            </dl>
            {st.protection !== undefined && st.protection !== null && (
              <p className="mt-1 text-xs break-all text-slate-400">protection: {shown(st.protection)}</p>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function SettingList({ settings }: { settings: Record<string, unknown> }) {
  const entries = Object.entries(settings).sort(([a], [b]) => a.localeCompare(b));
  return (
    <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[minmax(12rem,max-content)_1fr]" aria-label="settings">
      {entries.map(([k, v]) => (
        <div key={k} className="contents" data-setting={k}>
          <dt className="min-w-0 font-mono text-xs break-all text-slate-400 sm:text-sm">{k}</dt>
          <dd className={`min-w-0 font-mono break-all ${v === '[redacted]' ? 'text-amber-300' : 'text-slate-100'}`}>
            {shown(v)}
          </dd>
        </div>
      ))}
    </dl>
  );
}
