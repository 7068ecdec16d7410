/**
 * Class names for a table that becomes one card per row on a phone (below the sm breakpoint):
 * each cell shows its column's name (`data-label`) above its value, so nothing scrolls sideways.
 * From sm up it is an ordinary table.
 */
export const stacked = {
  table: 'w-full text-sm sm:whitespace-nowrap',
  // On a card each cell names its column itself (data-label).
  head: 'max-sm:hidden',
  row: 'border-b border-slate-800/60 last:border-0 max-sm:grid max-sm:grid-cols-2 max-sm:gap-x-3 max-sm:gap-y-2 max-sm:py-3',
  cell: 'py-2 pr-4 align-top max-sm:min-w-0 max-sm:p-0 max-sm:break-words max-sm:before:block max-sm:before:text-[10px] max-sm:before:font-medium max-sm:before:tracking-wider max-sm:before:text-slate-400 max-sm:before:uppercase max-sm:before:content-[attr(data-label)]',
  /** A figure: right-aligned in the table, left on a card. */
  figure: 'sm:text-right',
  /** A cell that takes the card's whole width (a long description, the row's buttons). */
  wide: 'max-sm:col-span-2',
} as const;
