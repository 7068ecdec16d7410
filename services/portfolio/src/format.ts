/** NUMERIC(38,18) comes back as "23152.650000000000000000"; the API shows "23152.65". */
export function trimZeros(value: string): string {
  return value.includes('.') ? value.replace(/\.?0+$/, '') : value;
}

export function trimOrNull(value: string | null): string | null {
  return value === null ? null : trimZeros(value);
}

export function isoOrNull(value: Date | null | undefined): string | null {
  return value ? value.toISOString() : null;
}

/** Pages of a paginated list: at least one, so page 1 of an empty list is still a page. */
export function pageCount(total: number, limit: number): number {
  return Math.max(1, Math.ceil(total / limit));
}
