// Tests of server/flytekit/versions.ts: the per-release behaviour table, the
// release list and the lookups. The table's tag behaviour is checked against
// tags recorded from flytekit's own code in test/flytekit-golden.test.ts; here
// the lookups and the field lists, whose facts were read at the release tags
// named in each test.

import { describe, expect, it } from 'vitest';
import { fieldNamesFor, FIELD_NAMES, IMAGE_SPEC_FIELDS } from '../server/flytekit/fields';
import {
  BEHAVIOURS,
  behaviourFor,
  KNOWN_RELEASES,
  NEWEST_KNOWN_RELEASE,
  newestKnownSatisfying,
  parseVersion,
} from '../server/flytekit/versions';

describe('behaviourFor', () => {
  it('answers every known release from 1.11.0 with the last row not newer than it', () => {
    for (const v of KNOWN_RELEASES) {
      const b = behaviourFor(v);
      if (parseVersion(v)![1] < 11) {
        expect(b).toMatchObject({ ok: false });
        if (!b.ok) expect(b.reason).toContain('not computed');
        continue;
      }
      expect(b.ok, v).toBe(true);
    }
    expect(behaviourFor('1.13.4')).toMatchObject({ ok: true, behaviour: { since: '1.13.3' } });
    expect(behaviourFor('1.13.5')).toMatchObject({ ok: true, behaviour: { since: '1.13.5' } });
    expect(behaviourFor('1.13.15')).toMatchObject({ ok: true, behaviour: { since: '1.13.6' } });
    expect(behaviourFor('1.14.9')).toMatchObject({ ok: true, behaviour: { since: '1.14.0' } });
    expect(behaviourFor('1.15.2')).toMatchObject({ ok: true, behaviour: { since: '1.15.1' } });
    expect(behaviourFor('1.16.3')).toMatchObject({ ok: true, behaviour: { since: '1.16.0' } });
    expect(behaviourFor('1.16.24')).toMatchObject({ ok: true, behaviour: { since: '1.16.16' } });
  });

  it('normalises the number and refuses what was not read', () => {
    expect(behaviourFor('v1.16.4')).toMatchObject({ ok: true, version: '1.16.4' });
    expect(behaviourFor('1.14')).toMatchObject({ ok: true, version: '1.14.0' });
    expect(behaviourFor('1.16.31')).toMatchObject({ ok: false, reason: expect.stringContaining('newer than the newest release read (1.16.24)') });
    expect(behaviourFor('1.12.1')).toMatchObject({ ok: false, reason: expect.stringContaining('not a release that was read') });
    expect(behaviourFor('1.15.0b3')).toMatchObject({ ok: false, reason: expect.stringContaining('not a flytekit release number') });
    expect(behaviourFor('')).toMatchObject({ ok: false });
  });

  it('every row cites the release tag it was read from', () => {
    for (const b of BEHAVIOURS) {
      expect(b.source, b.since).toMatch(new RegExp(`^v${b.since.replace(/\./g, '\\.')}:flytekit/image_spec/[a-z_]+\\.py:\\d`));
      expect(KNOWN_RELEASES).toContain(b.since);
    }
    expect(NEWEST_KNOWN_RELEASE).toBe('1.16.24');
  });
});

describe('fields per release', () => {
  it('python_exec arrives in 1.15.0, runtime_packages/builder_options in 1.15.4, builder_config in 1.16.0', () => {
    expect(fieldNamesFor('1.14.9')).not.toContain('python_exec');
    expect(fieldNamesFor('1.15.0')).toContain('python_exec');
    expect(fieldNamesFor('1.15.3')).not.toContain('runtime_packages');
    expect(fieldNamesFor('1.15.4')).toEqual(expect.arrayContaining(['runtime_packages', 'builder_options']));
    expect(fieldNamesFor('1.15.4')).not.toContain('builder_config');
    expect(fieldNamesFor('1.16.0')).toContain('builder_config');
    expect(fieldNamesFor('1.13.0')).not.toContain('entrypoint');
    expect(fieldNamesFor('1.13.1')).toContain('entrypoint');
    expect(fieldNamesFor('1.13.5')).not.toContain('copy');
    expect(fieldNamesFor('1.13.6')).toEqual(expect.arrayContaining(['copy', 'source_copy_mode']));
    expect(fieldNamesFor('1.11.0')).not.toContain('tag_format');
    expect(fieldNamesFor('1.10.7')).toBeUndefined();
    expect(fieldNamesFor('9.9.9')).toBeUndefined();
  });

  it('positional order changes between releases (v1.11.0 and v1.15.0 image_spec.py dataclass fields)', () => {
    // v1.11.0:flytekit/image_spec/image_spec.py:49-66
    expect(fieldNamesFor('1.11.0')!.slice(14)).toEqual(['platform', 'pip_index', 'registry_config', 'commands']);
    // v1.15.0:flytekit/image_spec/image_spec.py:72-97
    expect(fieldNamesFor('1.15.0')!.slice(14, 20)).toEqual(['platform', 'pip_index', 'pip_extra_index_url', 'pip_secret_mounts', 'pip_extra_args', 'registry_config']);
  });

  it('the newest release has every field, in the order IMAGE_SPEC_FIELDS lists them', () => {
    expect(fieldNamesFor(NEWEST_KNOWN_RELEASE)).toEqual(FIELD_NAMES);
    for (const f of IMAGE_SPEC_FIELDS) expect(BEHAVIOURS.find((b) => b.fields.includes(f.name))!.since).toBe(f.since);
  });
});

describe('newestKnownSatisfying (a range -> the newest known release inside it)', () => {
  it.each([
    ['', '1.16.24'],
    ['>=1.14,<1.16', '1.15.4'],
    ['~=1.15.0', '1.15.4'],
    ['~=1.13', '1.16.24'],
    ['==1.14.*', '1.14.9'],
    ['==1.13.5', '1.13.5'],
    ['<1.13.5', '1.13.4'],
    ['>=1.13,!=1.16.24,<1.17', '1.16.23'],
    ['<= 1.12.3', '1.12.3'],
    ['>1.16.24', undefined],
    ['>=2', undefined],
    ['^1.2', undefined],
  ])('%j -> %s', (spec, want) => {
    expect(newestKnownSatisfying(spec)).toBe(want);
  });
});
