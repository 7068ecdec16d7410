/** One jest config for the workspace: TypeScript through SWC, native ESM, tests beside the code. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      target: 'es2022',
      transform: { react: { runtime: 'automatic' } },
    },
    module: { type: 'es6' },
  },
];

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: { '^.+\\.(t|j)sx?$': swc },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/{packages,services,frontend,scripts,tests}/**/*.test.{ts,tsx}'],
  // The fault suite restarts servers of its own and runs apart: `pnpm test:faults`.
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/tests/faults/'],
  globalSetup: '<rootDir>/tests/global-setup.mjs',
  globalTeardown: '<rootDir>/tests/global-teardown.mjs',
  testTimeout: 30_000,
  maxWorkers: 2,
};
