import { describe, expect, it } from 'vitest';
import { LineIndex } from '../server/model/position';
import { concise } from '../server/cli/formats/concise';
import type { Finding } from '../server/engine/types';

describe('LineIndex.displayColumn', () => {
  it('counts code points, 1-based: an emoji is one column', () => {
    const idx = new LineIndex('abc\ns = "😀"; x = 1\r\n\tz\n');
    expect(idx.displayColumn({ line: 0, character: 0 })).toBe(1);
    expect(idx.displayColumn({ line: 0, character: 3 })).toBe(4);
    // "s = "😀"; x": the emoji is two UTF-16 units and one column.
    expect(idx.displayColumn({ line: 1, character: 11 })).toBe(11);
    expect(idx.displayColumn({ line: 2, character: 1 })).toBe(2);
    // Past the end of the line: clamped, never beyond the line's own text.
    expect(idx.displayColumn({ line: 0, character: 99 })).toBe(4);
  });

  it('stays linear with very many findings on one long line', () => {
    const n = 100_000;
    const text = 'x'.repeat(n) + '😀' + 'y'.repeat(n) + '\n';
    const findings: Finding[] = [];
    // Findings on both sides of the emoji.
    for (let i = 0; i < 2 * n; i += 2) {
      const c = i < n ? i : i + 2;
      findings.push({ code: 'IS501', severity: 'error', file: '/p/a.py', range: { start: { line: 0, character: c }, end: { line: 0, character: c + 1 } }, message: 'm', fixes: [] });
    }
    const t0 = Date.now();
    const out = concise.render({ findings, sources: new Map([['/p/a.py', text]]), cwd: '/p', color: false, fileCount: 1, fixedCount: 0, rules: [], toolVersion: 't' });
    expect(Date.now() - t0).toBeLessThan(5000);
    const lines = out.split('\n');
    expect(lines[1]).toBe('a.py:1:3: IS501 [error] m');
    // After the emoji: UTF-16 offset n + 2 + 2 is code point column n + 4.
    expect(lines[n / 2 + 1]).toBe(`a.py:1:${n + 4}: IS501 [error] m`);
  });
});
