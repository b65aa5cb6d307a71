// Extraction cases the generated oracle corpus does not cover.
import { describe, expect, it } from 'vitest';
import { extractDecls } from '../server/extract';

const names = (text: string): string[][] => extractDecls(text, '/p/main.py').decls.map((d) => d.fields.map((f) => f.name));

describe('Python extraction', () => {
  it('finds declarations in a file that starts with blank lines, comments or a docstring', () => {
    for (const head of ['\n\n', '   \n# licence\n\n', '"""Module docs."""\n\n', '\t\n']) {
      const text = `${head}from flytekit import ImageSpec\nx = ImageSpec(name="a", registry="ghcr.io/acme")\n`;
      const [d] = extractDecls(text, '/p/main.py').decls;
      expect(names(text), JSON.stringify(head)).toEqual([['name', 'registry']]);
      const line = head.split('\n').length;
      expect(d.range.start).toEqual({ line, character: 4 });
    }
  });

  it('keeps UTF-16 columns after astral characters on the same line', () => {
    const text = 'from flytekit import ImageSpec\ns = "😀"; x = ImageSpec(name="a")\n';
    const [d] = extractDecls(text, '/p/main.py').decls;
    expect(d.range.start).toEqual({ line: 1, character: 14 });
    expect(d.fields[0].value).toMatchObject({ kind: 'str', value: 'a' });
  });

  it('never parses a Python file without the text ImageSpec', () => {
    const r = extractDecls('x = 1\n', '/p/main.py');
    expect(r.decls).toEqual([]);
    expect(r.tree).toBeUndefined();
  });
});

describe('long runs of comment lines', () => {
  it('20,000 comment lines in a row parse in bounded time, positions unchanged, directives still read', async () => {
    const { lintSource, only } = await import('./helpers/lint');
    const text =
      'from flytekit import ImageSpec\nx = 1\n' + '# commentary\n'.repeat(10_000) + '# imagespec: ignore-file[IS102]\n' + '#\n'.repeat(10_000) + 'y = ImageSpec(name="Etl", pacakges=[])\n';
    const t0 = Date.now();
    const out = lintSource(text, { select: ['IS501', 'IS102'] });
    expect(Date.now() - t0).toBeLessThan(3000);
    const [f] = only(out, 'IS501');
    expect(f.range).toEqual({ start: { line: 20003, character: 26 }, end: { line: 20003, character: 34 } });
    expect(only(out, 'IS102')).toEqual([]);
  });

  it('short runs are parsed as they are', async () => {
    const { blankLongCommentRuns, LONG_COMMENT_RUN } = await import('../server/extract/pyParser');
    const short = 'x = 1\n' + '# c\n'.repeat(LONG_COMMENT_RUN - 1) + 'y = 2\n';
    expect(blankLongCommentRuns(short)).toBe(short);
    const long = 'x = 1\r\n' + '  # c\r\n'.repeat(LONG_COMMENT_RUN) + 'y = 2\r\n';
    const blanked = blankLongCommentRuns(long);
    expect(blanked.length).toBe(long.length);
    expect(blanked).toBe('x = 1\r\n' + '     \r\n'.repeat(LONG_COMMENT_RUN) + 'y = 2\r\n');
  });
});
