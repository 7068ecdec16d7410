import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseEnv } from '@roottrading/config';
import { logsResponseSchema, settingsResponseSchema } from '@roottrading/contracts';
import { createLogger } from '@roottrading/logger';
import { startWebServer, WEB_SERVICE, type WebServer } from './app.js';
import { frontendEnvSchema } from './config.js';

const SECRET = 'web-diagnostics-bus-secret-0123456789';

describe("the web process's own /logs and /settings", () => {
  let web: WebServer;
  let base: string;
  let distDir: string;

  beforeAll(async () => {
    distDir = mkdtempSync(join(tmpdir(), 'rt-frontend-diag-'));
    writeFileSync(join(distDir, 'index.html'), '<!doctype html><title>RootTrading</title>');
    // Lines written nowhere but to the logger's own buffer.
    const logger = createLogger('frontend', 'info', { write: () => undefined });
    const config = parseEnv(frontendEnvSchema, {
      FRONTEND_PORT: '0',
      BUS_SECRET: SECRET,
      REDIS_URL: 'redis://:hunter2-redis@127.0.0.1:1',
    });
    web = await startWebServer(config, { logger, distDir });
    base = `http://127.0.0.1:${web.port}/api/${WEB_SERVICE}`;
  });

  afterAll(async () => {
    await web?.stop();
    rmSync(distDir, { recursive: true, force: true });
  });

  it('serves its last log lines, by level, as the services do', async () => {
    const res = await fetch(`${base}/logs?level=info`);
    expect(res.status).toBe(200);
    const body = logsResponseSchema.parse(await res.json());
    expect(body.service).toBe(WEB_SERVICE);
    expect(body.lines.map((l) => l.msg)).toContainEqual(expect.stringMatching(/^frontend listening on http/));
    expect((await fetch(`${base}/logs?level=loud`)).status).toBe(400);
  });

  it('serves the configuration it parsed, every secret masked', async () => {
    const res = await fetch(`${base}/settings`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('hunter2-redis');
    const body = settingsResponseSchema.parse(JSON.parse(text));
    expect(body.service).toBe(WEB_SERVICE);
    expect(body.settings).toMatchObject({ FRONTEND_PORT: 0, BUS_SECRET: expect.any(String) });
  });
});
