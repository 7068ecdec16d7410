import { isDecimal, isNegative, isZero } from '../format/decimal';
import { formatAmount, formatPrice, formatQuantity, type SymbolPrecision } from '../format/precision';

/**
 * Numbers as the page shows them: tabular digits (columns line up), the unit beside them, and the
 * exact decimal string from the API in the tooltip. Never parsed into a float.
 */

function Missing({ text }: { text: string }) {
  return <span className="text-slate-400">{text}</span>;
}

function Unit({ unit }: { unit?: string | null }) {
  return unit ? <span className="ml-1 text-xs text-slate-400">{unit}</span> : null;
}

function tone(value: string, signed: boolean): string {
  if (!signed || !isDecimal(value) || isZero(value)) return 'text-slate-100';
  return isNegative(value) ? 'text-red-400' : 'text-emerald-400';
}

/** An amount of money or of an asset, with its currency. `signed`: PnL colours and a "+". */
export function Amount({
  value,
  currency,
  signed = false,
  exact = false,
  missing = '—',
}: {
  value: string | null | undefined;
  currency?: string | null;
  signed?: boolean;
  /** Up to 8 decimals even for USD-like currencies (fees). */
  exact?: boolean;
  missing?: string;
}) {
  if (value === null || value === undefined) return <Missing text={missing} />;
  return (
    <span
      className={`font-mono tabular-nums ${tone(value, signed)}`}
      title={`${value}${currency ? ` ${currency}` : ''}`}
    >
      {formatAmount(value, currency, { exact, signed })}
      <Unit unit={currency} />
    </span>
  );
}

/** A price at the symbol's precision, in the quote currency. */
export function Price({
  value,
  precision,
  quote,
  missing = '—',
}: {
  value: string | null | undefined;
  precision: SymbolPrecision;
  quote?: string;
  missing?: string;
}) {
  if (value === null || value === undefined) return <Missing text={missing} />;
  return (
    <span className="font-mono text-slate-100 tabular-nums" title={value}>
      {formatPrice(value, precision)}
      <Unit unit={quote} />
    </span>
  );
}

/** A quantity of the base asset at the symbol's precision. */
export function Quantity({
  value,
  precision,
  base,
}: {
  value: string | null | undefined;
  precision: SymbolPrecision;
  base?: string;
}) {
  if (value === null || value === undefined) return <Missing text="—" />;
  return (
    <span className="font-mono text-slate-100 tabular-nums" title={value}>
      {formatQuantity(value, precision)}
      <Unit unit={base} />
    </span>
  );
}
