/**
 * A money amount exactly as the API wrote it (a decimal string; never parsed into a float) with its
 * currency. Negative amounts are red, positive ones green when `signed`.
 */
export function Amount({
  value,
  currency,
  signed = false,
  missing = '—',
}: {
  value: string | null | undefined;
  currency?: string | null;
  signed?: boolean;
  missing?: string;
}) {
  if (value === null || value === undefined) {
    return <span className="text-slate-500">{missing}</span>;
  }
  const negative = value.startsWith('-');
  const zero = !/[1-9]/.test(value);
  const tone = !signed || zero ? 'text-slate-100' : negative ? 'text-red-400' : 'text-emerald-400';
  return (
    <span className={`font-mono tabular-nums ${tone}`}>
      {signed && !negative && !zero ? '+' : ''}
      {value}
      {currency && <span className="ml-1 text-xs text-slate-400">{currency}</span>}
    </span>
  );
}
