import { describe, expect, it } from '@jest/globals';
import { dec, toPlain } from '@roottrading/accounting';
import type { Protection } from '../protection/entry-protection.js';
import { evaluateCandle, type CandleVerdict, type WatchedPosition } from './evaluate-exit.js';
import { advanceTrail, startTrail, type TrailState } from './trailing.js';

const TICK = dec('0.01');
const candle = (open: string, high: string, low: string) => ({ open: dec(open), high: dec(high), low: dec(low) });
const position = (p: Partial<Protection>, trail: TrailState | null = null): WatchedPosition => ({
  entryPrice: dec('100'),
  protection: { stopLoss: null, takeProfit: null, trailing: null, partial: null, timeStop: null, ...p },
  trail,
});
const exitOf = (v: CandleVerdict) =>
  v.exit ? { reason: v.exit.reason, price: toPlain(v.exit.price), gapped: v.exit.gapped } : null;

describe('stop-loss and take-profit on one candle (long position bought at 100)', () => {
  const p = position({ stopLoss: dec('95'), takeProfit: dec('110') });

  it('leaves the position alone while the candle stays between them', () => {
    expect(evaluateCandle(p, candle('100', '109.99', '95.01'), TICK)).toEqual({
      exit: null,
      partial: null,
      trail: null,
    });
  });

  it('closes at the stop when a wick reaches it (open above, low at or below)', () => {
    expect(exitOf(evaluateCandle(p, candle('99', '101', '94.5'), TICK))).toEqual({
      reason: 'stop_loss',
      price: '95',
      gapped: false,
    });
    // touching the stop is enough
    expect(exitOf(evaluateCandle(p, candle('99', '101', '95'), TICK))?.price).toBe('95');
  });

  it('closes at the open when the candle gaps through the stop', () => {
    expect(exitOf(evaluateCandle(p, candle('93', '94', '90'), TICK))).toEqual({
      reason: 'stop_loss',
      price: '93',
      gapped: true,
    });
  });

  it('closes at the target when the high reaches it', () => {
    expect(exitOf(evaluateCandle(p, candle('105', '111', '104'), TICK))).toEqual({
      reason: 'take_profit',
      price: '110',
      gapped: false,
    });
  });

  it('closes at the open when the candle gaps above the target', () => {
    expect(exitOf(evaluateCandle(p, candle('112', '115', '111'), TICK))).toEqual({
      reason: 'take_profit',
      price: '112',
      gapped: true,
    });
  });

  it('resolves a candle that crosses both conservatively: the stop first', () => {
    expect(exitOf(evaluateCandle(p, candle('100', '111', '94'), TICK))).toEqual({
      reason: 'stop_loss',
      price: '95',
      gapped: false,
    });
  });

  it('lets a gap decide the order: opening above the target fills there even if the low later breaks the stop', () => {
    expect(exitOf(evaluateCandle(p, candle('110.5', '111', '94'), TICK))).toEqual({
      reason: 'take_profit',
      price: '110.5',
      gapped: true,
    });
  });
});

