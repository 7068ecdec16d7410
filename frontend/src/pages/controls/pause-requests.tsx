import type { ActivePause } from '@roottrading/contracts';
import { pauseEntries, resumeEntries, type ControlScope } from '../../api/controls';
import type { ConfirmRequest } from '../../components/confirm-dialog';
import { formatDateTime } from '../../format/time';

/** A scope a pause can cover, as the controls table lists it. */
export type PauseTarget = ControlScope;

/** "every new entry", "RSI_Strategy's new entries", "new entries in BTC/USDC". */
export function entriesOf(t: PauseTarget): string {
  if (t.scope === 'all') return 'every new entry';
  return t.scope === 'strategy' ? `${t.target}'s new entries` : `new entries in ${t.target}`;
}

/** The confirmation of a pause: the trader refuses those entries until they are resumed. */
export function pauseRequest(t: PauseTarget): ConfirmRequest<{ created: boolean }> {
  return {
    title: `Pause ${entriesOf(t)}?`,
    body: (
      <>
        <p>
          The trader refuses {entriesOf(t)} — signals and manual BUYs alike — until they are resumed; each one refused
          is recorded as a rejected order saying so.
        </p>
        <p className="text-slate-300">
          Open positions are not touched: their exits, stops, targets and trailing stops keep working, and they can
          still be closed. The pause is stored and survives a restart of the trader.
        </p>
      </>
    ),
    confirmLabel: 'Pause',
    danger: true,
    run: (who) => pauseEntries(t, who),
    done: (a) => (a.created ? `Paused ${entriesOf(t)}.` : `${capitalised(entriesOf(t))} were already paused.`),
  };
}

/** The confirmation of a resume: lifts that one pause (a pause of another scope stays). */
export function resumeRequest(t: PauseTarget, pause: ActivePause | undefined): ConfirmRequest<{ resumed: number }> {
  return {
    title: `Resume ${entriesOf(t)}?`,
    body: (
      <>
        <p>
          Lifts the pause of {entriesOf(t)}
          {pause ? ` set by ${pause.pausedBy} on ${formatDateTime(pause.pausedAt)}` : ''}: the next signals and manual
          BUYs are traded again (none refused while it lasted is traded now).
        </p>
        <p className="text-slate-300">
          {t.scope === 'all'
            ? 'Pauses of single strategies or symbols stay as they are.'
            : 'A pause of everything, if one is set, still holds.'}
        </p>
      </>
    ),
    confirmLabel: 'Resume',
    run: (who) => resumeEntries(t, who),
    done: (a) => (a.resumed > 0 ? `Resumed ${entriesOf(t)}.` : `Nothing to resume: ${entriesOf(t)} were not paused.`),
  };
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
