import { useSyncExternalStore } from 'react';

/** Tailwind's `sm` breakpoint: below it the layout is a phone's. */
export const WIDE_QUERY = '(min-width: 640px)';

/**
 * Whether a CSS media query matches, following changes (a phone turned sideways). Where there is no
 * matchMedia (jsdom in component tests) it answers `fallback`.
 */
export function useMediaQuery(query: string, fallback = true): boolean {
  return useSyncExternalStore(
    (changed) => {
      if (typeof window.matchMedia !== 'function') return () => undefined;
      const list = window.matchMedia(query);
      list.addEventListener('change', changed);
      return () => list.removeEventListener('change', changed);
    },
    () => (typeof window.matchMedia === 'function' ? window.matchMedia(query).matches : fallback),
    () => fallback,
  );
}
