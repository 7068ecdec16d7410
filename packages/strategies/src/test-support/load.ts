import { isSymbolStrategy, loadStrategies, type LoadedSymbolStrategy } from '../strategies/select.js';

/** loadStrategies for tests of per-symbol strategies: throws if a multi-symbol one is among them. */
export function loadSymbolStrategies(...args: Parameters<typeof loadStrategies>): LoadedSymbolStrategy[] {
  const loaded = loadStrategies(...args);
  const single = loaded.filter(isSymbolStrategy);
  if (single.length !== loaded.length) throw new Error('a multi-symbol strategy among per-symbol ones');
  return single;
}
