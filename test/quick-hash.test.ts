// quickHash keys the lint cache (content hashes, run fingerprints, index
// file names). It needs no resistance to attack, only to accident: equal
// strings hash equal in every process, and near-identical strings (one
// character changed, paths that differ by a digit) do not collide.

import { describe, expect, it } from 'vitest';
import { quickHash } from '../server/util/quickHash';

describe('quickHash', () => {
  it('is 32 hex characters, the same for equal strings, different for the empty string and one space', () => {
    expect(quickHash('registry="gcr.io/x"')).toMatch(/^[0-9a-f]{32}$/);
    expect(quickHash('a'.repeat(1000))).toBe(quickHash('a'.repeat(1000)));
    expect(quickHash('')).not.toBe(quickHash(' '));
    expect(quickHash('\0')).not.toBe(quickHash(''));
  });

  it('has no collisions among 200,000 paths that differ by a number', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200_000; i++) seen.add(quickHash(`stdlib/pkg_${i % 97}/module_${i}.py`));
    expect(seen.size).toBe(200_000);
  });

  it('changes for every one-character edit of a file, at every position', () => {
    const text = 'from flytekit import ImageSpec\nimage = ImageSpec(name="etl", registry="us-east1-docker.pkg.dev/p/r")\n';
    const hashes = new Set<string>([quickHash(text)]);
    for (let i = 0; i < text.length; i++) {
      for (const c of ['x', 'é', '\n']) {
        if (text[i] === c) continue;
        hashes.add(quickHash(text.slice(0, i) + c + text.slice(i + 1)));
      }
      hashes.add(quickHash(text.slice(0, i) + text.slice(i + 1))); // deletion
    }
    // Every edit is a distinct text (a deletion can repeat another deletion's text only when
    // neighbouring characters are equal), so count distinct texts the same way.
    const texts = new Set<string>([text]);
    for (let i = 0; i < text.length; i++) {
      for (const c of ['x', 'é', '\n']) if (text[i] !== c) texts.add(text.slice(0, i) + c + text.slice(i + 1));
      texts.add(text.slice(0, i) + text.slice(i + 1));
    }
    expect(hashes.size).toBe(texts.size);
  });

  it('spreads one-character changes over about half of the 128 output bits', () => {
    let bits = 0;
    const n = 2000;
    for (let i = 0; i < n; i++) {
      const a = BigInt('0x' + quickHash(`abc${i}`));
      const b = BigInt('0x' + quickHash(`abd${i}`));
      bits += (a ^ b).toString(2).split('').filter((d) => d === '1').length;
    }
    const mean = bits / n;
    expect(mean).toBeGreaterThan(60);
    expect(mean).toBeLessThan(68);
  });
});
