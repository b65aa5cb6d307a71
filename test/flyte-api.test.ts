// server/flyte/api.ts against the signatures flyte-sdk's own Image class has
// in each recorded release (inspect.signature, recorded with the goldens by
// scripts/record-flyte-golden.py): same methods, same parameters in the same
// order, same kinds (positional-or-keyword, *args, keyword-only), the same
// required ones. The "since" versions of methods and parameters are checked
// through imageMethod(name, version).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMAGE_METHODS, imageMethod, imageMethodNames } from '../server/flyte/api';
import { atLeast, FLYTE_VERIFIED_VERSION } from '../server/flyte/version';

interface Golden {
  versions: Record<string, { signatures: Record<string, Array<[string, string, boolean]>> }>;
}
const golden = JSON.parse(fs.readFileSync(path.join(__dirname, 'golden', 'flyte-uris.json'), 'utf8')) as Golden;

describe('api.ts matches flyte-sdk', () => {
  for (const [version, { signatures }] of Object.entries(golden.versions)) {
    it(`flyte ${version}: every Image method and parameter`, () => {
      expect(imageMethodNames(version).sort()).toEqual(Object.keys(signatures).sort());
      for (const [name, params] of Object.entries(signatures)) {
        const m = imageMethod(name, version)!;
        expect(
          m.params.map((p) => [p.name, p.kind, !!p.required]),
          name,
        ).toEqual(params);
      }
    });
  }

  it('records the newest release read', () => {
    expect(Object.keys(golden.versions)).toContain(FLYTE_VERIFIED_VERSION);
  });

  it('every method cites its source and says what it is', () => {
    for (const m of IMAGE_METHODS) {
      expect(m.source, m.name).toMatch(/^src\/flyte\/_image\.py:\d+-\d+$/);
      expect(m.doc.length, m.name).toBeGreaterThan(10);
      expect(atLeast(FLYTE_VERIFIED_VERSION, m.since), m.name).toBe(true);
    }
  });
});
