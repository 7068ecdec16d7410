/** The processes of the stack, in start order, and the command each runs (the same one its Dockerfile runs). */
export const PROCESSES = [
  { name: 'gateway', dir: 'services/gateway', entry: 'src/main.ts' },
  { name: 'analyzer', dir: 'services/analyzer', entry: 'src/main.ts' },
  { name: 'trader', dir: 'services/trader', entry: 'src/main.ts' },
  { name: 'portfolio', dir: 'services/portfolio', entry: 'src/main.ts' },
  { name: 'backtest', dir: 'services/backtest', entry: 'src/main.ts' },
  { name: 'frontend', dir: 'frontend', entry: 'server/main.ts' },
] as const;

export type ProcessName = (typeof PROCESSES)[number]['name'];
