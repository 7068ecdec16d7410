import { Component, type ErrorInfo, type ReactNode } from 'react';
import type { LoadError, Resource } from '../hooks/use-resource';

interface PanelProps<T> {
  title: string;
  resource: Resource<T>;
  /** True when the answer holds nothing to show. */
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
  /** Small things in the header: counts, a selector. */
  aside?: ReactNode;
  className?: string;
  /** Extra id for tests and links ("panel-summary"). */
  id?: string;
}

/** One box on the page with its own loading, empty, error and stale states. */
export function Panel<T>({ title, resource, isEmpty, empty, children, aside, className = '', id }: PanelProps<T>) {
  const { data, error, loading, updatedAt } = resource;
  return (
    <section
      id={id}
      aria-labelledby={id ? `${id}-title` : undefined}
      aria-busy={loading}
      className={`min-w-0 rounded-xl border border-slate-800 bg-slate-900/60 shadow-sm ${className}`}
    >
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-800 px-4 py-3">
        <h2
          id={id ? `${id}-title` : undefined}
          className="text-sm font-semibold tracking-wide text-slate-200 uppercase"
        >
          {title}
        </h2>
        <div className="flex flex-wrap items-center gap-3 text-xs text-slate-400">
          {aside}
          {loading && data !== undefined && <span aria-live="polite">refreshing…</span>}
          {updatedAt && !loading && (
            <span title={updatedAt.toISOString()} className="hidden sm:inline">
              updated {updatedAt.toLocaleTimeString()}
            </span>
          )}
        </div>
      </header>
      <div className="p-4">
        {data === undefined && loading && <Loading />}
        {data === undefined && !loading && error && <ErrorBox error={error} />}
        {data === undefined && !loading && !error && <p className="py-6 text-center text-sm text-slate-400">{empty}</p>}
        {data !== undefined && error && <StaleNotice error={error} updatedAt={updatedAt} />}
        {data !== undefined && (
          <PanelBoundary>
            {isEmpty?.(data) ? <p className="py-6 text-center text-sm text-slate-400">{empty}</p> : children(data)}
          </PanelBoundary>
        )}
      </div>
    </section>
  );
}

export function Loading({ label = 'loading' }: { label?: string }) {
  return (
    <div className="animate-pulse space-y-2 py-2" role="status" aria-label={label}>
      <div className="h-4 w-2/3 rounded bg-slate-800" />
      <div className="h-4 w-1/2 rounded bg-slate-800" />
      <div className="h-4 w-3/5 rounded bg-slate-800" />
    </div>
  );
}

/** The headline says what is wrong in a trader's words: the service is down, or lacks the endpoint. */
export function errorHeadline(error: LoadError): string {
  if (error.down) return error.service === 'web server' ? 'The web server is unreachable' : `${error.service} is down`;
  if (error.missing) return `${error.service} does not offer this yet`;
  return `Could not load from ${error.service}`;
}

export function ErrorBox({ error, retrying = true }: { error: LoadError; retrying?: boolean }) {
  return (
    <div
      role="alert"
      data-error-service={error.service}
      className="rounded-md border border-red-800/70 bg-red-950/40 px-3 py-3 text-sm text-red-200"
    >
      <p className="font-semibold">{errorHeadline(error)}</p>
      <p className="mt-1 break-words text-red-300">
        {error.message}
        {error.status !== undefined && ` (HTTP ${error.status})`}
      </p>
      {retrying && <p className="mt-1 text-xs text-red-300/80">Trying again every 10 s.</p>}
    </div>
  );
}

function StaleNotice({ error, updatedAt }: { error: LoadError; updatedAt?: Date }) {
  return (
    <p
      role="alert"
      className="mb-3 rounded-md border border-amber-700/60 bg-amber-950/40 px-3 py-2 text-xs text-amber-200"
    >
      {errorHeadline(error)}: showing the last answer, from {updatedAt?.toLocaleTimeString() ?? 'earlier'} (
      {error.message}).
    </p>
  );
}

/** An answer a panel cannot draw (a contract drift) breaks that panel only, not the page. */
class PanelBoundary extends Component<{ children: ReactNode }, { failure?: string }> {
  override state: { failure?: string } = {};

  static getDerivedStateFromError(err: unknown) {
    return { failure: err instanceof Error ? err.message : String(err) };
  }

  override componentDidCatch(err: unknown, info: ErrorInfo) {
    console.error('panel failed to render', err, info.componentStack);
  }

  override render() {
    if (this.state.failure) {
      return (
        <ErrorBox
          retrying={false}
          error={{ message: this.state.failure, service: 'this panel', down: false, missing: false }}
        />
      );
    }
    return this.props.children;
  }
}
