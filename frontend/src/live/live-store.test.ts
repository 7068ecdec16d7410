import { describe, expect, it } from '@jest/globals';
import type { Candle } from '@roottrading/contracts';
import { fakeConnection } from './fake-source';
import { LIVE_CANDLES_KEPT, LiveStore, logged } from './live-store';

const candle = (minute: number, close = String(100 + minute), symbol = 'BTC/USDC'): Candle => ({
  symbol,
  interval: '1m',
  startTime: minute * 60_000,
  closeTime: minute * 60_000 + 59_999,
  open: close,
  high: close,
  low: close,
  close,
  volume: '1',
  source: 'replay',
});

function connectedStore() {
  const { connection, sources } = fakeConnection();
  const store = new LiveStore(connection);
  store.start();
  sources[0]!.emit('hello', { redis: 'up', throttleMs: 250, serverTime: 0 });
  return { store, source: sources[0]!, stop: () => store.dispose() };
}

describe('the live store', () => {
  it('keeps every candle of a batch per symbol, in time order, and the latest of each', () => {
    const { store, source, stop } = connectedStore();
    source.emit('candles', {
      candles: [candle(1), candle(1, '0', 'BTC/USDT'), candle(2), candle(3), candle(2, '7', 'BTC/USDT')],
      dropped: 0,
    });
    const s = store.getSnapshot();
    expect(s.candleLog.get('BTC/USDC')!.map((c) => c.close)).toEqual(['101', '102', '103']);
    expect(s.candleLog.get('BTC/USDT')!.map((c) => c.close)).toEqual(['0', '7']);
    expect(s.candles.get('BTC/USDC')!.close).toBe('103');
    expect(s.connectionEpoch).toBe(0);
    stop();
  });

  it('reloads what draws candles when a burst left some out', () => {
    const { store, source, stop } = connectedStore();
    source.emit('candles', { candles: [candle(9)], dropped: 12 });
    expect(store.getSnapshot().connectionEpoch).toBe(1);
    stop();
  });
});

describe('a symbol’s live candle log', () => {
  it('appends newer candles, replaces one of the same open time, and starts afresh when time goes back', () => {
    const log = logged([candle(1), candle(2)], [candle(2, '9'), candle(3)]);
    expect(log.map((c) => c.close)).toEqual(['101', '9', '103']);
    expect(logged(log, [candle(0)]).map((c) => c.close)).toEqual(['100']);
  });

  it(`keeps the newest ${LIVE_CANDLES_KEPT}`, () => {
    const many = Array.from({ length: LIVE_CANDLES_KEPT + 5 }, (_, i) => candle(i));
    const log = logged([], many);
    expect(log).toHaveLength(LIVE_CANDLES_KEPT);
    expect(log[0]!.startTime).toBe(5 * 60_000);
  });
});