describe('trailing stop', () => {
  const percent = { type: 'percent' as const, value: dec('0.05'), activation: null };

  it('starts at the entry, 5 % below it, on the tick', () => {
    expect(startTrail(percent, dec('100'), dec('100'), TICK)).toEqual({ high: dec('100'), stop: dec('95') });
    // 101.23 × 0.95 = 96.1685 → 96.16 (down: never closer to the price than asked)
    expect(startTrail(percent, dec('101.23'), dec('101.23'), TICK).stop).toEqual(dec('96.16'));
  });

  it('ratchets up with each new high, never down, then triggers at its level', () => {
    const p = position({ trailing: percent }, startTrail(percent, dec('100'), dec('100'), TICK));
    const steps: [string, string, string][] = [
      ['100', '104', '99'], // high 104 → stop 98.8
      ['103', '108', '102'], // high 108 → stop 102.6
      ['107', '107.5', '103'], // lower high: stays 102.6
      ['105', '110', '104.6'], // high 110 → stop 104.5 (this candle's low 104.6 is above the old stop 102.6)
    ];
    const stops: string[] = [];
    let watched = p;
    for (const [o, h, l] of steps) {
      const v = evaluateCandle(watched, candle(o, h, l), TICK);
      expect(v.exit).toBeNull();
      if (v.trail) watched = { ...watched, trail: v.trail };
      stops.push(toPlain(watched.trail!.stop!));
    }
    expect(stops).toEqual(['98.8', '102.6', '102.6', '104.5']);
    expect(toPlain(watched.trail!.high)).toBe('110');

    // the next candle dips to 104: the trail closes it at 104.5
    expect(exitOf(evaluateCandle(watched, candle('108', '109', '104'), TICK))).toEqual({
      reason: 'trailing_stop',
      price: '104.5',
      gapped: false,
    });
    // or opens below it: at the open
    expect(exitOf(evaluateCandle(watched, candle('103', '103.5', '101'), TICK))).toEqual({
      reason: 'trailing_stop',
      price: '103',
      gapped: true,
    });
  });

  it('applies a level raised by a candle from the next candle only (no look-ahead inside a candle)', () => {
    const p = position({ trailing: percent }, { high: dec('100'), stop: dec('95') });
    // high 120 would put the stop at 114, and this candle's low is 100 — but which came first is unknown
    const v = evaluateCandle(p, candle('101', '120', '100'), TICK);
    expect(v.exit).toBeNull();
    expect(toPlain(v.trail!.stop!)).toBe('114');
  });

  it('waits for the activation gain before it stands', () => {
    const spec = { type: 'distance' as const, value: dec('3'), activation: dec('0.02') };
    let trail = startTrail(spec, dec('100'), dec('100'), TICK);
    expect(trail.stop).toBeNull();
    trail = advanceTrail(spec, dec('100'), trail, dec('101.5'), TICK)!; // +1.5 %: not yet
    expect(trail.stop).toBeNull();
    trail = advanceTrail(spec, dec('100'), trail, dec('102'), TICK)!; // +2 %: 102 − 3 = 99
    expect(toPlain(trail.stop!)).toBe('99');
    expect(advanceTrail(spec, dec('100'), trail, dec('101'), TICK)).toBeNull(); // nothing moves
  });

  it('is the stop in force when above the stop-loss; the stop-loss wins a tie', () => {
    const above = position({ stopLoss: dec('95'), trailing: percent }, { high: dec('110'), stop: dec('104.5') });
    expect(exitOf(evaluateCandle(above, candle('106', '106', '90'), TICK))?.reason).toBe('trailing_stop');
    const tie = position({ stopLoss: dec('95'), trailing: percent }, { high: dec('100'), stop: dec('95') });
    expect(exitOf(evaluateCandle(tie, candle('99', '99', '94'), TICK))).toEqual({
      reason: 'stop_loss',
      price: '95',
      gapped: false,
    });
  });
});

describe('partial take-profit on one candle (bought at 100, half at 105)', () => {
  const partial = { price: dec('105'), fraction: dec('0.5') };
  const p = position({ stopLoss: dec('95'), partial });
  const partialOf = (v: CandleVerdict) => v.partial && { price: toPlain(v.partial.price), gapped: v.partial.gapped };

  it('is reached at its level by the high, or at the open when the candle gapped past it', () => {
    expect(partialOf(evaluateCandle(p, candle('101', '105', '100'), TICK))).toEqual({ price: '105', gapped: false });
    expect(partialOf(evaluateCandle(p, candle('106', '107', '105.5'), TICK))).toEqual({ price: '106', gapped: true });
    expect(evaluateCandle(p, candle('101', '104.99', '100'), TICK).partial).toBeNull();
  });

  it('is not reached on a candle whose low reaches the stop first, nor once taken', () => {
    const v = evaluateCandle(p, candle('101', '106', '95'), TICK);
    expect(exitOf(v)).toEqual({ reason: 'stop_loss', price: '95', gapped: false });
    expect(v.partial).toBeNull();
    expect(evaluateCandle({ ...p, partialTaken: true }, candle('101', '106', '100'), TICK).partial).toBeNull();
  });

  it('lets the trail move on the candle that takes it', () => {
    const spec = { type: 'percent' as const, value: dec('0.02'), activation: null };
    const trailing = position({ partial, trailing: spec }, startTrail(spec, dec('100'), dec('100'), TICK));
    const v = evaluateCandle(trailing, candle('101', '110', '100'), TICK);
    expect(partialOf(v)).toEqual({ price: '105', gapped: false });
    expect(v.trail && toPlain(v.trail.stop!)).toBe('107.8');
  });
});
