// A worker thread does not get the tsx loader the service was started with (`node --import tsx`):
// this plain-JS entry registers it for the thread, then loads the TypeScript module it names.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
