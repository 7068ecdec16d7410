import type { ReactNode } from 'react';

/** BUY green, SELL red, in words as well as colour. */
export function SideBadge({ side }: { side: string }) {
  const buy = side.toUpperCase() === 'BUY';
  return (
    <span
      className={`inline-block rounded px-1.5 py-0.5 text-xs font-bold ${
        buy ? 'bg-emerald-500/15 text-emerald-300' : 'bg-red-500/15 text-red-300'
      }`}
    >
      {side.toUpperCase()}
    </span>
  );
}

export function DemoLiveTag({ demo }: { demo: boolean }) {
  return demo ? (
    <span className="rounded bg-amber-400/20 px-1.5 text-[10px] font-bold text-amber-300">DEMO</span>
  ) : (
    <span className="rounded bg-red-600 px-1.5 text-[10px] font-bold text-white">LIVE</span>
  );
}

/** "stop_loss" → "stop loss". */
export function ExitReason({ reason }: { reason: string | null | undefined }) {
  if (!reason) return <span className="text-slate-400">—</span>;
  const alarming = reason === 'stop_loss' || reason === 'kill_switch';
  return <span className={alarming ? 'text-amber-300' : 'text-slate-300'}>{reason.replace(/_/g, ' ')}</span>;
}

export function Pill({ tone, children }: { tone: 'ok' | 'warn' | 'bad' | 'info' | 'muted'; children: ReactNode }) {
  const style = {
    ok: 'bg-emerald-500/15 text-emerald-300 ring-emerald-500/40',
    warn: 'bg-amber-500/15 text-amber-200 ring-amber-500/40',
    bad: 'bg-red-500/20 text-red-200 ring-red-500/50',
    info: 'bg-sky-500/15 text-sky-200 ring-sky-500/40',
    muted: 'bg-slate-700/40 text-slate-300 ring-slate-600/50',
  }[tone];
  return <span className={`rounded px-2 py-0.5 text-xs font-semibold ring-1 ${style}`}>{children}</span>;
}
