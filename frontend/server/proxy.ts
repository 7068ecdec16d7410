import { Agent, type ServerResponse } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import type { ErrorBody } from '@roottrading/contracts';
import { redactUrl, type Logger } from '@roottrading/logger';

/** How long a service may take to start answering before the browser gets a 502. */
const UPSTREAM_TIMEOUT_MS = 30_000;

/**
 * `/api/<name>/…` → `<target>/…`. Mounted with `app.use('/api/<name>', …)`, so express has already
 * stripped the prefix from `req.url`; the body is streamed through untouched (no body parser runs
 * before this), and status codes and headers come back as the service sent them.
 */
export function serviceProxy(name: string, target: string, logger: Logger): [RequestHandler, ErrorRequestHandler] {
  const log = logger.child({ upstream: name, target: redactUrl(target) });
  // The page polls every 10 s: say "down" and "back" once each instead of on every request.
  let down = false;

  const unreachable = (res: ServerResponse, err: Error & { code?: string }, path: string | undefined) => {
    if (!down) log.warn({ path, code: err.code, err: err.message }, `${name} is unreachable`);
    else log.debug({ path, code: err.code }, `${name} is still unreachable`);
    down = true;
    if (res.headersSent) {
      // The service failed half-way through its answer: all we can do is cut the response short.
      res.destroy();
      return;
    }
    const body: ErrorBody = { error: `${name} is unreachable` };
    res.writeHead(502, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };

  const proxy = createProxyMiddleware({
    target,
    // A fresh connection per request (on this machine or network, a fraction of a millisecond):
    // a reused keep-alive socket the service closes as it idles out just as a request goes on it
    // answers ECONNRESET, which the page would see as a 502 from a service that is up.
    agent: new Agent({ keepAlive: false }),
    changeOrigin: true,
    xfwd: true,
    proxyTimeout: UPSTREAM_TIMEOUT_MS,
    on: {
      // Having our own handler also replaces the library's plain-text 504 page.
      error: (err, req, res) => {
        if ('writeHead' in res) unreachable(res, err, req.url);
        else res.destroy();
      },
      proxyRes: () => {
        if (down) log.info(`${name} is reachable again`);
        down = false;
      },
    },
  }) as unknown as RequestHandler;

  // Errors the proxy hands to express instead of emitting them (e.g. a malformed target).
  const onError: ErrorRequestHandler = (err: unknown, req, res, _next) => {
    unreachable(res, err instanceof Error ? err : new Error(String(err)), req.url);
  };
  return [proxy, onError];
}
