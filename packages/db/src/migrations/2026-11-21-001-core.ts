import { sql, type Kysely } from 'kysely';

const MONEY = sql`numeric(38, 18)`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('candles')
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('interval', 'text', (c) => c.notNull())
    .addColumn('open_time', 'timestamptz', (c) => c.notNull())
    .addColumn('close_time', 'timestamptz', (c) => c.notNull())
    .addColumn('open', MONEY, (c) => c.notNull())
    .addColumn('high', MONEY, (c) => c.notNull())
    .addColumn('low', MONEY, (c) => c.notNull())
    .addColumn('close', MONEY, (c) => c.notNull())
    .addColumn('volume', MONEY, (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('candles_pkey', ['symbol', 'interval', 'open_time'])
    .execute();

  await db.schema
    .createTable('signals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('strategy', 'text', (c) => c.notNull())
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('interval', 'text', (c) => c.notNull())
    .addColumn('side', 'text', (c) => c.notNull().check(sql`side in ('BUY', 'SELL')`))
    .addColumn('candle_time', 'timestamptz', (c) => c.notNull())
    .addColumn('price', MONEY, (c) => c.notNull())
    .addColumn('metadata', 'jsonb', (c) => c.notNull())
    .addColumn('emitted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('signals_symbol_time').on('signals').columns(['symbol', 'candle_time']).execute();

  await db.schema
    .createTable('orders')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('client_order_id', 'text', (c) => c.notNull().unique())
    .addColumn('signal_id', 'text', (c) => c.unique())
    .addColumn('idempotency_key', 'text', (c) => c.unique())
    .addColumn('strategy', 'text', (c) => c.notNull())
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('side', 'text', (c) => c.notNull().check(sql`side in ('BUY', 'SELL')`))
    .addColumn('type', 'text', (c) => c.notNull().defaultTo('market'))
    .addColumn('quantity', MONEY, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('filled', 'rejected', 'expired')`))
    .addColumn('reason', 'text')
    .addColumn('demo', 'boolean', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('trades')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('order_id', 'bigint', (c) => c.notNull().references('orders.id'))
    .addColumn('client_order_id', 'text', (c) => c.notNull().unique())
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('side', 'text', (c) => c.notNull().check(sql`side in ('BUY', 'SELL')`))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('price', MONEY, (c) => c.notNull().check(sql`price > 0`))
    .addColumn('quantity', MONEY, (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('quote_quantity', MONEY, (c) => c.notNull())
    .addColumn('fee', MONEY, (c) => c.notNull().check(sql`fee >= 0`))
    .addColumn('fee_currency', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('strategy', 'text', (c) => c.notNull())
    .addColumn('signal_id', 'text')
    .addColumn('realized_pnl', MONEY)
    .addColumn('timestamp', 'timestamptz', (c) => c.notNull())
    .addColumn('demo', 'boolean', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('trades_demo_time').on('trades').columns(['demo', 'timestamp', 'id']).execute();
  await db.schema.createIndex('trades_symbol_time').on('trades').columns(['symbol', 'timestamp']).execute();

  await db.schema
    .createTable('demo_balances')
    .addColumn('asset', 'text', (c) => c.primaryKey())
    .addColumn('free', MONEY, (c) => c.notNull().check(sql`free >= 0`))
    .addColumn('locked', MONEY, (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`locked >= 0`),
    )
    .addColumn('initial', MONEY, (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('positions')
    .addColumn('demo', 'boolean', (c) => c.notNull())
    .addColumn('strategy', 'text', (c) => c.notNull())
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('quantity', MONEY, (c) => c.notNull().check(sql`quantity >= 0`))
    .addColumn('cost', MONEY, (c) => c.notNull().check(sql`cost >= 0`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('positions_pkey', ['demo', 'strategy', 'symbol'])
    .execute();

  await db.schema
    .createTable('balance_snapshots')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('demo', 'boolean', (c) => c.notNull())
    .addColumn('taken_at', 'timestamptz', (c) => c.notNull())
    .addColumn('balances', 'jsonb', (c) => c.notNull())
    .addColumn('totals', 'jsonb', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('balance_snapshots_time').on('balance_snapshots').columns(['demo', 'taken_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['balance_snapshots', 'positions', 'demo_balances', 'trades', 'orders', 'signals', 'candles']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
