import { dec } from '@roottrading/accounting';
import { readConfigFile } from '@roottrading/config';
import { strategiesFileSchema } from '@roottrading/contracts';
import type { Budgets } from '@roottrading/engine';

/** The engine's budgets from instances that have one (names and decimal strings, already validated). */
export function budgetsOf(instances: readonly { name: string; budget?: Readonly<Record<string, string>> }[]): Budgets {
  return new Map(
    instances.flatMap((i) =>
      i.budget ? [[i.name, new Map(Object.entries(i.budget).map(([quote, amount]) => [quote, dec(amount)]))]] : [],
    ),
  );
}

/**
 * The budgets of STRATEGIES_FILE for a service that does not run the strategies (the trader, the
 * portfolio): the file's shape is checked here, the strategies' own settings by the analyzer.
 */
export function loadBudgets(path: string | undefined): Budgets | undefined {
  if (!path) return undefined;
  return budgetsOf(readConfigFile(path, strategiesFileSchema, 'STRATEGIES_FILE').instances);
}
