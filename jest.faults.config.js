/** `pnpm test:faults`: the fault suite alone (tests/faults), one file at a time, with the workspace's jest setup. */
import base from './jest.config.js';

export default {
  ...base,
  testMatch: ['<rootDir>/tests/faults/**/*.fault.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  maxWorkers: 1,
};
