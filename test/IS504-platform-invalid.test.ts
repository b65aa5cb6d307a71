import { describe, expect, it } from 'vitest';
import { applyFix, covered, lintSource, only } from './helpers/lint';
import { canonicalPlatform } from '../rules/IS504-platform-invalid';

const H = 'from flytekit import ImageSpec\n';
const lint = (src: string, file?: string) => lintSource(src, { file, select: ['IS504'] });
const spec = (platform: string) => `${H}img = ImageSpec(name="etl", platform="${platform}")\n`;
const col = (platform: string, offset: number) => `${H}img = ImageSpec(name="etl", platform="`.length - H.length + offset;

describe('IS504 platform', () => {
  it('reports an unknown arch with the closest known platforms as fixes', () => {
    const out = lint(spec('linux/amd46'));
    const fs = only(out, 'IS504');
    expect(fs).toHaveLength(1);
    const [f] = fs;
    expect(f.severity).toBe('error');
    expect(f.range).toEqual({ start: { line: 1, character: col('', 0) }, end: { line: 1, character: col('', 11) } });
    expect(covered(out, f)).toBe('linux/amd46');
    expect(f.message).toBe('platform "linux/amd46": `linux/amd46` is not a platform buildx builds images for, so the build fails; did you mean `linux/amd64`?');
    expect(f.fixes[0]).toMatchObject({ title: 'Use `linux/amd64`', preferred: true, safe: false });
    expect(f.fixes.slice(1).every((x) => !x.preferred)).toBe(true);
    expect(applyFix(out, f.fixes[0])).toBe(spec('linux/amd64'));
  });

  it('reports each bad item of a list and fixes it in place', () => {
    const out = lint(spec('linux/amd64,linux/arm46'));
    const [f] = only(out, 'IS504');
    expect(covered(out, f)).toBe('linux/arm46');
    expect(f.range.start.character).toBe(col('', 12));
    expect(applyFix(out, f.fixes[0])).toBe(spec('linux/amd64,linux/arm64'));
  });

  it('spaces after the comma: underlined and removed by a safe fix', () => {
    const out = lint(spec('linux/amd64, linux/arm64'));
    const [f] = only(out, 'IS504');
    expect(covered(out, f)).toBe(' ');
    expect(f.message).toBe('platform "linux/amd64, linux/arm64" has whitespace around `linux/arm64`: buildx does not trim items and rejects the platform. Remove the spaces');
    expect(f.fixes).toHaveLength(1);
    expect(f.fixes[0]).toMatchObject({ preferred: true, safe: true });
    expect(applyFix(out, f.fixes[0])).toBe(spec('linux/amd64,linux/arm64'));
  });

  it('an empty item: the comma is underlined and the fix removes it', () => {
    const out = lint(spec('linux/amd64,'));
    const [f] = only(out, 'IS504');
    expect(covered(out, f)).toBe(',');
    expect(f.message).toBe('platform "linux/amd64," has an empty item: buildx rejects it');
    expect(applyFix(out, f.fixes[0])).toBe(spec('linux/amd64'));
  });

  it('a bare architecture gets linux/ prepended; darwin is redirected to linux', () => {
    const a = lint(spec('arm64'));
    const [f] = only(a, 'IS504');
    expect(f.message).toBe("platform \"arm64\": `arm64` has no OS, so buildx takes the client's (darwin on a Mac) and the image may not run on the cluster; did you mean `linux/arm64`?");
    expect(applyFix(a, f.fixes[0])).toBe(spec('linux/arm64'));
    const d = lint(spec('darwin/arm64'));
    const [g] = only(d, 'IS504');
    expect(g.message).toBe('platform "darwin/arm64": `darwin/arm64` is not a container platform: images run on Linux nodes (Apple silicon is linux/arm64); did you mean `linux/arm64`?');
    expect(applyFix(d, g.fixes[0])).toBe(spec('linux/arm64'));
  });

  it('an empty platform gets the default', () => {
    const out = lint(spec(''));
    const [f] = only(out, 'IS504');
    expect(covered(out, f)).toBe('""');
    expect(applyFix(out, f.fixes[0])).toBe(spec('linux/amd64'));
  });

  it('no fix when nothing is close', () => {
    const out = lint(spec('toaster/oven'));
    const [f] = only(out, 'IS504');
    expect(f.fixes).toEqual([]);
    expect(f.message).toContain('Known platforms: linux/amd64, linux/arm64');
  });

  it('is clean for known platforms, buildx aliases and case, and the default', () => {
    for (const p of ['linux/amd64', 'linux/arm64,linux/amd64', 'linux/arm/v7', 'linux/arm64/v8', 'linux/386', 'linux/ppc64le', 'linux/s390x', 'linux/riscv64', 'windows/amd64', 'Linux/AMD64', 'linux/x86_64', 'linux/aarch64']) {
      expect(only(lint(spec(p)), 'IS504'), p).toEqual([]);
    }
    expect(only(lint(`${H}img = ImageSpec(name="etl")\n`), 'IS504')).toEqual([]);
    expect(canonicalPlatform('linux/armhf')).toBe('linux/arm/v7');
    expect(canonicalPlatform('linux/armhf/v7')).toBeUndefined();
  });

  it('stays silent on unknown values', () => {
    expect(only(lint(`${H}import os\nimg = ImageSpec(platform=os.environ["PLATFORM"])\n`), 'IS504')).toEqual([]);
    expect(only(lint(`${H}img = ImageSpec(platform=",".join(PLATFORMS))\n`), 'IS504')).toEqual([]);
  });

  it('YAML: exact ranges and the fix keep the scalar style', () => {
    const src = 'name: etl\nplatform: linux/amd64,linux/arm46\n';
    const out = lint(src, 'spec.yaml');
    const [f] = only(out, 'IS504');
    expect(f.range).toEqual({ start: { line: 1, character: 22 }, end: { line: 1, character: 33 } });
    // ruleKit.literalFor quotes a plain scalar with a comma: still the same YAML string.
    expect(applyFix(out, f.fixes[0])).toBe('name: etl\nplatform: "linux/amd64,linux/arm64"\n');
    const plain = lint('platform: linux/amd46\n', 'spec.yaml');
    expect(applyFix(plain, only(plain, 'IS504')[0].fixes[0])).toBe('platform: linux/amd64\n');
    const q = lint('platform: "linux/amd64, linux/arm64"\n', 'spec.yaml');
    expect(applyFix(q, only(q, 'IS504')[0].fixes[0])).toBe('platform: "linux/amd64,linux/arm64"\n');
    expect(only(lint('platform: linux/arm64\n', 'spec.yaml'), 'IS504')).toEqual([]);
  });
});
