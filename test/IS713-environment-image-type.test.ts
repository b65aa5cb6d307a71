import { describe, expect, it } from 'vitest';
import { badImageType } from '../rules/IS713-environment-image-type';
import type { Value } from '../server/model/decl';
import { range } from '../server/model/position';

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
