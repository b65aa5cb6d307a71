import { describe, expect, it } from 'vitest';
import { unknownKeywords } from '../rules/IS501-unknown-keyword';
import { extractPython } from '../server/extract/python';
import { applyFix, covered, lintSource, only } from './helpers/lint';

/** The top-level declarations of a source, through the real extractor. */
function decls(src: string) {
  return extractPython(src, '/project/main.py').decls.filter((d) => !d.parent);
}

describe('IS501 unknown keyword', () => {
  it('reports a typo with the exact name range and a rename fix', () => {
    const src = 'from flytekit import ImageSpec\nimage = ImageSpec(name="etl", pacakges=["pandas"])\n';
    const out = lintSource(src, { select: ['IS501'] });
    const [f] = only(out, 'IS501');
    expect(only(out, 'IS501')).toHaveLength(1);
    expect(f.range).toEqual({ start: { line: 1, character: 30 }, end: { line: 1, character: 38 } });
    expect(covered(out, f)).toBe('pacakges');
    expect(f.severity).toBe('error');
    expect(f.message).toBe('ImageSpec has no field `pacakges`: importing this module raises TypeError; did you mean `packages`?');
    expect(f.fixes[0].safe).toBe(true);
    expect(applyFix(out, f.fixes[0])).toBe('from flytekit import ImageSpec\nimage = ImageSpec(name="etl", packages=["pandas"])\n');
  });

  it('is clean for real fields, whatever their values', () => {
    const src = 'from flytekit import ImageSpec\nimage = ImageSpec(name=NAME, packages=get(), registry="ghcr.io/acme")\n';
    expect(only(lintSource(src, { select: ['IS501'] }), 'IS501')).toEqual([]);
  });

  it('reports unknown keywords even when the value is unknown, and offers no fix without a close field', () => {
    const src = 'import flytekit as fl\nspec = fl.ImageSpec(colour=some_call())\n';
    const out = lintSource(src, { select: ['IS501'] });
    const [f] = only(out, 'IS501');
    expect(covered(out, f)).toBe('colour');
    expect(f.fixes).toEqual([]);
    expect(f.message).toContain('see `imagespec-lint --explain IS501`');
  });

  it('does not fire inside strings or comments', () => {
    const src = 'from flytekit import ImageSpec\n# ImageSpec(bogus=1)\nx = "ImageSpec(bogus=1)"\n';
    expect(lintSource(src, { select: ['IS501'] }).findings).toEqual([]);
  });

  it('uses the newest flytekit release read: every field of any release is accepted today', () => {
    const src = 'from flytekit import ImageSpec\nimage = ImageSpec(python_exec="python3", runtime_packages=["x"], builder_config={}, builder_options={})\n';
    expect(only(lintSource(src, { select: ['IS501'] }), 'IS501')).toEqual([]);
  });
});

describe('IS501 per flytekit release (unknownKeywords)', () => {
  const src =
    'from flytekit import ImageSpec\n' +
    'a = ImageSpec(name="x", python_exec="/usr/bin/python3")\n' +
    'b = ImageSpec(name="x", runtime_packages=["numpy"], builder_config={"uv_image": "u"})\n' +
    'c = ImageSpec(name="x", tag_format="{spec_hash}", entrypoint=[])\n' +
    'd = ImageSpec(name="x", pacakges=["p"])\n';
  const [a, b, c, d] = decls(src);
  const names = (fs: ReturnType<typeof unknownKeywords>) => fs.map((f) => f.message);

  it('python_exec is a TypeError below 1.15.0 (v1.15.0:flytekit/image_spec/image_spec.py:97)', () => {
    expect(names(unknownKeywords(a, '1.14.9'))).toEqual([
      'ImageSpec has no field `python_exec` in flytekit 1.14.9 (it arrived in 1.15.0): importing this module raises TypeError; upgrade flytekit or remove the argument',
    ]);
    const [f] = unknownKeywords(a, '1.14.9');
    expect(f.range).toEqual(a.fields[1].nameRange);
    expect(f.fixes ?? []).toEqual([]);
    expect(unknownKeywords(a, '1.15.0')).toEqual([]);
  });

  it('runtime_packages arrives in 1.15.4 and builder_config in 1.16.0', () => {
    expect(names(unknownKeywords(b, '1.15.3'))).toEqual([
      expect.stringContaining('`runtime_packages` in flytekit 1.15.3 (it arrived in 1.15.4)'),
      expect.stringContaining('`builder_config` in flytekit 1.15.3 (it arrived in 1.16.0)'),
    ]);
    expect(names(unknownKeywords(b, '1.15.4'))).toEqual([expect.stringContaining('`builder_config`')]);
    expect(unknownKeywords(b, '1.16.0')).toEqual([]);
  });

  it('tag_format arrives in 1.12.0 and entrypoint in 1.13.1', () => {
    expect(names(unknownKeywords(c, '1.11.0'))).toHaveLength(2);
    expect(names(unknownKeywords(c, '1.12.0'))).toEqual([expect.stringContaining('`entrypoint` in flytekit 1.12.0 (it arrived in 1.13.1)')]);
    expect(unknownKeywords(c, '1.13.1')).toEqual([]);
  });

  it('a typo is a typo in every release, with a rename to a field of that release', () => {
    for (const v of ['1.11.0', '1.14.9', '1.16.24']) {
      const [f] = unknownKeywords(d, v);
      expect(f.message, v).toContain('did you mean `packages`?');
    }
  });

  it('a release whose fields are not known reports only names no release has', () => {
    for (const v of ['1.10.7', '1.16.31', 'not-a-version']) {
      expect(unknownKeywords(a, v), v).toEqual([]);
      expect(unknownKeywords(b, v), v).toEqual([]);
      expect(unknownKeywords(d, v), v).toHaveLength(1);
    }
  });

  it('counts positional arguments against the release (1.11.0 has 18 fields)', () => {
    const args = Array.from({ length: 19 }, (_, i) => `"v${i}"`).join(', ');
    const [e] = decls(`from flytekit import ImageSpec\ne = ImageSpec(${args})\n`);
    expect(names(unknownKeywords(e, '1.11.0'))).toEqual([
      'ImageSpec takes at most 18 positional arguments in flytekit 1.11.0; this one raises TypeError at import. Pass fields by keyword',
    ]);
    expect(unknownKeywords(e, '1.16.24')).toEqual([]);
  });
});


