import type { BacktestRequest, BacktestRun, ErrorBody } from '@roottrading/contracts';
import { errorMessage, request } from './http';

/** What the page sends: the request schema's input (the service fills in its defaults). */
export type BacktestRequestBody = Partial<Omit<BacktestRequest, 'settings'>> & { settings: Record<string, string> };

export type QueueOutcome =
  | { kind: 'queued'; run: BacktestRun }
  /** A sweep: one run per combination of its grid. */
  | { kind: 'sweep'; sweep: { id: string; runs: string[] } }
  /** 400: the service names what is wrong (a field, a setting, an unknown strategy); nothing was queued. */
  | { kind: 'invalid'; message: string; details: NonNullable<ErrorBody['details']> }
  | { kind: 'failed'; message: string };

/** `POST /backtests` on the backtest service, through the web process. Queuing twice only costs a second run. */
export async function queueBacktest(body: BacktestRequestBody): Promise<QueueOutcome> {
  let answer;
  try {
    answer = await request('/api/backtest/backtests', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (err) {
    return { kind: 'failed', message: err instanceof Error ? err.message : String(err) };
  }
  const reply = answer.body as
    (Partial<ErrorBody> & { run?: BacktestRun; sweep?: { id: string; runs: string[] } }) | undefined;
  if (answer.status === 202 && reply?.run) return { kind: 'queued', run: reply.run };
  if (answer.status === 202 && reply?.sweep) return { kind: 'sweep', sweep: reply.sweep };
  if (answer.status === 400) return { kind: 'invalid', message: errorMessage(answer), details: reply?.details ?? [] };
  return { kind: 'failed', message: errorMessage(answer) };
}
