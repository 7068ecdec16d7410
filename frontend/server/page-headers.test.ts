import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { CHART_ATTRIBUTION_STYLE_HASH, PAGE_POLICY } from './page-headers.js';

const chartsDir = new URL('../node_modules/lightweight-charts/', import.meta.url);

describe('PAGE_POLICY', () => {
  it('allows the one <style> the installed lightweight-charts inserts, by the hash of its text', () => {
    const { module } = JSON.parse(readFileSync(new URL('package.json', chartsDir), 'utf8')) as { module: string };
    const source = readFileSync(new URL(module, chartsDir), 'utf8');
    const styles = [...source.matchAll(/innerText\s*=\s*"(a#tv-attr-logo[^"]*)"/g)].map((m) => m[1]!);
    expect(styles).toHaveLength(1);
    const hash = `sha256-${createHash('sha256').update(styles[0]!).digest('base64')}`;
    expect(hash).toBe(CHART_ATTRIBUTION_STYLE_HASH);
    expect(PAGE_POLICY).toContain(`style-src 'self' '${hash}'`);
  });

  it('allows no inline script or style, and no framing', () => {
    expect(PAGE_POLICY).toContain("script-src 'self';");
    expect(PAGE_POLICY).toContain("frame-ancestors 'none'");
    expect(PAGE_POLICY).not.toContain('unsafe');
  });
});
