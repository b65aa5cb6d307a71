// Positions as the CLI prints them: lone "\r" line endings count as line
// breaks (as Python and the LSP count them), and the carets of the `full`
// output sit under their target after wide characters (CJK, emoji) and
// combining marks.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli';
import { tmpProject } from './helpers/lint';

describe('line endings', () => {
  it('a file with lone "\\r" line endings: findings on their line and column, fixed in place with its endings kept', () => {
    const text = 'from flytekit import ImageSpec\r\rimage = ImageSpec(\r    name="etl",\r    pacakges=["pandas"],\r)\r';
    const dir = tmpProject({ 'wf.py': text, 'mixed.py': text.replace('\r\r', '\r\n\n') });
    try {
      const r = runCli(['--select', 'IS501', '--output-format', 'concise', '--no-cache'], { cwd: dir });
      expect(r.stdout).toContain('mixed.py:5:5: IS501');
      expect(r.stdout).toContain('wf.py:5:5: IS501');
      const full = runCli(['--select', 'IS501', '--no-cache', 'wf.py'], { cwd: dir });
      expect(full.stdout).toContain(['5 |     pacakges=["pandas"],', '  |     ^^^^^^^^ error'].join('\n'));
      const f = runCli(['--fix', '--select', 'IS501', '--no-cache'], { cwd: dir });
      expect(f).toMatchObject({ code: 0, stderr: '' });
      expect(fs.readFileSync(path.join(dir, 'wf.py'), 'utf8')).toBe(text.replace('pacakges', 'packages'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('suppressions on lines ended by a lone "\\r" apply to their own line', () => {
    const text = 'from flytekit import ImageSpec\ra = ImageSpec(name="a", bogus=1)  # imagespec: ignore[IS501]\rb = ImageSpec(name="b", bogus=2)\r';
    const dir = tmpProject({ 'wf.py': text });
    try {
      const r = runCli(['--select', 'IS501', '--output-format', 'concise', '--no-cache'], { cwd: dir });
      const found = r.stdout.split('\n').filter((l) => l.includes('IS501'));
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/^wf\.py:3:25: IS501 /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('carets in the full output', () => {
  const caretLine = (out: string, source: string): string => {
    const lines = out.split('\n');
    const i = lines.findIndex((l) => l.endsWith(source));
    expect(i, out).toBeGreaterThan(-1);
    return lines[i + 1];
  };

  it('count display width: CJK and emoji take two columns, combining marks none, tabs stay tabs', () => {
    const cases: [string, string][] = [
      ['a = ImageSpec(name="日本語", pacakges=["x"])', '日本語'],
      ['b = ImageSpec(name="👍🏽ok", pacakges=["x"])', '👍🏽'],
      ['c = ImageSpec(name="👨‍👩‍👧", pacakges=["x"])', 'family'],
      ['d = ImageSpec(name="cafe\u0301", pacakges=["x"])', 'combining'],
      ['e = ImageSpec(name="ｱｲ", pacakges=["x"])', 'halfwidth'],
    ];
    const src = 'from flytekit import ImageSpec\n' + cases.map(([l]) => l).join('\n') + '\nif True:\n\tf = ImageSpec(name="全", pacakges=["x"])\n';
    const dir = tmpProject({ 'wf.py': src });
    try {
      const r = runCli(['--select', 'IS501', '--no-cache'], { cwd: dir });
      const under = (line: string) => caretLine(r.stdout, line);
      // The source line is printed after "N | "; carets after "  | ".
      expect(under(cases[0][0])).toBe('  | ' + ' '.repeat('a = ImageSpec(name="'.length + 6 + '", '.length) + '^^^^^^^^ error');
      expect(under(cases[1][0])).toBe('  | ' + ' '.repeat('b = ImageSpec(name="'.length + 2 + 'ok", '.length) + '^^^^^^^^ error');
      expect(under(cases[2][0])).toBe('  | ' + ' '.repeat('c = ImageSpec(name="'.length + 2 + '", '.length) + '^^^^^^^^ error');
      expect(under(cases[3][0])).toBe('  | ' + ' '.repeat('d = ImageSpec(name="cafe'.length + '", '.length) + '^^^^^^^^ error');
      expect(under(cases[4][0])).toBe('  | ' + ' '.repeat('e = ImageSpec(name="'.length + 2 + '", '.length) + '^^^^^^^^ error');
      expect(under('\tf = ImageSpec(name="全", pacakges=["x"])')).toBe('  | \t' + ' '.repeat('f = ImageSpec(name="'.length + 2 + '", '.length) + '^^^^^^^^ error');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a range over wide characters gets one caret per column', () => {
    const dir = tmpProject({ 'wf.py': 'from flytekit import ImageSpec\nimage = ImageSpec(name="名前X", registry="ghcr.io/acme")\n' });
    try {
      const r = runCli(['--select', 'IS102,IS503', '--no-cache'], { cwd: dir });
      const under = r.stdout.split('\n').filter((l) => l.includes('^'));
      const at = '  | ' + ' '.repeat('image = ImageSpec(name="'.length);
      expect(under).toEqual([at + '^^^^ error', at + '    ^ warning']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
