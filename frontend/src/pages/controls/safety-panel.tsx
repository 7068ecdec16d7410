import type { ControlsState } from '@roottrading/contracts';
import { useAppData } from '../../app-data';
import { Pill } from '../../components/badges';
import type { ConfirmRequest } from '../../components/confirm-dialog';
import { Panel } from '../../components/panel';
import { formatDateTime } from '../../format/time';
import type { Resource } from '../../hooks/use-resource';
import { accountResetRequest, killSwitchResetRequest } from './safety-requests';

const button =
  'rounded-md border border-red-700 px-3 py-1.5 text-sm font-semibold text-red-200 hover:bg-red-950 disabled:cursor-not-allowed disabled:opacity-50';

/** The kill switch (tripped or armed, and its reset) and the paper account's reset. */
export function SafetyPanel({
  resource,
  ask,
}: {
  resource: Resource<ControlsState>;
  ask: <T>(request: ConfirmRequest<T>) => void;
}) {
  const { mode } = useAppData();
  return (
    <Panel id="panel-safety" title="Kill switch and account" resource={resource}>
      {(c) => (
        <div className="grid gap-4 text-sm">
          <section aria-label="kill switch" className="grid gap-2">
            {c.killSwitch.active ? (
              <div role="alert" className="rounded-md border-2 border-red-500 bg-red-950/60 px-3 py-2 text-red-100">
                <p className="font-bold">KILL SWITCH TRIPPED: new entries are refused</p>
                <p className="break-words">
                  {c.killSwitch.reason ?? 'no reason recorded'}
                  {c.killSwitch.trippedAt && ` · since ${formatDateTime(c.killSwitch.trippedAt)}`}
                </p>
              </div>
            ) : (
              <p className="flex flex-wrap items-center gap-2">
                <span className="text-slate-300">Kill switch</span>
                <Pill tone="ok">armed, not tripped</Pill>
                {c.killSwitch.resetAt && (
                  <span className="text-xs text-slate-400">
                    last reset {formatDateTime(c.killSwitch.resetAt)}
                    {c.killSwitch.resetBy && ` by ${c.killSwitch.resetBy}`}
                  </span>
                )}
              </p>
            )}
            <div>
              <button
                type="button"
                className={button}
                disabled={!c.killSwitch.active || mode === undefined}
                onClick={() => ask(killSwitchResetRequest(c.killSwitch))}
              >
                Reset the kill switch
              </button>
              {!c.killSwitch.active && <p className="mt-1 text-xs text-slate-400">Nothing to reset while armed.</p>}
            </div>
          </section>
          <section aria-label="paper account" className="grid gap-2 border-t border-slate-800 pt-4">
            {mode === 'live' ? (
              <p className="text-slate-300">The live account is the exchange&apos;s: it cannot be reset from here.</p>
            ) : (
              <>
                <p className="text-slate-300">
                  Back to the starting balances, no positions, no resting orders; the history is kept.
                </p>
                <div>
                  <button
                    type="button"
                    className={button}
                    disabled={mode === undefined}
                    onClick={() => ask(accountResetRequest())}
                  >
                    Reset the paper account
                  </button>
                </div>
              </>
            )}
          </section>
        </div>
      )}
    </Panel>
  );
}
