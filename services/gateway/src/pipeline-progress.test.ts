import { describe, expect, it } from '@jest/globals';
import { createLogger } from '@roottrading/logger';
import { silentLevel } from '@roottrading/testing';
import { PipelineProgress } from './pipeline-progress.js';

const logger = createLogger('gateway', silentLevel);

function progress() {
  let now = 0;
  const p = new PipelineProgress({ stallMs: 1_000, logger, now: () => now });
  return { p, tick: (ms: number) => (now += ms) };
}

describe('the pipeline progress the pacer waits on', () => {
  it('is the analyzer counter alone while no trader reports', () => {
    const { p } = progress();
    expect([p.combine(10, null), p.combine(25, null), p.combine(3, null)]).toEqual([10, 25, 3]);
  });

  it('moves only as far as the slower of analyzer and trader, from where each was first read', () => {
    const { p, tick } = progress();
    expect(p.combine(1_000, 40)).toBe(1_000);
    tick(10);
    expect(p.combine(1_300, 140)).toBe(1_100); // the trader: 100 since the first read
    tick(10);
    expect(p.combine(1_350, 540)).toBe(1_350); // now the analyzer is the slower
  });

  it('stops waiting for a trader that has not moved for stallMs while the analyzer went on, and waits again once it moves', () => {
    const { p, tick } = progress();
    p.combine(0, 0);
    tick(500);
    expect(p.combine(200, 0)).toBe(0);
    tick(600); // 1,100 ms without the trader moving
    expect(p.combine(400, 0)).toBe(400);
    tick(10);
    expect(p.combine(450, 5)).toBe(400); // moves again: counted from here, never back
    tick(10);
    expect(p.combine(500, 60)).toBe(450);
  });

  it('starts afresh when a counter is reset', () => {
    const { p, tick } = progress();
    p.combine(500, 500);
    tick(10);
    expect(p.combine(20, 510)).toBe(20);
    tick(10);
    expect(p.combine(40, 600)).toBe(40);
  });
});
