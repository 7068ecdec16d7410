/**
 * A stand-in for window.fetch in component tests (jsdom has none): each call is recorded with its
 * URL, method, headers and body, and answered by `answer`. Only what src/api/http.ts reads of a
 * Response is provided.
 */
export interface FetchCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

export interface FakeAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function installFakeFetch(answer: (call: FetchCall) => FakeAnswer | Promise<FakeAnswer>) {
  const calls: FetchCall[] = [];
  const original = globalThis.fetch;
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = Object.fromEntries(
      Object.entries((init?.headers as Record<string, string> | undefined) ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    );
    const call: FetchCall = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers,
      body: typeof init?.body === 'string' ? init.body : undefined,
    };
    calls.push(call);
    const a = await answer(call);
    const responseHeaders = new Map(Object.entries(a.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    return {
      status: a.status,
      ok: a.status >= 200 && a.status < 300,
      headers: { get: (name: string) => responseHeaders.get(name.toLowerCase()) ?? null },
      text: async () => (a.body === undefined ? '' : JSON.stringify(a.body)),
    } as unknown as Response;
  }) as typeof fetch;
  return {
    calls,
    restore: () => {
      globalThis.fetch = original;
    },
  };
}

/** A promise and the functions that settle it: to hold an answer back until the test lets it go. */
export function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
