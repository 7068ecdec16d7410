import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { forgetApiToken, readApiToken, saveApiToken } from '../api/api-token';
import type { ControlOutcome, Operator } from '../api/controls';
import { readOperatorName, saveOperatorName } from '../api/operator-name';
import { useAppData } from '../app-data';
import { Field, inputClass } from './field';

/** What the panel says once an action is over: done, refused in the trader's words, or unknown. */
export interface Notice {
  tone: 'ok' | 'bad' | 'warn';
  text: string;
}

/** One operator action waiting for its confirmation. */
export interface ConfirmRequest<T = unknown> {
  title: string;
  /** Exactly what will happen, in words. */
  body: ReactNode;
  confirmLabel: string;
  /** It sells, resets or stops something: a red button. */
  danger?: boolean;
  run: (who: Operator) => Promise<ControlOutcome<T>>;
  /** What to say once the trader has done it. */
  done: (answer: T) => string;
}

/** The trader's refusal as the panel shows it. */
export function refusalNotice(outcome: Exclude<ControlOutcome<unknown>, { kind: 'done' }>): Notice {
  if (outcome.kind === 'uncertain') {
    return {
      tone: 'warn',
      text: `No answer from the trader (${outcome.message}): it may or may not have happened; the audit trail shows what it did.`,
    };
  }
  return { tone: 'bad', text: `The trader refused: ${outcome.message}` };
}

const buttonBase = 'rounded-md px-4 py-2 text-sm font-bold disabled:cursor-not-allowed disabled:opacity-50';

/**
 * A modal confirmation of one operator action: what will happen, who asks (for the audit trail),
 * the API token in live mode, then the request. A refusal closes it with the trader's words for
 * the panel to show, except a bad name or token, which it asks for again.
 */
export function ConfirmDialog<T>({
  request,
  onClose,
  onFinished,
}: {
  request: ConfirmRequest<T>;
  onClose: () => void;
  onFinished: (notice: Notice) => void;
}) {
  const live = useAppData().mode === 'live';
  const [name, setName] = useState(readOperatorName);
  const [nameError, setNameError] = useState<string | undefined>();
  const [token, setToken] = useState(() => readApiToken() ?? '');
  const [askToken, setAskToken] = useState(() => readApiToken() === null);
  const [tokenError, setTokenError] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  const inFlight = useRef(false);
  const titleId = useId();
  const bodyId = useId();
  const confirmRef = useRef<HTMLButtonElement>(null);

  useFocusReturn();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !inFlight.current) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  useEffect(() => {
    if (readOperatorName()) confirmRef.current?.focus();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (inFlight.current) return;
    const requestedBy = name.trim();
    const missingToken = live && !token.trim();
    setNameError(requestedBy ? undefined : 'is required: the audit trail records who asked');
    setTokenError(missingToken ? 'is required in live mode' : undefined);
    if (!requestedBy || missingToken) return;
    inFlight.current = true;
    setSending(true);
    const outcome = await request.run({ requestedBy, ...(live ? { token: token.trim() } : {}) });
    inFlight.current = false;
    setSending(false);
    if (outcome.kind === 'done') {
      saveOperatorName(requestedBy);
      if (live) saveApiToken(token.trim());
      onFinished({ tone: 'ok', text: request.done(outcome.body) });
      return;
    }
    if (outcome.kind === 'refused' && (outcome.status === 401 || outcome.status === 403)) {
      forgetApiToken();
      setToken('');
      setAskToken(true);
      setTokenError(`the trader refused it: ${outcome.message}`);
      return;
    }
    const bad = outcome.kind === 'refused' ? outcome.details.find((d) => d.field === 'requestedBy') : undefined;
    if (bad) {
      setNameError(bad.message);
      return;
    }
    onFinished(refusalNotice(outcome));
  };

  return (
    <div className="fixed inset-0 z-50 flex items-end justify-center bg-slate-950/80 p-3 sm:items-center">
      <form
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        onSubmit={(e) => void submit(e)}
        noValidate
        className={`max-h-[90vh] w-full max-w-lg overflow-y-auto rounded-xl border-2 bg-slate-900 p-4 shadow-xl ${
          request.danger || live ? 'border-red-500' : 'border-sky-500'
        }`}
      >
        <h2 id={titleId} className="text-base font-bold text-slate-100">
          {request.title}
        </h2>
        <div id={bodyId} className="mt-2 grid gap-2 text-sm break-words text-slate-200">
          {request.body}
          {live && (
            <p className="rounded-md bg-red-600 px-3 py-2 font-bold text-white">
              LIVE: this acts on the exchange account, with real money.
            </p>
          )}
        </div>
        <div className="mt-4 grid gap-3">
          <Field label="Your name" error={nameError} hint="Recorded in the audit trail with the time.">
            {(props) => (
              <input
                {...props}
                name="requestedBy"
                autoComplete="nickname"
                autoFocus={!name}
                maxLength={64}
                className={inputClass}
                value={name}
                onChange={(e) => {
                  setName(e.target.value);
                  setNameError(undefined);
                }}
              />
            )}
          </Field>
          {live && askToken && (
            <Field
              label="Trader API token"
              error={tokenError}
              hint="Asked once; kept for this browser tab only (sessionStorage)."
            >
              {(props) => (
                <input
                  {...props}
                  name="token"
                  type="password"
                  autoComplete="off"
                  className={inputClass}
                  value={token}
                  onChange={(e) => {
                    setToken(e.target.value);
                    setTokenError(undefined);
                  }}
                />
              )}
            </Field>
          )}
        </div>
        <DialogButtons
          label={request.confirmLabel}
          danger={request.danger ?? false}
          sending={sending}
          confirmRef={confirmRef}
          onClose={onClose}
        />
      </form>
    </div>
  );
}

function DialogButtons({
  label,
  danger,
  sending,
  confirmRef,
  onClose,
}: {
  label: string;
  danger: boolean;
  sending: boolean;
  confirmRef: RefObject<HTMLButtonElement | null>;
  onClose: () => void;
}) {
  return (
    <div className="mt-4 flex flex-wrap justify-end gap-2">
      <button
        type="button"
        disabled={sending}
        className={`${buttonBase} border border-slate-600 text-slate-200 hover:bg-slate-800`}
        onClick={onClose}
      >
        Cancel
      </button>
      <button
        ref={confirmRef}
        type="submit"
        disabled={sending}
        className={`${buttonBase} text-white ${danger ? 'bg-red-600 hover:bg-red-500' : 'bg-sky-600 hover:bg-sky-500'}`}
      >
        {sending ? 'Sending…' : label}
      </button>
    </div>
  );
}

/** Focus goes back to what opened the dialog (the row's button) when it closes. */
function useFocusReturn(): void {
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    return () => opener?.focus?.();
  }, []);
}

/** The outcome of the last action, above the panel's content, until the next one or a dismissal. */
export function ActionNotice({ notice, onDismiss }: { notice: Notice; onDismiss: () => void }) {
  const style = {
    ok: 'border-emerald-700 bg-emerald-950/50 text-emerald-100',
    warn: 'border-amber-700 bg-amber-950/50 text-amber-100',
    bad: 'border-red-800/70 bg-red-950/40 text-red-200',
  }[notice.tone];
  return (
    <div
      role={notice.tone === 'ok' ? 'status' : 'alert'}
      aria-label="action result"
      className={`mb-3 flex items-start justify-between gap-3 rounded-md border px-3 py-2 text-sm ${style}`}
    >
      <p className="min-w-0 break-words">{notice.text}</p>
      <button type="button" className="shrink-0 text-xs underline" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
