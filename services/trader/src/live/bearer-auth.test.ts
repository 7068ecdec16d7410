import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '@roottrading/logger';
import { boundPort, closeServer, createApp, finishApp, listen } from '@roottrading/service';
import { bearerTokenCheck, requireBearerToken } from './bearer-auth.js';

const TOKEN = 'c0ffee'.repeat(8);

describe('requireBearerToken', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const app = createApp(createLogger('test', 'silent'), {
      FRONTEND_PORT: 3000,
      ALLOWED_HOSTS: [],
      ALLOWED_ORIGINS: [],
    });
    app.get('/open', (_req, res) => void res.json({ ok: true }));
    app.post('/trade', requireBearerToken(TOKEN), (_req, res) => void res.status(201).json({ traded: true }));
    const check = bearerTokenCheck(TOKEN);
    app.post('/account/reset', (req, res) => {
      check(req);
      res.json({ reset: true });
    });
    finishApp(app, createLogger('test', 'silent'));
    server = await listen(app, 0, '127.0.0.1');
    base = `http://127.0.0.1:${boundPort(server)}`;
  });
  afterAll(async () => {
    await closeServer(server);
  });

  const post = (authorization?: string) =>
    fetch(`${base}/trade`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: '{}',
    });

  it('lets a request with the right bearer token through', async () => {
    const res = await post(`Bearer ${TOKEN}`);
    expect(res.status).toBe(201);
    expect((await post(`bearer ${TOKEN}`)).status).toBe(201);
  });

  it.each([
    [undefined, /needs the trader API token/],
    ['Bearer nope', /^invalid API token$/],
    [`Bearer ${TOKEN}x`, /^invalid API token$/],
    [`Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`, /needs the trader API token/],
    [`Bearer ${TOKEN} extra`, /needs the trader API token/],
  ])('answers 401 JSON for %p', async (authorization, error) => {
    const res = await post(authorization);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="trader"');
    const body = (await res.json()) as { error: string };
    expect(body.error).toMatch(error);
    expect(JSON.stringify(body)).not.toContain(TOKEN);
  });

  it('throws a 401 HttpError from the requireOperator-style check', async () => {
    const reset = (authorization?: string) =>
      fetch(`${base}/account/reset`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: '{}',
      });
    expect((await reset(`Bearer ${TOKEN}`)).status).toBe(200);
    const refused = await reset('Bearer wrong');
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: 'invalid API token' });
  });

  it('leaves routes it is not mounted on alone, and refuses to be built without a token', async () => {
    expect((await fetch(`${base}/open`)).status).toBe(200);
    expect(() => requireBearerToken('')).toThrow('a bearer token check needs a non-empty token');
    expect(() => bearerTokenCheck('')).toThrow('a bearer token check needs a non-empty token');
  });
});