describe('IS501 judges the release the project pins', () => {
  const SRC = 'from flytekit import ImageSpec\nimage = ImageSpec(name="etl", python_exec="/usr/bin/python3", pip_extra_args="--pre")\n';
  const messages = (files: Record<string, string>, config?: Record<string, unknown>) =>
    only(lintSource(SRC, { select: ['IS501'], files, file: 'examples/etl/wf.py', config }), 'IS501').map((f) => f.message);

  it('pyproject.toml pins 1.14.6: python_exec and pip_extra_args are TypeErrors there, and the message says where the release came from', () => {
    expect(messages({ 'pyproject.toml': '[project]\nname = "p"\ndependencies = ["flytekit==1.14.6"]\n' })).toEqual([
      'ImageSpec has no field `python_exec` in flytekit 1.14.6 (it arrived in 1.15.0), the release the project runs (pyproject.toml pins flytekit 1.14.6): importing this module raises TypeError; upgrade flytekit or remove the argument',
      'ImageSpec has no field `pip_extra_args` in flytekit 1.14.6 (it arrived in 1.15.0), the release the project runs (pyproject.toml pins flytekit 1.14.6): importing this module raises TypeError; upgrade flytekit or remove the argument',
    ]);
  });

  it('uv.lock locks 1.13.5 (the lock wins over the range in pyproject.toml)', () => {
    const files = {
      'pyproject.toml': '[project]\nname = "p"\ndependencies = ["flytekit>=1.13"]\n',
      'uv.lock': 'version = 1\n\n[[package]]\nname = "flytekit"\nversion = "1.13.5"\n',
    };
    expect(messages(files)).toHaveLength(2);
    expect(messages(files)[0]).toContain('in flytekit 1.13.5 (it arrived in 1.15.0), the release the project runs (uv.lock locks flytekit 1.13.5)');
  });

  it('requirements.txt in an intermediate folder pins 1.15.3: both fields exist', () => {
    expect(messages({ 'examples/requirements.txt': 'flytekit==1.15.3\n' })).toEqual([]);
  });

  it('config `flytekit-version` overrides the dependency files', () => {
    const files = { 'requirements.txt': 'flytekit==1.16.4\n' };
    expect(messages(files)).toEqual([]);
    expect(messages(files, { flytekitVersion: '1.14.6' })[0]).toContain('in flytekit 1.14.6 (it arrived in 1.15.0), the release the project runs (config `flytekit-version`)');
  });

  it('flytekit pinned to a release that was not read: only names no release has are reported', () => {
    expect(messages({ 'requirements.txt': 'flytekit==1.10.3\n' })).toEqual([]);
    expect(only(lintSource('from flytekit import ImageSpec\nImageSpec(pacakges=["x"])\n', { select: ['IS501'], files: { 'requirements.txt': 'flytekit==1.10.3\n' } }), 'IS501')).toHaveLength(1);
  });
});
