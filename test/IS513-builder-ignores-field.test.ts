// IS513: fields Union's image builder drops, and python versions it rejects,
// judged only when that builder is known to build the spec.

import { describe, expect, it } from 'vitest';
import { covered, lintSource, only } from './helpers/lint';
import { unionPythonVersion } from '../server/flytekit/unionBuilder';

const H = 'from flytekit import ImageSpec\n';
const UNION_PROJECT = { 'pyproject.toml': '[project]\nname = "p"\ndependencies = ["union>=0.1.150"]\n' };
const lint = (src: string, o: { files?: Record<string, string>; config?: Record<string, unknown> } = {}) => only(lintSource(src, { select: ['IS513'], ...o }), 'IS513');

describe('IS513 builder ignores field', () => {
  it('reports a field the Union builder drops, on its keyword, with the builder named', () => {
    const src = `${H}img = ImageSpec(name="etl", builder="union", packages=["pandas"], entrypoint=["python", "-m"])\n`;
    const out = lintSource(src, { select: ['IS513'] });
    const [f] = only(out, 'IS513');
    expect(only(out, 'IS513')).toHaveLength(1);
    expect(f.severity).toBe('warning');
    expect(covered(out, f)).toBe('entrypoint');
    expect(f.message).toBe(
      '`entrypoint` is ignored by the union builder: it warns "The following parameters are unsupported and ignored" and builds the image without it. Remove `entrypoint`, or build with another builder',
    );
    expect(f.fixes ?? []).toEqual([]);
  });

  it('with a base_image, python_version, cuda, cudnn and platform are dropped too; without one they are used', () => {
    const onBase = lint(`${H}img = ImageSpec(builder="union", base_image="python:3.11-slim", python_version="3.11", cuda="12.1", platform="linux/arm64")\n`);
    expect(onBase.map((f) => f.message.split(' is ')[0])).toEqual(['`python_version`', '`cuda`', '`platform`']);
    expect(onBase[0].message).toContain('when `base_image` is set');
    expect(lint(`${H}img = ImageSpec(builder="union", python_version="3.11", cuda="12.1", cudnn="8", platform="linux/arm64")\n`)).toEqual([]);
  });

  it('fields newer Union builders support, and fields that act outside the builder, are not reported', () => {
    const src = `${H}img = ImageSpec(builder="union", conda_packages=["numpy"], conda_channels=["conda-forge"], copy=["src"], registry="ghcr.io/acme", pip_extra_args="--pre", builder_options={"imagepull_secret_name": "s"}, tag_format="{spec_hash}-dev", runtime_packages=["x"])\n`;
    expect(lint(src)).toEqual([]);
  });

  it('a field set to a falsy value or an unknown one is not reported (the builder checks truthiness)', () => {
    expect(lint(`${H}import os\nimg = ImageSpec(builder="union", entrypoint=[], python_exec=os.environ["PY"], pip_secret_mounts=None)\n`)).toEqual([]);
  });

  it('python_version the builder rejects: E when every release read rejects it, W when only the newest does', () => {
    const cases: [string, string | undefined, string][] = [
      ['3.13', 'error', 'ValueError ("Only python versions between 3.9 to 3.12 are supported, got 3.13")'],
      ['3', 'error', 'python_version must be in the form major.minor'],
      ['3.x', 'error', 'python_version must be in the form major.minor'],
      ['3.12.1.2', 'error', 'python_version must be in the form major.minor'],
      ['2.7', 'error', 'got 2.7'],
      ['3.8', 'warning', 'only an older union accepted it'],
      ['3.12', undefined, ''],
      ['3.9.18', undefined, ''],
    ];
    for (const [v, sev, text] of cases) {
      const out = lint(`${H}img = ImageSpec(builder="union", python_version="${v}")\n`);
      if (!sev) {
        expect(out, v).toEqual([]);
        continue;
      }
      expect(out, v).toHaveLength(1);
      expect(out[0].severity, v).toBe(sev);
      expect(out[0].message, v).toContain(text);
    }
    // A number is IS512's business.
    expect(lint(`${H}img = ImageSpec(builder="union", python_version=3.13)\n`)).toEqual([]);
  });

  it('judges the effective builder: config `builder`, never the Union endpoint guessed', () => {
    const src = `${H}img = ImageSpec(name="etl", packages=["pandas"], entrypoint=["python"], python_version="3.13")\n`;
    // union installed: Serverless or BYOC decides the builder, so nothing is said.
    expect(lint(src, { files: UNION_PROJECT })).toEqual([]);
    const out = lint(src, { files: UNION_PROJECT, config: { builder: 'union' } });
    expect(out.map((f) => f.severity)).toEqual(['warning', 'error']);
    expect(out[0].message).toContain('ignored by the union builder (config `builder`)');
    // flytekit's default builder uses entrypoint and any python_version.
    expect(lint(src, { files: UNION_PROJECT, config: { builder: 'default' } })).toEqual([]);
    expect(lint(src)).toEqual([]);
  });

  it('unionPythonVersion follows the builder\'s parsing (int() takes spaces and underscores)', () => {
    expect(unionPythonVersion(' 3 . 1_1 ')).toEqual({ ok: true });
    expect(unionPythonVersion('3.12.x')).toEqual({ ok: true });
    expect(unionPythonVersion('3.')).toMatchObject({ ok: false, always: true });
  });
});
