import { describe, expect, it } from 'vitest';
import { applyFix, covered, lintSource, only } from './helpers/lint';

const PRE = 'from flytekit import ImageSpec\n';
const spec = (args: string): string => `${PRE}image = ImageSpec(${args})\n`;

describe('IS102 uppercase in registry or name', () => {
  it('reports uppercase in the registry, underlining the uppercase span, with a safe lowercase fix', () => {
    const out = lintSource(spec('registry="ghcr.io/MyOrg"'), { select: ['IS102'] });
    const [f] = only(out, 'IS102');
    expect(only(out, 'IS102')).toHaveLength(1);
    expect(f.severity).toBe('warning');
    expect(f.range).toEqual({ start: { line: 1, character: 36 }, end: { line: 1, character: 39 } });
    expect(covered(out, f)).toBe('MyO');
    expect(f.message).toBe(
      'flytekit lowercases `registry`, so the image is pushed to `ghcr.io/myorg`, not "ghcr.io/MyOrg"; write it in lowercase so the source says what is pushed',
    );
    expect(f.fixes).toHaveLength(1);
    expect(f.fixes[0]).toMatchObject({ title: 'Write `ghcr.io/myorg`', preferred: true, safe: true });
    expect(applyFix(out, f.fixes[0])).toBe(spec('registry="ghcr.io/myorg"'));
  });

  it('reports uppercase in the name, also when passed positionally', () => {
    const out = lintSource(spec('"ETL-Image", registry="ghcr.io/acme"'), { select: ['IS102'] });
    const [f] = only(out, 'IS102');
    expect(covered(out, f)).toBe('ETL-I');
    expect(f.message).toBe(
      'flytekit lowercases `name`, so the image is named `etl-image`, not "ETL-Image"; write it in lowercase so the source says what is pushed',
    );
    expect(applyFix(out, f.fixes[0])).toBe(spec('"etl-image", registry="ghcr.io/acme"'));
  });

  it('reports registry and name separately', () => {
    const out = lintSource(spec('name="Etl", registry="GHCR.io/acme"'), { select: ['IS102'] });
    expect(only(out, 'IS102').map((f) => covered(out, f))).toEqual(['E', 'GHCR']);
  });

  it('leaves a malformed registry to IS101 (whose fix keeps case)', () => {
    const out = lintSource(spec('registry="https://ghcr.io/MyOrg/"'), { select: ['IS101', 'IS102'] });
    expect(out.findings.map((f) => f.code)).toEqual(['IS101']);
  });

  it('fixes an environment default and says so', () => {
    const src = `import os\n${PRE}image = ImageSpec(name=os.environ.get("IMG", "Etl"))\n`;
    const out = lintSource(src, { select: ['IS102'] });
    const [f] = only(out, 'IS102');
    expect(f.message).toContain('not "Etl" (the default of $IMG)');
    expect(applyFix(out, f.fixes[0])).toBe(`import os\n${PRE}image = ImageSpec(name=os.environ.get("IMG", "etl"))\n`);
  });

  it('is clean for lowercase values', () => {
    expect(only(lintSource(spec('name="etl", registry="ghcr.io/acme"'), { select: ['IS102'] }), 'IS102')).toEqual([]);
  });

  it('says nothing about unknown values', () => {
    expect(only(lintSource(spec('name=NAME, registry=get()'), { select: ['IS102'] }), 'IS102')).toEqual([]);
  });
});
