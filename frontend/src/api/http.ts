import type { ErrorBody } from '@roottrading/contracts';

/** A request still unanswered after this counts as a failure; the next refresh tries again. */
const REQUEST_TIMEOUT_MS = 8_000;

export type ServiceName = 'gateway' | 'analyzer' | 'trader' | 'portfolio' | 'backtest';

/**
 * Why a request failed, in words for the page: which service, and whether it is down (the web
 * process answers 502 "<name> is unreachable"), lacks the endpoint (404), or refused the request.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly service: ServiceName | 'web server',
    readonly status?: number,
    readonly details?: ErrorBody['details'],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The service is not running or not reachable: the page says "<name> is down". */
  get serviceDown(): boolean {
    return this.status === 502 || this.status === 503 || this.status === 504 || this.status === undefined;
  }

  /** The service runs but has no such route yet (an endpoint still being built). */
  get missingEndpoint(): boolean {
    return this.status === 404;
  }
}

export interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

export function serviceOf(path: string): ServiceName | 'web server' {
  const name = /^\/api\/(gateway|analyzer|trader|portfolio|backtest)\//.exec(path)?.[1];
  return (name as ServiceName | undefined) ?? 'web server';
}

/** The `error` of a JSON error body, else "HTTP 500". */
export function errorMessage(answer: { status: number; body: unknown }): string {
  const body = answer.body as Partial<ErrorBody> | undefined;
  return typeof body?.error === 'string' ? body.error : `HTTP ${answer.status}`;
}

/**
 * One JSON request through the web process. Network failures and timeouts become ApiErrors
 * without a status; an answer of any status comes back for the caller to judge.
 */
export async function request(
  path: string,
  init: RequestInit & { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<Answer> {
  const { timeoutMs = REQUEST_TIMEOUT_MS, signal, ...rest } = init;
  const service = serviceOf(path);
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  const onAbort = () => timeout.abort();
  signal?.addEventListener('abort', onAbort);
  try {
    const res = await fetch(path, {
      ...rest,
      signal: timeout.signal,
      headers: { accept: 'application/json', ...(rest.headers as Record<string, string> | undefined) },
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      throw new ApiError(`${service} answered HTTP ${res.status} with something other than JSON`, service, res.status);
    }
    return { status: res.status, body, headers: res.headers };
  } catch (err) {
    if (err instanceof ApiError) throw err;
    if (signal?.aborted) throw err;
    if (timeout.signal.aborted) throw new ApiError(`${service} did not answer within ${timeoutMs / 1000} s`, service);
    throw new ApiError('the RootTrading web server is unreachable', 'web server');
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** A 2xx JSON body, or an ApiError carrying the service's own message (e.g. "portfolio is unreachable"). */
export async function getOk<T>(path: string, signal?: AbortSignal): Promise<T> {
  const answer = await request(path, { signal });
  const service = serviceOf(path);
  if (answer.status < 200 || answer.status > 299) {
    const body = answer.body as Partial<ErrorBody> | undefined;
    throw new ApiError(errorMessage(answer), service, answer.status, body?.details);
  }
  if (answer.body === undefined || answer.body === null) {
    throw new ApiError(`${service} answered with an empty body`, service, answer.status);
  }
  return answer.body as T;
}

/** `?a=1&b=x` from the defined, non-empty values only. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
