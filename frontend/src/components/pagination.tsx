/** Page controls under a table: first, previous, "page 2 of 7", next, last. */
export function Pagination({
  page,
  pages,
  total,
  noun,
  onPage,
  disabled = false,
}: {
  page: number;
  pages: number;
  total: number;
  noun: string;
  onPage: (page: number) => void;
  disabled?: boolean;
}) {
  const button =
    'rounded-md border border-slate-700 px-3 py-1.5 text-sm text-slate-200 hover:bg-slate-800 disabled:cursor-not-allowed disabled:opacity-40';
  return (
    <nav aria-label={`${noun} pages`} className="mt-3 flex flex-wrap items-center justify-between gap-2 text-sm">
      <p className="text-slate-400" aria-live="polite">
        Page <span className="font-semibold text-slate-200 tabular-nums">{page}</span> of{' '}
        <span className="tabular-nums">{pages}</span> · <span className="tabular-nums">{total}</span> {noun}
      </p>
      <div className="flex gap-1">
        <button type="button" className={button} onClick={() => onPage(1)} disabled={disabled || page <= 1}>
          First
        </button>
        <button type="button" className={button} onClick={() => onPage(page - 1)} disabled={disabled || page <= 1}>
          Previous
        </button>
        <button type="button" className={button} onClick={() => onPage(page + 1)} disabled={disabled || page >= pages}>
          Next
        </button>
        <button type="button" className={button} onClick={() => onPage(pages)} disabled={disabled || page >= pages}>
          Last
        </button>
      </div>
    </nav>
  );
}
