import { describe, expect, it } from 'vitest';
import { covered, lintSource, only } from './helpers/lint';

const HEAD = 'from flytekit import ImageSpec\n';
const TAIL = ': flytekit writes env unquoted into one Dockerfile `ENV` line, so the build fails or the variable gets a different value. ' +
  "Remove the whitespace, or set the variable at run time (the task's `environment=`)";

describe('IS509 env value with whitespace', () => {
  it('reports a value with a space, on the value', () => {
    const src = HEAD + 'image = ImageSpec(name="etl", env={"GREETING": "hello world", "OK": "1"})\n';
    const out = lintSource(src, { select: ['IS509'] });
    const fs = only(out, 'IS509');
    expect(fs).toHaveLength(1);
    const [f] = fs;
    expect(f.severity).toBe('warning');
    expect(f.range).toEqual({ start: { line: 1, character: 47 }, end: { line: 1, character: 60 } });
    expect(covered(out, f)).toBe('"hello world"');
    expect(f.message).toBe('The value of `GREETING` contains a space' + TAIL);
    expect(f.fixes).toEqual([]);
  });

  it('names line breaks and tabs, and env defaults', () => {
    const src = HEAD + 'import os\nimage = ImageSpec(env={"A": "x\\ny", "B": "p\\tq", "C": os.getenv("C", "a b")})\n';
    const out = lintSource(src, { select: ['IS509'] });
    expect(only(out, 'IS509').map((f) => f.message)).toEqual([
      'The value of `A` contains a line break' + TAIL,
      'The value of `B` contains a tab' + TAIL,
      'The value of `C` contains a space (the default of $C)' + TAIL,
    ]);
  });

  it('is clean without whitespace, for unknown values, and for the noop builder', () => {
    const cases = [
      'image = ImageSpec(env={"PATH_EXTRA": "/opt/bin:/usr/bin", "EMPTY": ""})\n',
      'image = ImageSpec(env={"A": value(), **more})\n',
      'image = ImageSpec(env=make_env())\n',
      'image = ImageSpec(env={"A": "a b"}, builder="noop", base_image="python:3.11")\n',
    ];
    for (const c of cases) expect(only(lintSource(HEAD + c, { select: ['IS509'] }), 'IS509'), c).toEqual([]);
  });
});
