import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { analysedCandleSchema, KEY } from '@roottrading/contracts';
import { freePort, spawnService, waitFor } from '@roottrading/testing';
import { createHarness, makeSignal, type Harness } from './testing/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness('trader-process');
});

afterAll(async () => {
  await h?.close();
});

const orderCount = async () =>
  Number(
    (
      await h.testDb.db
        .selectFrom('orders')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const processEnv = (over: Record<string, string> = {}) => ({ ...h.env, LOG_LEVEL: 'info', ...over });

// Each test starts the trader as its own process (tsx compiles it first): slow on a loaded machine.
jest.setTimeout(90_000);

describe('the trader process', () => {
  it('stops on SIGTERM with every committed candle acknowledged and every other one left to redeliver', async () => {
    const port = await freePort();
    const svc = await spawnService('trader', port, processEnv({ TRADER_PORT: String(port) }));
    const signals = Array.from({ length: 200 }, (_, i) => makeSignal({ strategy: `Burst_${i % 7}` }));
    for (const s of signals) await h.sendSignals([s]);
    await waitFor(async () => (await orderCount()) > 0, { what: 'the first order' });
    expect(await svc.stop()).toBe(0);
    expect(svc.output.some((l) => l.includes('"trader stopped"'))).toBe(true);

    // Committed ⇔ acknowledged: whatever is still pending has no order yet.
    const pending = (await h.bus.redis.xpending(h.analysed.streamKey, KEY.signalGroup, '-', '+', 1000)) as [
      string,
      ...unknown[],
    ][];
    for (const [entryId] of pending) {
      const [entry] = (await h.bus.redis.xrange(h.analysed.streamKey, entryId, entryId)) as [string, string[]][];
      const { signals: held } = analysedCandleSchema.parse(JSON.parse(entry![1][1]!));
      const order = await h.testDb.db
        .selectFrom('orders')
        .select('id')
        .where('signal_id', '=', held[0]!.id)
        .executeTakeFirst();
      expect(order).toBeUndefined();
    }

    // A restart under the same consumer name picks up where it stopped: one order per signal.
    const again = await spawnService('trader', port, processEnv({ TRADER_PORT: String(port) }));
    await h.drained();
    expect(await orderCount()).toBe(signals.length);
    expect(await again.stop()).toBe(0);
  });

  it('loses nothing and doubles nothing when killed mid-stream (SIGKILL) and started again', async () => {
    const port = await freePort();
    const before = await orderCount();
    const svc = await spawnService('trader', port, processEnv({ TRADER_PORT: String(port) }));
    const signals = Array.from({ length: 200 }, (_, i) => makeSignal({ strategy: `Crash_${i % 5}` }));
    for (const s of signals) await h.sendSignals([s]);
    await waitFor(async () => (await orderCount()) > before, { what: 'the first order' });
    await svc.kill();

    const again = await spawnService('trader', port, processEnv({ TRADER_PORT: String(port) }));
    await h.drained();
    expect(await orderCount()).toBe(before + signals.length);
    expect(await h.analysed.lag()).toEqual({ pending: 0, undelivered: 0 });
    expect(await again.stop()).toBe(0);
  });

  it('refuses to start in live mode without keys, confirmation and token, with one line naming them', async () => {
    const port = await freePort();
    const svc = await spawnService('trader', port, processEnv({ TRADING_MODE: 'live' }), { waitHealthy: false });
    await waitFor(() => svc.child.exitCode !== null, { what: 'the trader to exit', timeoutMs: 30_000 });
    expect(svc.child.exitCode).toBe(1);
    const fatal = svc.output.filter((l) => l.includes('"level":"fatal"'));
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toContain(
      'TRADING_MODE=live needs EXCHANGE_API_KEY, EXCHANGE_API_SECRET, LIVE_TRADING_CONFIRM=yes, TRADER_API_TOKEN',
    );
  });

  it('refuses live mode without LIVE_TRADING_CONFIRM=yes, and never echoes the key', async () => {
    const port = await freePort();
    const env = processEnv({
      TRADING_MODE: 'live',
      EXCHANGE_API_KEY: 'key-that-must-not-be-logged-1234',
      EXCHANGE_API_SECRET: 'secret-that-must-not-be-logged-5678',
      TRADER_API_TOKEN: 'a'.repeat(48),
      LIVE_TRADING_CONFIRM: 'sure',
    });
    const svc = await spawnService('trader', port, env, { waitHealthy: false });
    await waitFor(() => svc.child.exitCode !== null, { what: 'the trader to exit', timeoutMs: 30_000 });
    expect(svc.child.exitCode).toBe(1);
    const fatal = svc.output.filter((l) => l.includes('"level":"fatal"'));
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toContain('TRADING_MODE=live needs LIVE_TRADING_CONFIRM=yes');
    const all = svc.output.join('\n');
    expect(all).not.toContain('key-that-must-not-be-logged');
    expect(all).not.toContain('secret-that-must-not-be-logged');
  });

  it('refuses a bad DEMO_BALANCES with one line naming it', async () => {
    const port = await freePort();
    const svc = await spawnService('trader', port, processEnv({ DEMO_BALANCES: 'USDC=lots' }), {
      waitHealthy: false,
    });
    await waitFor(() => svc.child.exitCode !== null, { what: 'the trader to exit', timeoutMs: 30_000 });
    expect(svc.child.exitCode).toBe(1);
    const fatal = svc.output.filter((l) => l.includes('"level":"fatal"'));
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toContain('DEMO_BALANCES must be a list like USDC=10000,USDT=10000');
  });

  it('refuses a symbol without market rules, naming it', async () => {
    const port = await freePort();
    const svc = await spawnService('trader', port, processEnv({ SYMBOLS: 'BTC/USDC,DOGE/EUR' }), {
      waitHealthy: false,
    });
    await waitFor(() => svc.child.exitCode !== null, { what: 'the trader to exit', timeoutMs: 30_000 });
    expect(svc.child.exitCode).toBe(1);
    expect(svc.output.filter((l) => l.includes('"level":"fatal"')).join('\n')).toContain(
      'no market rules for DOGE/EUR',
    );
  });
});
