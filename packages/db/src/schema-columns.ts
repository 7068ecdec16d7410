import type { ColumnType } from 'kysely';

/**
 * Money columns are NUMERIC(38,18): up to 20 integer digits and 18 decimals, exact. pg returns
 * NUMERIC as a string, and we keep it a string (or a Decimal) in code: never a float.
 */
export type Numeric = ColumnType<string, string, string>;
export type NullableNumeric = ColumnType<string | null, string | null | undefined, string | null>;
export type DefaultedNumeric = ColumnType<string, string | undefined, string>;
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** int8 ids come back as strings from pg. */
export type BigSerial = ColumnType<string, never, never>;
