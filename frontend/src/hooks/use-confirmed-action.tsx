import { useCallback, useState, type ReactNode } from 'react';
import { ActionNotice, ConfirmDialog, type ConfirmRequest, type Notice } from '../components/confirm-dialog';

/**
 * A panel's operator actions: `ask` opens the confirmation of one, `dialog` is that confirmation
 * (render it anywhere in the panel), `notice` what became of the last one. `onDone` runs after the
 * trader answered (reload what it changed), whatever the answer.
 */
export function useConfirmedAction(onDone?: () => void): {
  ask: <T>(request: ConfirmRequest<T>) => void;
  dialog: ReactNode;
  notice: ReactNode;
} {
  const [asked, setAsked] = useState<ConfirmRequest<unknown> | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const ask = useCallback(<T,>(request: ConfirmRequest<T>) => {
    setNotice(null);
    setAsked(request as ConfirmRequest<unknown>);
  }, []);
  const close = useCallback(() => setAsked(null), []);
  const finished = useCallback(
    (n: Notice) => {
      setAsked(null);
      setNotice(n);
      onDone?.();
    },
    [onDone],
  );
  return {
    ask,
    dialog: asked ? <ConfirmDialog request={asked} onClose={close} onFinished={finished} /> : null,
    notice: notice ? <ActionNotice notice={notice} onDismiss={() => setNotice(null)} /> : null,
  };
}
