import { useCallback, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/**
 * A history router in a few lines (no dependency): the path picks the page, the query string holds
 * a page's filters so a view can be bookmarked. The web process answers every app path with
 * index.html, so a reload lands on the same page.
 */

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

if (typeof window !== 'undefined') window.addEventListener('popstate', notify);

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const currentUrl = () => (typeof window === 'undefined' ? '/' : window.location.pathname + window.location.search);

export function navigate(to: string, { replace = false } = {}): void {
  if (to === currentUrl()) return;
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
}

export interface Location {
  path: string;
  query: URLSearchParams;
}

export function useLocation(): Location {
  const url = useSyncExternalStore(subscribe, currentUrl, () => '/');
  const parsed = new URL(url, 'http://local');
  return { path: parsed.pathname.replace(/\/+$/, '') || '/', query: parsed.searchParams };
}

/** Reads and writes a page's query parameters (filters, page number) in the URL. */
export function useQueryState(): [URLSearchParams, (patch: Record<string, string | undefined>) => void] {
  const { query } = useLocation();
  const set = useCallback((patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(window.location.search);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    const qs = next.toString();
    navigate(`${window.location.pathname}${qs ? `?${qs}` : ''}`, { replace: true });
  }, []);
  return [query, set];
}

/** An <a> that changes page without a reload; modified clicks (new tab) keep the browser's behaviour. */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
    window.scrollTo({ top: 0 });
  };
  return <a href={href} onClick={handle} {...rest} />;
}
