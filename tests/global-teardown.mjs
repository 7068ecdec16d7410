import { tsImport } from 'tsx/esm/api';

export default async function globalTeardown() {
  if (process.env.KEEP_TEST_DBS) return;
  const { dropRunDatabases } = await tsImport('@roottrading/testing', import.meta.url);
  await dropRunDatabases();
}
