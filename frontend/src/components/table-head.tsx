export const headerCell = 'py-2 pr-4 text-xs font-medium tracking-wider text-slate-400 uppercase';

export interface Column {
  label: string;
  /** Figures line up at the right. */
  right?: boolean;
}

/** A table's header row, in the page's style. */
export function TableHead({ columns, className }: { columns: readonly Column[]; className?: string }) {
  return (
    <thead className={className}>
      <tr className="border-b border-slate-800 text-left">
        {columns.map((c) => (
          <th key={c.label} scope="col" className={c.right ? `${headerCell} text-right` : headerCell}>
            {c.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
