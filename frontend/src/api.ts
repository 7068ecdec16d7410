import type { BalanceResponse, Health, Summary, TradesPage } from '@roottrading/contracts';

/** How often every panel refreshes. The services publish at most every few seconds; no need to go faster. */
export const REFRESH_MS = 10_000;
/** A request still unanswered after this counts as a failure; the next refresh tries again. */
const REQUEST_TIMEOUT_MS = 8_000;

export const SERVICES = ['gateway', 'analyzer', 'trader', 'portfolio'] as const;
export type ServiceName = (typeof SERVICES)[number];

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

interface Answer {
  status: number;
  body: unknown;
}

/** GETs a JSON document through the web process; network failures and timeouts become ApiErrors. */
async function getJson(path: string, signal: AbortSignal): Promise<Answer> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), REQUEST_TIMEOUT_MS);
  const onAbort = () => timeout.abort();
  signal.addEventListener('abort', onAbort);
  try {
    const res = await fetch(path, { signal: timeout.signal, headers: { accept: 'application/json' } });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      throw new ApiError(`${path} answered HTTP ${res.status} with something other than JSON`, res.status);
    }
    return { status: res.status, body };
  } catch (err) {
    if (err instanceof ApiError || signal.aborted) throw err;
    if (timeout.signal.aborted) throw new ApiError(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`);
    throw new ApiError('the RootTrading web server is unreachable');
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}

function errorMessage(answer: Answer): string {
  const body = answer.body as { error?: unknown } | undefined;
  return typeof body?.error === 'string' ? body.error : `HTTP ${answer.status}`;
}

/** A 2xx JSON body, or an ApiError carrying the service's own `error` message (e.g. "portfolio is unreachable"). */
async function getOk<T>(path: string, signal: AbortSignal): Promise<T> {
  const answer = await getJson(path, signal);
  if (answer.status < 200 || answer.status > 299) throw new ApiError(errorMessage(answer), answer.status);
  if (answer.body === undefined || answer.body === null) throw new ApiError(`${path} answered with an empty body`);
  return answer.body as T;
}

export const loadSummary = (signal: AbortSignal) => getOk<Summary>('/api/portfolio/portfolio/summary', signal);
export const loadBalances = (signal: AbortSignal) => getOk<BalanceResponse>('/api/portfolio/portfolio/balance', signal);
export const loadTrades = (signal: AbortSignal) =>
  getOk<TradesPage>('/api/portfolio/portfolio/trades?limit=20', signal);

export type ServiceState = 'up' | 'degraded' | 'down';

export interface ServiceHealth {
  name: ServiceName;
  state: ServiceState;
  /** The service's own report, when it answered (a 503 still carries one). */
  health?: Health;
  /** Why it is down, when it did not answer with a report. */
  reason?: string;
}

function isHealth(body: unknown): body is Health {
  const b = body as Partial<Health> | undefined;
  return typeof b === 'object' && b !== null && typeof b.status === 'string' && typeof b.service === 'string';
}

/** A service's /health: 200 and 503 both carry its report; a 502 from the web process means it is not running. */
export async function loadHealth(name: ServiceName, signal: AbortSignal): Promise<ServiceHealth> {
  try {
    const answer = await getJson(`/api/${name}/health`, signal);
    if (isHealth(answer.body)) {
      const state: ServiceState =
        answer.body.status === 'up' ? 'up' : answer.body.status === 'degraded' ? 'degraded' : 'down';
      return { name, state, health: answer.body };
    }
    return { name, state: 'down', reason: errorMessage(answer) };
  } catch (err) {
    if (signal.aborted) throw err;
    return { name, state: 'down', reason: err instanceof Error ? err.message : String(err) };
  }
}

export const loadAllHealth = (signal: AbortSignal) => Promise.all(SERVICES.map((name) => loadHealth(name, signal)));
