import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type ErrorRequestHandler } from 'express';
import type { ErrorBody } from '@roottrading/contracts';
import { logBufferOf, redactUrl, type Logger } from '@roottrading/logger';
import { accessRules, finishApp, mountLogs, mountSettings, requestGuard } from '@roottrading/service';
import { UPSTREAMS, upstreamUrls, type FrontendConfig } from './config.js';
import { serviceProxy } from './proxy.js';
import { notBuiltPage } from './not-built.js';
import { NOT_BUILT_POLICY, pageHeaders } from './page-headers.js';
import { startLiveHub } from './live-hub.js';
import { LIVE_EVENTS_PATH } from '../src/live/events.js';

/** Where `vite build` writes the app: frontend/dist. */
export const DEFAULT_DIST_DIR = fileURLToPath(new URL('../dist', import.meta.url));

export interface WebServerDeps {
  logger: Logger;
  /** The built app to serve; tests point it at a directory of their own. */
  distDir?: string;
  /** Candle and balance throttle of the live events (tests shorten or lengthen it). */
  liveThrottleMs?: number;
}

export interface WebServer {
  port: number;
  stop(): Promise<void>;
}

/** The web process on the Logs and Settings pages, beside the services it proxies. */
export const WEB_SERVICE = 'web';

/** `GET /logs` (its logger's last lines) and `GET /settings` (its parsed configuration, secrets masked). */
function diagnostics(config: FrontendConfig, logger: Logger): express.Express {
  const own = express();
  own.set('query parser', 'simple');
  const buffer = logBufferOf(logger);
  if (buffer) mountLogs(own, WEB_SERVICE, buffer);
  mountSettings(own, { service: WEB_SERVICE, config });
  finishApp(own, logger);
  return own;
}

/** How long open keep-alive and proxied requests get to finish once stop() is called. */
const DRAIN_MS = 3_000;

/**
 * The browser's single origin: the built app from `distDir` (with an index.html fallback for
 * client-side routes) and `/api/<service>/…` passed through to each service, so no CORS is needed.
 */
export async function startWebServer(config: FrontendConfig, deps: WebServerDeps): Promise<WebServer> {
  const { logger } = deps;
  const distDir = deps.distDir ?? DEFAULT_DIST_DIR;
  const indexFile = join(distDir, 'index.html');
  const upstreams = upstreamUrls(config);
  const started = Date.now();
  const live = startLiveHub({
    redisUrl: config.REDIS_URL,
    namespace: config.BUS_NAMESPACE,
    secret: config.BUS_SECRET,
    logger,
    throttleMs: deps.liveThrottleMs,
  });

  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    const t0 = process.hrtime.bigint();
    res.on('finish', () => {
      // The logs page asks every 2 s: logging that would fill the buffer GET /api/web/logs reads.
      if (req.path.endsWith('/logs')) return;
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      logger.debug(
        { method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, ms },
        'http request',
      );
    });
    next();
  });
  app.use(pageHeaders);
  // Before any route: a rebound DNS name or another site's page gets nothing here, nor through the proxy.
  app.use(requestGuard(accessRules(config), logger));

  app.get('/health', (_req, res) => {
    const built = existsSync(indexFile);
    res.json({
      service: 'frontend',
      status: built ? 'up' : 'degraded',
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      details: {
        app: built ? 'built' : 'not built: run `pnpm build`',
        live: live.describe(),
        upstreams: Object.fromEntries(UPSTREAMS.map((name) => [name, redactUrl(upstreams[name])])),
      },
    });
  });

  // Served here, not proxied: the web process itself relays the bus to the pages.
  app.get(LIVE_EVENTS_PATH, (req, res) => live.handle(req, res));

  // The web process's own /logs and /settings, as every service has them, under the name the pages list it by.
  app.use(`/api/${WEB_SERVICE}`, diagnostics(config, logger));

  // No body parser anywhere before these: request bodies stream to the service untouched.
  for (const name of UPSTREAMS) app.use(`/api/${name}`, ...serviceProxy(name, upstreams[name], logger));
  app.use('/api', (req, res) => {
    const body: ErrorBody = { error: `no service behind ${req.originalUrl.split('?')[0]}; use /api/{${UPSTREAMS}}/…` };
    res.status(404).json(body);
  });

  app.use(
    express.static(distDir, {
      setHeaders: (res, path) => {
        // Vite fingerprints everything under assets/; index.html must be revalidated to pick up a new build.
        const hashed = path.includes(`${join(distDir, 'assets')}`);
        res.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );

  // Client-side routes (/trades, /settings…) get the app; a missing file (/foo.js) stays a 404.
  app.use((req, res, next) => {
    const lastSegment = req.path.split('/').pop() ?? '';
    if ((req.method !== 'GET' && req.method !== 'HEAD') || lastSegment.includes('.')) return next();
    if (!existsSync(indexFile)) {
      res
        .status(503)
        .type('html')
        .set({ 'cache-control': 'no-store', 'content-security-policy': NOT_BUILT_POLICY })
        .send(notBuiltPage(distDir));
      return;
    }
    res.set('cache-control', 'no-cache').sendFile(indexFile);
  });

  app.use((req, res) => {
    res.status(404).json({ error: `no route for ${req.method} ${req.path}` } satisfies ErrorBody);
  });
  const onError: ErrorRequestHandler = (err: unknown, req, res, _next) => {
    logger.error({ err, method: req.method, path: req.path }, 'request failed');
    if (res.headersSent) return void res.destroy();
    res.status(500).json({ error: 'internal error' } satisfies ErrorBody);
  };
  app.use(onError);

  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.FRONTEND_PORT, config.HTTP_HOST, (err?: Error) => (err ? reject(err) : resolve(s)));
    s.on('error', reject);
  }).catch(async (err: unknown) => {
    await live.stop();
    throw err;
  });
  const port = (server.address() as AddressInfo).port;

  logger.info(
    {
      host: config.HTTP_HOST,
      port,
      distDir,
      upstreams: Object.fromEntries(UPSTREAMS.map((n) => [n, redactUrl(upstreams[n])])),
      redis: redactUrl(config.REDIS_URL),
      namespace: config.BUS_NAMESPACE,
    },
    `frontend listening on http://${config.HTTP_HOST}:${port}`,
  );
  if (!existsSync(indexFile)) {
    logger.warn(
      { distDir },
      'the web app is not built (no index.html): run `pnpm build` in the repository root; until then / explains this and only /api/* works',
    );
  }

  return {
    port,
    stop: async () => {
      // Live streams never end by themselves: close them first, or server.close() waits for DRAIN_MS.
      await live.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
      force.unref();
      await closed;
      clearTimeout(force);
    },
  };
}
