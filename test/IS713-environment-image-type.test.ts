import { describe, expect, it } from 'vitest';
import { badImageType } from '../rules/IS713-environment-image-type';
import type { Value } from '../server/model/decl';
import { range } from '../server/model/position';
import { covered, lintSource, only } from './helpers/lint';

const r = range(0, 0, 0, 1);

describe('IS713 environment image type: pure check', () => {
  it('a truthy value that is neither str nor Image', () => {
    expect(badImageType({ kind: 'dict', range: r, entries: [{ key: { kind: 'str', value: 'packages', range: r }, value: { kind: 'none', range: r } }] })).toBe("<class 'dict'>");
    expect(badImageType({ kind: 'list', range: r, items: [{ kind: 'str', value: 'a', range: r }] })).toBe("<class 'list'>");
    expect(badImageType({ kind: 'list', form: 'tuple', range: r, items: [{ kind: 'str', value: 'a', range: r }] })).toBe("<class 'tuple'>");
    expect(badImageType({ kind: 'num', range: r, value: 1, text: '1', isFloat: false })).toBe("<class 'int'>");
  });
  it('silent on falsy values, strings and unknowns', () => {
    const silent: Value[] = [
      { kind: 'dict', range: r, entries: [] },
      { kind: 'list', range: r, items: [] },
      { kind: 'str', range: r, value: 'auto' },
      { kind: 'none', range: r },
      { kind: 'unknown', range: r, reason: 'x' },
      { kind: 'bool', range: r, value: false },
    ];
    for (const v of silent) expect(badImageType(v)).toBeUndefined();
  });
});

describe('IS713 through the linter', () => {
  it('clone_with: its own image= is judged at the clone; an inherited image is reported once, at the environment that writes it', () => {
    const src = 'import flyte\nenv = flyte.TaskEnvironment(name="e", image={"a": 1})\nc1 = env.clone_with("c1")\nc2 = env.clone_with("c2", image=42)\n';
    const found = only(lintSource(src, { select: ['IS713'] }), 'IS713');
    expect(found.map((f) => [f.range.start.line, f.message])).toEqual([
      [1, expect.stringContaining("<class 'dict'>")],
      [3, expect.stringContaining("<class 'int'>")],
    ]);
  });

  it('reports a dict image with the TypeError', () => {
    const out = lintSource('import flyte\nenv = flyte.TaskEnvironment(name="etl", image={"packages": ["pandas"]})\n', { select: ['IS713'] });
    const [f] = only(out, 'IS713');
    expect(covered(out, f)).toBe('{"packages": ["pandas"]}');
    expect(f.message).toBe(
      "`image=` must be an image URI string or a `flyte.Image`: creating the TaskEnvironment raises TypeError: Expected image to be of type str or Image, got <class 'dict'>",
    );
  });
  it('stays silent on a string and an Image (near-miss)', () => {
    const src = 'import flyte\na = flyte.TaskEnvironment(name="a", image="auto")\nb = flyte.TaskEnvironment(name="b", image=flyte.Image.from_debian_base())\n';
    expect(only(lintSource(src, { select: ['IS713'] }), 'IS713')).toEqual([]);
  });
});
