import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type Express, type Request } from 'express';
import type { z } from 'zod';
import type { ErrorBody } from '@roottrading/contracts';
import { logBufferOf, type Logger } from '@roottrading/logger';
import { mountLogs } from './diagnostics.js';
import { accessRules, requestGuard, type HttpAccessSettings } from './request-guard.js';

/** A 4xx/5xx with a JSON body; thrown from handlers, rendered by the error middleware. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: ErrorBody['details'],
  ) {
    super(message);
  }
}

/** Parses with a zod schema or throws a 400 naming each field and its problem. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((i) => ({
    field: i.path.join('.') || (i.code === 'unrecognized_keys' ? (i.keys ?? []).join(',') : what),
    message: i.message,
  }));
  throw new HttpError(400, `invalid ${what}: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}`, details);
}

/**
 * Express with JSON bodies, a per-request log line at debug, JSON errors (never an HTML page or
 * a stack) and `GET /logs`. Requests for another Host, and writes from another site's page, are refused before
 * anything else runs (`requestGuard`).
 */
export function createApp(logger: Logger, access: HttpAccessSettings): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      // The logs page asks every few seconds: logging that would fill the very buffer it reads.
      if (req.path === '/logs') return;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.debug({ method: req.method, path: req.path, status: res.statusCode, ms }, 'http request');
    });
    // Every answer is JSON: a browser must never sniff one into a script or a page.
    res.setHeader('x-content-type-options', 'nosniff');
    next();
  });
  app.use(requestGuard(accessRules(access), logger));
  app.use(express.json({ limit: '100kb' }));
  // Every service's last lines (its logger keeps them), behind the same Host/Origin guard.
  const buffer = logBufferOf(logger);
  if (buffer) mountLogs(app, String(logger.bindings().service ?? 'service'), buffer);
  return app;
}

/** Installs the 404 and error handlers; call after the routes. */
export function finishApp(app: Express, logger: Logger): void {
  app.use((req, res) => {
    res.status(404).json({ error: `no route for ${req.method} ${req.path}` } satisfies ErrorBody);
  });
  const onError: ErrorRequestHandler = (err: unknown, req, res, _next) => {
    if (err instanceof HttpError) {
      res.status(err.status).json({ error: err.message, details: err.details } satisfies ErrorBody);
      return;
    }
    const e = err as { type?: string; status?: number; message?: string };
    if (e?.type === 'entity.parse.failed') {
      res.status(400).json({ error: 'invalid JSON body', details: [{ field: 'body', message: 'is not valid JSON' }] });
      return;
    }
    if (e?.type === 'entity.too.large') {
      res.status(413).json({ error: 'request body too large' });
      return;
    }
    logger.error({ err, method: req.method, path: req.path }, 'request failed');
    res.status(500).json({ error: 'internal error' } satisfies ErrorBody);
  };
  app.use(onError);
}

/** Express 5 passes rejected promises to the error handler; this only types the async handler. */
export type AsyncHandler = (req: Request, res: express.Response) => Promise<void> | void;

export async function listen(app: Express, port: number, host = '0.0.0.0'): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(server)));
    keepClientsConnections(server);
    server.on('error', reject);
  });
}

/**
 * Node closes an idle keep-alive connection after 5 s, a second after fetch's pool (undici, 4 s)
 * may pick it for the next request; on a loaded machine the two cross and the request fails with
 * "other side closed". Holding idle connections longer than any client pool does leaves closing
 * them to the client, which never races itself.
 */
export function keepClientsConnections(server: Server): void {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
}

export function boundPort(server: Server): number {
  return (server.address() as AddressInfo).port;
}

export async function closeServer(server: Server): Promise<void> {
  // Connections still answering become idle once their response is out: closed then, not after
  // the long keep-alive above.
  server.keepAliveTimeout = 1;
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  clearInterval(sweep);
}
