// Jest loads global setup outside its module mapper, so the TypeScript helpers come in through tsx.
import { randomBytes } from 'node:crypto';
import { tsImport } from 'tsx/esm/api';

/** Each test run gets its own id: its databases and Redis prefixes carry it. */
export default async function globalSetup() {
  process.env.RT_TEST_RUN ??= `${process.pid}_${randomBytes(3).toString('hex')}`;
  const { createTemplate } = await tsImport('@roottrading/testing', import.meta.url);
  await createTemplate();
}
