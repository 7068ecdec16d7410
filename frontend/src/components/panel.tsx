import { Component, type ErrorInfo, type ReactNode } from 'react';
import type { Resource } from '../use-resource';

interface PanelProps<T> {
  title: string;
  /** Which service the data comes from, named in error messages. */
  source: string;
  resource: Resource<T>;
  /** True when the answer holds nothing to show yet. */
  isEmpty: (data: T) => boolean;
  empty: ReactNode;
  children: (data: T) => ReactNode;
  aside?: ReactNode;
}

/** One box on the page with its own loading, empty, error and stale states. */
export function Panel<T>({ title, source, resource, isEmpty, empty, children, aside }: PanelProps<T>) {
  const { data, error, loading, updatedAt } = resource;
  return (
    <section className="rounded-xl border border-slate-800 bg-slate-900/60 shadow-sm">
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-800 px-4 py-3">
        <h2 className="text-sm font-semibold tracking-wide text-slate-200 uppercase">{title}</h2>
        <div className="flex items-center gap-3 text-xs text-slate-500">
          {aside}
          {loading && data !== undefined && <span aria-live="polite">refreshing…</span>}
          {updatedAt && <span title={updatedAt.toISOString()}>updated {updatedAt.toLocaleTimeString()}</span>}
        </div>
      </header>
      <div className="p-4">
        {data === undefined && loading && <Loading />}
        {data === undefined && !loading && error && <ErrorBox source={source} message={error} />}
        {data !== undefined && error && (
          <p className="mb-3 rounded-md border border-amber-700/60 bg-amber-950/40 px-3 py-2 text-xs text-amber-200">
            Showing the last answer from {updatedAt?.toLocaleTimeString() ?? 'earlier'}: the latest refresh failed (
            {error}).
          </p>
        )}
        {data !== undefined && (
          <PanelBoundary source={source}>
            {isEmpty(data) ? <p className="py-6 text-center text-sm text-slate-400">{empty}</p> : children(data)}
          </PanelBoundary>
        )}
      </div>
    </section>
  );
}

function Loading() {
  return (
    <div className="animate-pulse space-y-2 py-2" aria-label="loading">
      <div className="h-4 w-2/3 rounded bg-slate-800" />
      <div className="h-4 w-1/2 rounded bg-slate-800" />
      <div className="h-4 w-3/5 rounded bg-slate-800" />
    </div>
  );
}

export function ErrorBox({ source, message }: { source: string; message: string }) {
  return (
    <div role="alert" className="rounded-md border border-red-800/70 bg-red-950/40 px-3 py-3 text-sm text-red-200">
      <p className="font-medium">Could not load from {source}</p>
      <p className="mt-1 text-red-300/90">{message}</p>
      <p className="mt-1 text-xs text-red-300/60">Retrying every 10 s.</p>
    </div>
  );
}

/** An answer the panel cannot draw (a contract drift) breaks that panel only, not the page. */
class PanelBoundary extends Component<{ source: string; children: ReactNode }, { failure?: string }> {
  override state: { failure?: string } = {};

  static getDerivedStateFromError(err: unknown) {
    return { failure: err instanceof Error ? err.message : String(err) };
  }

  override componentDidCatch(err: unknown, info: ErrorInfo) {
    console.error('panel failed to render', err, info.componentStack);
  }

  override render() {
    if (this.state.failure) {
      return <ErrorBox source={this.props.source} message={`unexpected answer: ${this.state.failure}`} />;
    }
    return this.props.children;
  }
}
