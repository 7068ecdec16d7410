import { sql, type Kysely } from 'kysely';

const MONEY = sql`numeric(38, 18)`;

/** Every status an order row may hold once live orders exist (the first three are the paper account's). */
const STATUSES = sql`('filled', 'rejected', 'expired', 'pending', 'open', 'canceled')`;
const CORE_STATUSES = sql`('filled', 'rejected', 'expired')`;

/**
 * Live orders. An order row may now be sent and not final — 'pending' (sent, outcome unknown:
 * reconciliation settles it by client id) or 'open' (resting on the exchange) — or 'canceled';
 * it carries the exchange's order id, the limit price, what has filled, and the exchange's error
 * class. Each exchange fill gets its own row in live_fills, unique on symbol + exchange trade id,
 * so a fill found again by reconciliation can never be recorded twice; the trades row stays the
 * order's aggregate (one per client order id). exchange_sync keeps reconciliation's watermark.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // If another migration has changed this constraint meanwhile, merge its statuses into STATUSES.
  await sql`alter table orders drop constraint if exists orders_status_check`.execute(db);
  await sql`alter table orders add constraint orders_status_check check (status in ${STATUSES})`.execute(db);
  await db.schema
    .alterTable('orders')
    .addColumn('exchange_order_id', 'text')
    // Limit orders: the price as sent (on the tick); null for market orders.
    .addColumn('price', MONEY, (c) => c.check(sql`price is null or price > 0`))
    .addColumn('filled_quantity', MONEY, (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`filled_quantity >= 0`),
    )
    // ccxt's error class when the exchange refused the order (e.g. InsufficientFunds); the message is in reason.
    .addColumn('exchange_error', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index orders_exchange_order on orders (symbol, exchange_order_id)
    where exchange_order_id is not null`.execute(db);
  // What reconciliation and the open-order poller look at: few rows, read often.
  await sql`create index orders_unsettled on orders (demo, status) where status in ('pending', 'open')`.execute(db);

  await db.schema
    .createTable('live_fills')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('order_id', 'bigint', (c) => c.notNull().references('orders.id'))
    .addColumn('client_order_id', 'text', (c) => c.notNull())
    .addColumn('exchange_order_id', 'text', (c) => c.notNull())
    .addColumn('exchange_trade_id', 'text', (c) => c.notNull())
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('side', 'text', (c) => c.notNull().check(sql`side in ('BUY', 'SELL')`))
    .addColumn('price', MONEY, (c) => c.notNull().check(sql`price > 0`))
    .addColumn('quantity', MONEY, (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('quote_quantity', MONEY, (c) => c.notNull())
    .addColumn('fee', MONEY, (c) => c.notNull().check(sql`fee >= 0`))
    .addColumn('fee_currency', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('maker', 'taker')`))
    .addColumn('timestamp', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // Exactly once: the exchange's trade ids are unique per symbol.
    .addUniqueConstraint('live_fills_trade_key', ['symbol', 'exchange_trade_id'])
    .execute();
  await db.schema.createIndex('live_fills_order').on('live_fills').column('order_id').execute();
  await db.schema.createIndex('live_fills_time').on('live_fills').columns(['timestamp', 'id']).execute();

  await db.schema
    .createTable('exchange_sync')
    .addColumn('exchange', 'text', (c) => c.primaryKey())
    // Fills before this are recorded; the next reconciliation reads from here (less a small overlap).
    .addColumn('fills_watermark', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

/** Fails while live rows with the new statuses exist: settle or delete them first. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('exchange_sync').ifExists().execute();
  await db.schema.dropTable('live_fills').ifExists().execute();
  await sql`drop index if exists orders_unsettled`.execute(db);
  await sql`drop index if exists orders_exchange_order`.execute(db);
  await db.schema
    .alterTable('orders')
    .dropColumn('updated_at')
    .dropColumn('exchange_error')
    .dropColumn('filled_quantity')
    .dropColumn('price')
    .dropColumn('exchange_order_id')
    .execute();
  await sql`alter table orders drop constraint if exists orders_status_check`.execute(db);
  await sql`alter table orders add constraint orders_status_check check (status in ${CORE_STATUSES})`.execute(db);
}
