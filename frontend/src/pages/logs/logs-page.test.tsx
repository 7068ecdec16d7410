/** @jest-environment jsdom */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { LogLine, LogsResponse } from '@roottrading/contracts';
import { installFakeFetch, type FetchCall } from '../../test-support/fake-fetch';
import { LogsPage } from './logs-page';

const line = (seq: number, level: LogLine['level'], msg: string, extra: Record<string, unknown> = {}): LogLine => ({
  seq,
  level,
  msg,
  time: new Date(Date.UTC(2026, 11, 7, 14, 0, seq)).toISOString(),
  fields: { level, msg, service: 'trader', time: 'x', pid: 1, ...extra },
});

let written: LogLine[];
function answer(call: FetchCall) {
  const url = new URL(call.url, 'http://x');
  const after = Number(url.searchParams.get('after') ?? 0);
  const body: LogsResponse = {
    service: url.pathname.split('/')[2]!,
    capacity: 1000,
    last: written.at(-1)?.seq ?? 0,
    lines: written.filter((l) => l.seq > after),
  };
  return { status: 200, body };
}

let fake: ReturnType<typeof installFakeFetch>;
beforeEach(() => {
  window.history.replaceState(null, '', '/logs');
  written = [line(1, 'info', 'trader listening', { port: 5002 }), line(2, 'warn', 'feed slow')];
  fake = installFakeFetch(answer);
});
afterEach(() => {
  cleanup();
  fake.restore();
});

const lines = () =>
  within(screen.getByRole('list', { name: /log lines/ }))
    .getAllByRole('listitem')
    .map((li) => li.textContent);

describe('logs page', () => {
  it("shows the trader's lines with their level and fields, then follows the new ones after the last seen", async () => {
    render(<LogsPage />);
    await waitFor(() => expect(lines()).toHaveLength(2));
    expect(lines()[0]).toContain('trader listening');
    expect(lines()[0]).toContain('{"port":5002}');
    expect(lines()[1]).toMatch(/warn.*feed slow/);
    expect(fake.calls[0]!.url).toBe('/api/trader/logs');
    written.push(line(3, 'error', 'order refused'));
    await waitFor(() => expect(lines()).toHaveLength(3), { timeout: 5_000 });
    expect(lines()[2]).toContain('order refused');
    expect(fake.calls.some((c) => c.url === '/api/trader/logs?after=2')).toBe(true);
  });

  it('asks another service at the chosen level, and stops asking when not following', async () => {
    render(<LogsPage />);
    await waitFor(() => expect(lines()).toHaveLength(2));
    fireEvent.change(screen.getByLabelText('Service'), { target: { value: 'portfolio' } });
    fireEvent.change(screen.getByLabelText('Level'), { target: { value: 'warn' } });
    await waitFor(() => expect(fake.calls.at(-1)!.url).toBe('/api/portfolio/logs?level=warn'));
    expect(window.location.search).toBe('?service=portfolio&level=warn');
    fireEvent.click(screen.getByLabelText('Follow new lines'));
    expect(window.location.search).toContain('follow=off');
    const asked = fake.calls.length;
    await new Promise((r) => setTimeout(r, 2_500));
    expect(fake.calls.length).toBe(asked);
  });

  it('says the service is down when the web process cannot reach it', async () => {
    fake.restore();
    fake = installFakeFetch(() => ({ status: 502, body: { error: 'trader is unreachable' } }));
    render(<LogsPage />);
    expect((await screen.findByRole('alert')).textContent).toContain('trader is down');
  });
});
