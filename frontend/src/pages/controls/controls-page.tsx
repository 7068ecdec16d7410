import { useCallback } from 'react';
import { loadControls, loadOperatorActions } from '../../api/endpoints';
import { useConfirmedAction } from '../../hooks/use-confirmed-action';
import { useRefresh, useResource } from '../../hooks/use-resource';
import { useLiveStore } from '../../live/live-context';
import { useQueryState } from '../../router';
import { AuditPanel } from './audit-panel';
import { PausePanel } from './pause-panel';
import { SafetyPanel } from './safety-panel';

const AUDIT_PAGE = 25;

/**
 * The operator's page: new entries paused or not per scope, the kill switch and the paper account,
 * each changed only after a confirmation, and the audit trail of everything asked so far.
 */
export function ControlsPage() {
  const live = useLiveStore();
  const [query, setQuery] = useQueryState();
  const page = Math.max(1, Number(query.get('page')) || 1);
  const refresh = useRefresh({ account: true });
  const controls = useResource('controls', loadControls, refresh);
  const actions = useResource(
    `operator-actions:${page}`,
    (signal) => loadOperatorActions({ page, limit: AUDIT_PAGE }, signal),
    refresh,
  );
  const reloadControls = controls.reload;
  const reloadActions = actions.reload;
  const changed = useCallback(() => {
    reloadControls();
    reloadActions();
    live.accountChanged();
  }, [reloadControls, reloadActions, live]);
  const { ask, dialog, notice } = useConfirmedAction(changed);

  return (
    <div className="grid gap-6">
      {notice && <div className="-mb-3">{notice}</div>}
      <div className="grid items-start gap-6 lg:grid-cols-2">
        <PausePanel resource={controls} ask={ask} />
        <SafetyPanel resource={controls} ask={ask} />
      </div>
      <AuditPanel resource={actions} onPage={(p) => setQuery({ page: p > 1 ? String(p) : undefined })} />
      {dialog}
    </div>
  );
}
