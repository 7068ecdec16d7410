import { toPlain } from '@roottrading/accounting';
import { quoteOf } from '@roottrading/contracts';
import { resultKey, type EngineOutput, type EngineState } from '@roottrading/engine';
import type { InstanceResultRow } from '../repositories/instance-results.js';

/** The results of the instances whose positions the batch closed (a close is what changes one). */
export function changedResults(outputs: readonly EngineOutput[], results: EngineState['results']): InstanceResultRow[] {
  const keys = new Set<string>();
  for (const o of outputs)
    if (o.type === 'position-closed') keys.add(resultKey(o.closed.strategy, quoteOf(o.closed.symbol)));
  return [...keys].flatMap((key) => {
    const pnl = results.get(key);
    const [strategy, quote] = key.split('\u0000') as [string, string];
    return pnl === undefined ? [] : [{ strategy, quote, netPnl: toPlain(pnl) }];
  });
}
