import type { StrategyInstance } from '@roottrading/contracts';
import type { Db } from '@roottrading/db';
import type { AccountView } from '../account-view.js';
import type { LastPrices } from '../last-prices.js';

export interface RouteDeps {
  db: Db;
  view: AccountView;
  prices: LastPrices;
  /** SYMBOLS: the markets the account trades. */
  symbols: string[];
  /** STRATEGIES_FILE's instances (names, strategies, budgets); undefined without the file. */
  instances?: readonly Pick<StrategyInstance, 'name' | 'strategy' | 'budget'>[];
}

/** The service serves the mode it runs in; rows carry it as `demo`. */
export const isDemo = (deps: RouteDeps) => deps.view.mode === 'demo';
