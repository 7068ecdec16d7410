import type { KillSwitchState, PaperAccountResponse } from '@roottrading/contracts';
import { resetKillSwitch, resetPaperAccount } from '../../api/controls';
import type { ConfirmRequest } from '../../components/confirm-dialog';
import { formatAmount } from '../../format/precision';
import { formatDateTime } from '../../format/time';

/** The confirmation of a kill-switch reset: entries are allowed again, the loss limits start again from now. */
export function killSwitchResetRequest(k: KillSwitchState): ConfirmRequest<{ wasActive: boolean }> {
  return {
    title: 'Reset the kill switch?',
    body: (
      <>
        <p>
          Clears the kill switch
          {k.trippedAt ? `, tripped on ${formatDateTime(k.trippedAt)}` : ''}
          {k.reason ? ` (${k.reason})` : ''}: new entries are allowed again.
        </p>
        <p className="text-slate-300">
          The day&apos;s starting equity and the peak are taken again from the equity now, so the loss that tripped it
          does not trip it again; a further loss of the same size will. Positions closed by the trip stay closed.
        </p>
      </>
    ),
    confirmLabel: 'Reset the kill switch',
    danger: true,
    run: (who) => resetKillSwitch(who),
    done: (a) =>
      a.wasActive ? 'Kill switch reset: new entries are allowed again.' : 'The kill switch was not tripped.',
  };
}

/** The confirmation of a paper account reset: back to the starting balances, history kept. */
export function accountResetRequest(): ConfirmRequest<PaperAccountResponse> {
  return {
    title: 'Reset the paper account?',
    body: (
      <>
        <p>
          Puts the paper account back to its starting balances (DEMO_BALANCES): every open position is dropped without a
          trade, every resting limit order is canceled and its funds returned, and the equity marks of the kill switch
          start again.
        </p>
        <p className="text-slate-300">
          The orders, trades and closed positions so far are kept. The account then trades on the market source of the
          next candles.
        </p>
      </>
    ),
    confirmLabel: 'Reset the paper account',
    danger: true,
    run: (who) => resetPaperAccount(who),
    done: (a) =>
      `Paper account reset: ${a.balances.map((b) => `${formatAmount(b.free, b.asset)} ${b.asset}`).join(', ') || 'no balances'}.`,
  };
}
