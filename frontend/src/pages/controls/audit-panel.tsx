import type { OperatorActionsPage, OperatorActionView } from '@roottrading/contracts';
import { Pagination } from '../../components/pagination';
import { Panel } from '../../components/panel';
import { stacked } from '../../components/stacked-table';
import { TableHead } from '../../components/table-head';
import { formatDateTime } from '../../format/time';
import type { Resource } from '../../hooks/use-resource';
import { describeAction } from './describe-action';

const COLUMNS = [{ label: 'When' }, { label: 'Who' }, { label: 'What' }, { label: 'Outcome' }] as const;

/** The trader's audit trail, newest first: who asked for what and when, and what came of it. */
export function AuditPanel({
  resource,
  onPage,
}: {
  resource: Resource<OperatorActionsPage>;
  onPage: (page: number) => void;
}) {
  return (
    <Panel
      id="panel-audit"
      title="Audit trail"
      resource={resource}
      isEmpty={(p) => p.total === 0}
      empty="No operator action yet: pauses, closes, cancels and resets are listed here with who asked and when."
      aside={resource.data && <span>{`${resource.data.total} recorded`}</span>}
    >
      {(p) => (
        <>
          <table className={`${stacked.table} sm:whitespace-normal`}>
            <caption className="sr-only">Operator actions, newest first</caption>
            <TableHead columns={COLUMNS} className={stacked.head} />
            <tbody>
              {p.actions.map((a) => (
                <ActionRow key={a.id} action={a} />
              ))}
            </tbody>
          </table>
          {p.pages > 1 && <Pagination page={p.page} pages={p.pages} total={p.total} noun="actions" onPage={onPage} />}
        </>
      )}
    </Panel>
  );
}

function ActionRow({ action: a }: { action: OperatorActionView }) {
  const { what, detail } = describeAction(a);
  const marketTime = typeof a.details.marketTime === 'string' ? a.details.marketTime : undefined;
  // In a replay the account's clock is the candles': shown when it is not the time the action came in.
  const replayed = marketTime !== undefined && Math.abs(Date.parse(marketTime) - Date.parse(a.at)) > 60_000;
  return (
    <tr className={stacked.row} data-action={a.action} data-action-id={a.id}>
      <td data-label="When" className={`${stacked.cell} text-slate-300 sm:whitespace-nowrap`}>
        <time dateTime={a.at}>{formatDateTime(a.at)}</time>
        {replayed && <span className="block text-xs text-slate-400">market time {formatDateTime(marketTime)}</span>}
      </td>
      <td data-label="Who" className={`${stacked.cell} font-semibold`}>
        {a.actor}
      </td>
      <td data-label="What" className={`${stacked.cell} ${stacked.wide}`}>
        {what}
      </td>
      <td data-label="Outcome" className={`${stacked.cell} ${stacked.wide} text-slate-300`}>
        {detail || '—'}
      </td>
    </tr>
  );
}
