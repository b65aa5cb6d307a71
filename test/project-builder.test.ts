// The effective builder (server/project/builder.ts) as the rules judge it:
// real project layouts in a temporary folder, through the real engine.

import { describe, expect, it } from 'vitest';
import { lintSource, only } from './helpers/lint';

const HEAD = 'from flytekit import ImageSpec\n';
const NO_REGISTRY = HEAD + 'image = ImageSpec(name="etl", packages=["pandas"])\n';
const CUDA = HEAD + 'image = ImageSpec(name="train", cuda="12.1", registry="localhost:30000")\n';

describe('effective builder from the project', () => {
  it('a Union project (pyproject depends on union): IS109 and IS506 stay silent, the builder depends on the endpoint', () => {
    const files = { 'pyproject.toml': '[project]\nname = "p"\ndependencies = ["union>=0.1.100", "pandas"]\n' };
    expect(only(lintSource(NO_REGISTRY, { select: ['IS109'], files }), 'IS109')).toEqual([]);
    expect(only(lintSource(CUDA, { select: ['IS506'], files }), 'IS506')).toEqual([]);
    // config `builder` says which: default on BYOC
    const byoc = lintSource(NO_REGISTRY, { select: ['IS109'], files, config: { builder: 'default' } });
    expect(only(byoc, 'IS109')).toHaveLength(1);
    expect(only(byoc, 'IS109')[0].message.startsWith('No `registry`: the default builder (config `builder`) builds `etl:TAG` into')).toBe(true);
  });

  it('reads union from optional groups, dependency groups, poetry tables, uv.lock, requirements*.txt and a .venv', () => {
    const layouts: Record<string, string>[] = [
      { 'pyproject.toml': '[project]\nname = "p"\n[project.optional-dependencies]\nremote = ["unionai"]\n' },
      { 'pyproject.toml': '[dependency-groups]\ndev = ["union"]\n' },
      { 'pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.11"\nunion = "^0.1.150"\n' },
      { 'uv.lock': 'version = 1\n\n[[package]]\nname = "union"\nversion = "0.1.150"\n' },
      { 'requirements-remote.txt': '# remote\nunion==0.1.150 ; python_version >= "3.9"\n' },
      { '.venv/lib/python3.11/site-packages/union-0.1.150.dist-info/METADATA': '' },
    ];
    for (const files of layouts) expect(only(lintSource(NO_REGISTRY, { select: ['IS109'], files }), 'IS109'), JSON.stringify(files)).toEqual([]);
  });

  it('a module beside the file that imports union proves it is installed', () => {
    const files = { 'artifacts/model_card.py': 'from union.artifacts import ModelCard\n' };
    expect(only(lintSource(NO_REGISTRY, { select: ['IS109'], file: 'artifacts/basic.py', files }), 'IS109')).toEqual([]);
    // not a module elsewhere
    expect(only(lintSource(NO_REGISTRY, { select: ['IS109'], file: 'other/basic.py', files }), 'IS109')).toHaveLength(1);
  });

  it('an envd project: cuda is accepted, and IS109 names envd and where it came from', () => {
    const files = { 'examples/gpu/requirements.txt': 'flytekit==1.15.3\nflytekitplugins-envd==1.15.3\n' };
    expect(only(lintSource(CUDA, { select: ['IS506'], file: 'examples/gpu/train.py', files }), 'IS506')).toEqual([]);
    const [f] = only(lintSource(NO_REGISTRY, { select: ['IS109'], file: 'examples/gpu/train.py', files }), 'IS109');
    expect(
      f.message.startsWith("No `registry`: the envd builder (examples/gpu/requirements.txt depends on flytekitplugins-envd, which registers it above flytekit's default) builds `etl:TAG` into the local"),
    ).toBe(true);
  });

  it('only the strict requirements*.txt glob counts: dev-requirements.txt describes another environment', () => {
    const files = { 'dev-requirements.txt': 'flytekitplugins-envd\n', 'requirements.in': 'flytekitplugins-envd\n' };
    const [f] = only(lintSource(CUDA, { select: ['IS506'], files }), 'IS506');
    expect(f.message).toContain("`cuda` is rejected by flytekit's default builder (no builder is set and the project installs no other)");
  });

  it('a plain project: the default builder, as before', () => {
    const files = { 'requirements.txt': 'flytekit\npandas\n' };
    expect(only(lintSource(CUDA, { select: ['IS506'], files }), 'IS506')).toHaveLength(1);
    expect(only(lintSource(NO_REGISTRY, { select: ['IS109'], files }), 'IS109')).toHaveLength(1);
  });

  it('flytekit before 1.13 has no default builder: cuda is not judged', () => {
    const files = { 'requirements.txt': 'flytekit==1.12.3\n' };
    expect(only(lintSource(CUDA, { select: ['IS506'], files }), 'IS506')).toEqual([]);
  });
  it('a module\'s inline script metadata (PEP 723) is its own environment: union there, flytekit pinned there', () => {
    const script = (deps: string[]) => `# /// script\n# requires-python = ">=3.11"\n# dependencies = [\n${deps.map((d) => `#    "${d}",`).join('\n')}\n# ]\n# ///\n`;
    const withUnion = script(['union>=0.1.150', 'pandas']) + NO_REGISTRY;
    expect(only(lintSource(withUnion, { select: ['IS109'] }), 'IS109')).toEqual([]);
    const pinned = script(['flytekit==1.14.6']) + HEAD + 'image = ImageSpec(name="etl", python_exec="/usr/bin/python3")\n';
    const [f] = only(lintSource(pinned, { select: ['IS501'], file: 'jobs/nightly.py' }), 'IS501');
    expect(f.message).toContain('in flytekit 1.14.6 (it arrived in 1.15.0), the release the project runs (jobs/nightly.py pins flytekit 1.14.6)');
    // Two script blocks are an error in PEP 723: nothing is read from them.
    expect(only(lintSource(script(['union']) + script(['union']) + NO_REGISTRY, { select: ['IS109'] }), 'IS109')).toHaveLength(1);
  });
});
