import type { ReactNode } from 'react';
import { render, screen, within } from '@testing-library/react';
import type { TradingMode } from '@roottrading/contracts';
import { AppDataProvider, type AppData } from '../app-data';

/** What the app knows of the stack, as a component test sets it: demo unless told, two symbols, two strategies. */
export function appData(mode: TradingMode | undefined = 'demo'): AppData {
  return {
    health: { loading: false, reload: () => undefined },
    mode,
    symbols: ['BTC/USDC', 'BTC/USDT'],
    interval: '1m',
    analyzer: {
      strategies: [
        { name: 'RSI_Strategy', params: {} },
        { name: 'SimpleMA_Cross', params: {} },
      ],
    },
  };
}

export function WithApp({ mode, children }: { mode?: TradingMode; children: ReactNode }) {
  return <AppDataProvider value={appData(mode)}>{children}</AppDataProvider>;
}

/** The rows of the one table on screen, its header row left out. */
export const tableRows = () => within(screen.getByRole('table')).getAllByRole('row').slice(1);

/** A page in the app's data (demo, two symbols, two strategies), as the shell would render it. */
export const renderInApp = (page: ReactNode) => render(<WithApp>{page}</WithApp>);
