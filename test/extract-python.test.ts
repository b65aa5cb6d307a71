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
