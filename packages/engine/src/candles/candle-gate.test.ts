import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { CheckedCandle } from './candle-faults.js';
import { CandleGate, gateClockFor, type GateOutcome } from './candle-gate.js';

const MIN = 60_000;
const T0 = Date.parse('2023-03-10T00:00:00Z');
const WALL = Date.parse('2026-12-07T00:00:00Z');

/** The candle `i` minutes after T0, flat at `close` unless given a range. */
const at = (i: number, close: string, range: { high?: string; low?: string; open?: string } = {}): CheckedCandle => ({
  symbol: 'BTC/USDC',
  startTime: T0 + i * MIN,
  closeTime: T0 + (i + 1) * MIN - 1,
  open: range.open ?? close,
  high: range.high ?? close,
  low: range.low ?? close,
  close,
  volume: '1',
});

const gate = <T extends CheckedCandle = CheckedCandle>(maxJumpPct = '20') => {
  const g = new CandleGate<T>({ intervalMs: MIN, maxJumpPct });
  g.seed('BTC/USDC', T0, '50000');
  return g;
};
const closes = (o: GateOutcome<CheckedCandle>) => o.accepted.map((c) => c.close);

describe('CandleGate', () => {
  it('accepts a move up to CANDLE_MAX_JUMP at once, exactly at the edge', () => {
    const g = gate();
    // 20% of 50000 is 10000: a low of 40000 is on the limit, not beyond it.
    expect(closes(g.check(at(1, '41000', { low: '40000', open: '50000', high: '50000' }), WALL))).toEqual(['41000']);
    expect(g.holding).toBe(0);
  });

  it('holds a jump past the limit by the smallest amount, and names it', () => {
    const g = gate();
    const out = g.check(at(1, '45000', { low: '39999.99999999', open: '50000', high: '50000' }), WALL);
    expect(out.accepted).toEqual([]);
    expect(out.held?.close).toBe('45000');
    expect(g.heldOf('BTC/USDC')?.close).toBe('45000');
  });

  it('a crash the next candle confirms: both accepted, in order', () => {
    const g = gate();
    expect(g.check(at(1, '32500', { open: '50000', high: '50000' }), WALL).held?.close).toBe('32500');
    // Within 20% of 32500 (26000–39000).
    const out = g.check(at(2, '33000', { low: '32000', high: '34000' }), WALL);
    expect(closes(out)).toEqual(['32500', '33000']);
    expect(out.refused).toEqual([]);
    expect(g.holding).toBe(0);
  });

  it('a forged price 1 is refused when the next candle does not confirm it, and the next one is accepted', () => {
    const g = gate();
    g.check(at(1, '1'), WALL);
    const out = g.check(at(2, '50010'), WALL);
    expect(closes(out)).toEqual(['50010']);
    expect(out.refused).toHaveLength(1);
    expect(out.refused[0]!.item.close).toBe('1');
    expect(out.refused[0]!.reason).toBe(
      'jump of 100% from the last close 50000 (low 1) exceeds CANDLE_MAX_JUMP 20%, ' +
        'and the next candle (2023-03-10T00:02:00.000Z, close 50010) did not confirm it',
    );
  });

  it('names the percentage of a jump up', () => {
    const g = gate();
    g.check(at(1, '67500'), WALL);
    const out = g.check(at(2, '50000'), WALL);
    expect(out.refused[0]!.reason).toMatch(/^jump of 35% from the last close 50000 \(high 67500\) exceeds/);
  });

  it('a wick the next candle confirms by the held close (as the real 2023-03-14 14:24 BTC/USDC wick is)', () => {
    const g = new CandleGate<CheckedCandle>({ intervalMs: MIN, maxJumpPct: '15' });
    g.seed('BTC/USDC', T0, '25973.96');
    const wick = at(1, '26050.32', { open: '25977.85', high: '31000.0', low: '25947.52' });
    expect(g.check(wick, WALL).held).toBe(wick);
    const next = at(2, '25992.67', { open: '26000.06', high: '26064.85', low: '25963.48' });
    expect(g.check(next, WALL).accepted).toEqual([wick, next]);
  });

  it('a held candle followed by another jump: the held one refused, the next held in its place', () => {
    const g = gate();
    g.check(at(1, '1'), WALL);
    const out = g.check(at(2, '100000'), WALL);
    expect(out.refused.map((r) => r.item.close)).toEqual(['1']);
    expect(out.held?.close).toBe('100000');
  });

  it('an impossible candle is refused at once and leaves the held one held', () => {
    const g = gate();
    g.check(at(1, '32500'), WALL);
    const out = g.check(at(2, '33000', { high: '32000' }), WALL);
    expect(out.refused.map((r) => r.reason)).toEqual(['high 32000 below open 33000']);
    expect(g.heldOf('BTC/USDC')?.close).toBe('32500');
  });

  it('a candle not after the held one does not confirm it', () => {
    const g = gate();
    g.check(at(2, '32500'), WALL);
    const out = g.check(at(2, '32500'), WALL);
    expect(out.refused).toHaveLength(1);
    expect(out.held?.close).toBe('32500');
  });

  it('settle: the exchange confirms at once, or refuses with its reason', () => {
    const g = gate();
    const crash = at(1, '32500');
    g.check(crash, WALL);
    expect(g.settle('BTC/USDC', true).accepted).toEqual([crash]);
    expect(closes(g.check(at(2, '32600'), WALL))).toEqual(['32600']);
    g.check(at(3, '1'), WALL);
    expect(g.settle('BTC/USDC', false, 'the exchange trades at 32610').refused[0]!.reason).toMatch(
      /exceeds CANDLE_MAX_JUMP 20%, and the exchange trades at 32610$/,
    );
    expect(g.settle('BTC/USDC', true).accepted).toEqual([]);
  });

  it('CANDLE_MAX_JUMP 0 turns confirmation off, never the checks', () => {
    const g = gate('0');
    expect(closes(g.check(at(1, '1'), WALL))).toEqual(['1']);
    expect(g.check(at(2, '1', { high: '0.5' }), WALL).refused).toHaveLength(1);
    expect(closes(g.check(at(900, '1'), 'market'))).toEqual(['1']);
  });

  it('the first candle of a symbol has nothing to jump from', () => {
    const g = new CandleGate<CheckedCandle>({ intervalMs: MIN, maxJumpPct: '20' });
    expect(closes(g.check(at(0, '1'), WALL))).toEqual(['1']);
  });

  describe('on the market clock (replay, synthetic, backtest)', () => {
    it('a candle after a gap waits for the next to continue from it; the wall clock never decides', () => {
      const g = gate();
      expect(g.check(at(5, '50100'), 'market').held?.close).toBe('50100');
      expect(closes(g.check(at(6, '50200'), 'market'))).toEqual(['50100', '50200']);
      // On the wall clock a gap is only a gap.
      expect(closes(g.check(at(9, '50300'), WALL))).toEqual(['50300']);
    });

    it('a forged candle in the year 2100 is refused once the next real one comes', () => {
      const g = gate();
      const y2100 = (Date.parse('2100-01-01T00:00:00Z') - T0) / MIN;
      expect(g.check(at(y2100, '50050'), 'market').held).not.toBeNull();
      const out = g.check(at(1, '50010'), 'market');
      expect(closes(out)).toEqual(['50010']);
      expect(out.refused[0]!.reason).toMatch(/^open time 2100-01-01T00:00:00.000Z is more than one interval after/);
    });

    it('refuses the future on the wall clock', () => {
      const g = gate();
      expect(g.check(at(1, '50000'), T0 + MIN).refused[0]!.reason).toMatch(/in the future/);
    });
  });

  it('gateClockFor: the wall clock for exchange prices only', () => {
    expect(gateClockFor({ source: 'ccxt:binance' }, WALL)).toBe(WALL);
    expect(gateClockFor({ source: 'replay' }, WALL)).toBe('market');
    expect(gateClockFor({ source: 'synthetic' }, WALL)).toBe('market');
  });

  it('property: every candle is accepted, refused or held exactly once, accepted ones in order; the same candles give the same verdicts', () => {
    const step = fc.record({
      pct: fc.integer({ min: -60, max: 60 }),
      skip: fc.integer({ min: 1, max: 3 }),
      bad: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) => {
        const run = () => {
          const g = gate<CheckedCandle & { id: number }>();
          const verdicts: string[] = [];
          let price = 50000;
          let minute = 0;
          const fate = new Map<number, string>();
          const order: number[] = [];
          steps.forEach((s, i) => {
            price = Math.max(1, Math.round(price * (1 + s.pct / 100)));
            minute += s.skip;
            const c = { ...at(minute, String(price)), volume: s.bad ? '-1' : '1', id: i };
            const out = g.check(c, 'market');
            for (const a of out.accepted) {
              expect(fate.has(a.id)).toBe(false);
              fate.set(a.id, 'accepted');
              order.push(a.id);
            }
            for (const r of out.refused) {
              expect(fate.has(r.item.id)).toBe(false);
              fate.set(r.item.id, 'refused');
            }
            verdicts.push(JSON.stringify(out));
          });
          const held = g.heldOf('BTC/USDC');
          if (held) fate.set(held.id, 'held');
          expect(fate.size).toBe(steps.length);
          expect(order).toEqual([...order].sort((a, b) => a - b));
          return verdicts;
        };
        expect(run()).toEqual(run());
      }),
    );
  });

  it('property: a walk that never moves more than the limit per candle is accepted whole, nothing held', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -19, max: 19 }), { minLength: 1, maxLength: 80 }), (moves) => {
        const g = gate();
        let prev = 50000;
        moves.forEach((m, i) => {
          const close = Math.max(1, Math.round(prev * (1 + m / 100)));
          const lo = Math.min(prev, close);
          const hi = Math.max(prev, close);
          const out = g.check(
            at(i + 1, String(close), { open: String(prev), low: String(lo), high: String(hi) }),
            'market',
          );
          expect(out.accepted).toHaveLength(1);
          prev = close;
        });
        expect(g.holding).toBe(0);
      }),
    );
  });
});
