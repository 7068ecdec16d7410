/** A panel's choice of quote currency (its figures in two currencies are never drawn or added together); nothing for one. */
export function CurrencySelect({
  currencies,
  value,
  onChange,
}: {
  currencies: readonly string[];
  value: string | undefined;
  onChange: (currency: string) => void;
}) {
  if (currencies.length < 2) return null;
  return (
    <label className="flex items-center gap-2">
      <span>Currency</span>
      <select
        className="rounded border border-slate-600 bg-slate-950 px-2 py-1 text-slate-100"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      >
        {currencies.map((c) => (
          <option key={c}>{c}</option>
        ))}
      </select>
    </label>
  );
}
