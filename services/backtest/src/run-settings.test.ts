import { describe, expect, it } from '@jest/globals';
import { loadBacktestConfig } from './config.js';
import { forbiddenSettings, ownEnv, runEnv, snapshotSettings } from './run-settings.js';

describe("a run's settings", () => {
  it('gives a run the connections as parsed, defaults included, and nothing else of the worker', () => {
    // `pnpm start` with no .env: DATABASE_URL unset is the default database, never none.
    const own = ownEnv(loadBacktestConfig({}), { REPLAY_DIR: '/data', RSI_WINDOW: '99', PATH: '/bin' });
    expect(own.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/roottrading');
    const env = runEnv(own, { RSI_WINDOW: '10', SYMBOLS: 'BTC/USDC' });
    expect(env).toEqual({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/roottrading',
      REPLAY_DIR: '/data',
      MARKETS_FILE: undefined,
      RSI_WINDOW: '10',
      SYMBOLS: 'BTC/USDC',
    });
  });

  it('freezes the service’s settings under the request’s, and refuses paths and connections', () => {
    expect(snapshotSettings({ FEE_RATE: '0.001', RSI_WINDOW: '14', DATABASE_URL: 'x' }, { RSI_WINDOW: '10' })).toEqual({
      FEE_RATE: '0.001',
      RSI_WINDOW: '10',
    });
    expect(forbiddenSettings({ FEE_RATE: '1', MARKETS_FILE: '/etc/passwd', REPLAY_DIR: '/' })).toEqual([
      'MARKETS_FILE',
      'REPLAY_DIR',
    ]);
  });
});
