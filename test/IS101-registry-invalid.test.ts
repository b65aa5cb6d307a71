import { describe, expect, it } from 'vitest';
import { applyFix, covered, lintSource, only } from './helpers/lint';

const PRE = 'from flytekit import ImageSpec\n';
const spec = (args: string): string => `${PRE}image = ImageSpec(${args})\n`;

describe('IS101 registry invalid', () => {
  it('catches the registry line of the "ImageSpec with GAR" docs page: a stray backtick and period', () => {
    const src = `${PRE}image = ImageSpec(\n    name="flyte-gar",\n    registry="us-central1-docker.pkg.dev/my-project/flyte-images\`.",\n)\n`;
    const out = lintSource(src, { select: ['IS1'] });
    // Precedence: the malformed registry is reported once, by IS101 alone.
    expect(out.findings.map((f) => f.code)).toEqual(['IS101']);
    const [f] = only(out, 'IS101');
    expect(f.severity).toBe('error');
    expect(f.range).toEqual({ start: { line: 3, character: 64 }, end: { line: 3, character: 66 } });
    expect(covered(out, f)).toBe('`.');
    expect(f.message).toBe(
      '`registry` "us-central1-docker.pkg.dev/my-project/flyte-images`." has a stray backtick and a trailing `.`: flytekit rejects it, so creating the ImageSpec raises ValueError and the module cannot be imported; use `us-central1-docker.pkg.dev/my-project/flyte-images`',
    );
    expect(f.fixes).toHaveLength(1);
    expect(f.fixes[0]).toMatchObject({ title: 'Use `us-central1-docker.pkg.dev/my-project/flyte-images`', preferred: true, safe: true });
    expect(applyFix(out, f.fixes[0])).toBe(
      `${PRE}image = ImageSpec(\n    name="flyte-gar",\n    registry="us-central1-docker.pkg.dev/my-project/flyte-images",\n)\n`,
    );
  });

  it('names a scheme and a trailing slash, underlining from the first to the last problem', () => {
    const out = lintSource(spec('registry="https://ghcr.io/acme/"'), { select: ['IS101'] });
    const [f] = only(out, 'IS101');
    expect(f.range).toEqual({ start: { line: 1, character: 28 }, end: { line: 1, character: 49 } });
    expect(covered(out, f)).toBe('https://ghcr.io/acme/');
    expect(f.message).toBe(
      '`registry` "https://ghcr.io/acme/" has a scheme (`https://`) and a trailing `/`: flytekit rejects it, so creating the ImageSpec raises ValueError and the module cannot be imported; use `ghcr.io/acme`',
    );
    expect(applyFix(out, f.fixes[0])).toBe(spec('registry="ghcr.io/acme"'));
  });

  it('offers dropping a tag, but not as a safe fix (the tag may have been meant as part of the path)', () => {
    const out = lintSource(spec("registry='ghcr.io/acme/img:latest'"), { select: ['IS101'] });
    const [f] = only(out, 'IS101');
    expect(covered(out, f)).toBe(':latest');
    expect(f.message).toContain('has a tag (`:latest`): flytekit rejects it');
    expect(f.fixes[0]).toMatchObject({ preferred: true, safe: false });
    expect(applyFix(out, f.fixes[0])).toBe(spec("registry='ghcr.io/acme/img'"));
  });

  it('reports a digest', () => {
    const out = lintSource(spec('registry="ghcr.io/acme@sha256:0123456789abcdef0123456789abcdef"'), { select: ['IS101'] });
    const [f] = only(out, 'IS101');
    expect(covered(out, f)).toBe('@sha256:0123456789abcdef0123456789abcdef');
    expect(f.message).toContain('has a digest (`@sha256:0123456789abcde…`)');
    expect(applyFix(out, f.fixes[0])).toBe(spec('registry="ghcr.io/acme"'));
  });

  it('reports a trailing period flytekit lets through, because the push then fails', () => {
    const out = lintSource(spec('registry="ghcr.io/acme."'), { select: ['IS101'] });
    const [f] = only(out, 'IS101');
    expect(covered(out, f)).toBe('.');
    expect(f.message).toBe(
      '`registry` "ghcr.io/acme." has a trailing `.`: flytekit accepts it, but the image name it builds is invalid and the push fails; use `ghcr.io/acme`',
    );
    expect(applyFix(out, f.fixes[0])).toBe(spec('registry="ghcr.io/acme"'));
  });

  it('has no fix for a space inside the registry (only the user knows what was meant)', () => {
    const out = lintSource(spec('registry="ghcr.io/ac me"'), { select: ['IS101'] });
    const [f] = only(out, 'IS101');
    expect(covered(out, f)).toBe(' ');
    expect(f.message).toBe(
      '`registry` "ghcr.io/ac me" has a space: flytekit rejects it, so creating the ImageSpec raises ValueError and the module cannot be imported; a registry is only `HOST[:PORT]/PATH`; remove what does not belong',
    );
    expect(f.fixes).toEqual([]);
  });

  it('reports a whitespace-only registry without a fix', () => {
    const out = lintSource(spec('registry="  "'), { select: ['IS101'] });
    const [f] = only(out, 'IS101');
    expect(covered(out, f)).toBe('"  "');
    expect(f.message).toContain('is only whitespace');
    expect(f.fixes).toEqual([]);
  });

  it('says when the value is the default of an environment variable, and fixes that default', () => {
    const src = 'import os\nfrom flytekit import ImageSpec\nimage = ImageSpec(registry=os.getenv("REG", "https://ghcr.io/acme"))\n';
    const out = lintSource(src, { select: ['IS101'] });
    const [f] = only(out, 'IS101');
    expect(f.message.startsWith('`registry` "https://ghcr.io/acme" (the default of $REG) has a scheme (`https://`)')).toBe(true);
    expect(applyFix(out, f.fixes[0])).toBe('import os\nfrom flytekit import ImageSpec\nimage = ImageSpec(registry=os.getenv("REG", "ghcr.io/acme"))\n');
  });

  it('fixes a module constant where it is defined', () => {
    const src = `${PRE}REGISTRY = "ghcr.io/acme/"\nimage = ImageSpec(registry=REGISTRY)\n`;
    const out = lintSource(src, { select: ['IS101'] });
    const [f] = only(out, 'IS101');
    expect(applyFix(out, f.fixes[0])).toBe(`${PRE}REGISTRY = "ghcr.io/acme"\nimage = ImageSpec(registry=REGISTRY)\n`);
  });

  it('is clean for registries flytekit and Docker accept, an empty registry and None', () => {
    for (const r of ['"localhost:30000"', '"ghcr.io/acme"', '"us-east1-docker.pkg.dev/p-123456/repo/sub"', '"registry.example.com:5000/team"', '""', 'None', '"GHCR.io/Acme"']) {
      expect(only(lintSource(spec(`registry=${r}`), { select: ['IS101'] }), 'IS101')).toEqual([]);
    }
  });

  it('says nothing about values it cannot resolve', () => {
    expect(lintSource(spec('registry=get_registry()'), { select: ['IS101'] }).findings).toEqual([]);
    expect(lintSource(spec('registry=f"https://{HOST}/x/"'), { select: ['IS101'] }).findings).toEqual([]);
  });
});
