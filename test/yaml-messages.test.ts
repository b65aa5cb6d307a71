// A YAML image spec is not a module: flytekit raises when `pyflyte run
// --image spec.yaml` creates ImageSpec(**spec) from it, and the messages say
// so (issue 16, item 14). Through the built CLI.

import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli';
import { tmpProject } from './helpers/lint';

describe('YAML spec messages', () => {
  it('say where flytekit raises for a YAML spec, and keep the module wording for Python', () => {
    const spec = 'name: etl\nregistry: "https://ghcr.io/acme/"\npacakges: [pandas]\napt_packages: git\n';
    const py = 'from flytekit import ImageSpec\n\nimage = ImageSpec(name="etl", pacakges=["pandas"])\n';
    const dir = tmpProject({ 'spec.yaml': spec, 'wf.py': py, 'pyproject.toml': '[tool.imagespec-lint]\nspecs = ["*.yaml"]\n' });
    const r = runCli(['--select', 'IS101,IS501,IS502', '--output-format', 'concise'], { cwd: dir });
    expect(r.stdout).toBe(
      [
        'spec.yaml:2:12: IS101 [error] `registry` "https://ghcr.io/acme/" has a scheme (`https://`) and a trailing `/`: flytekit rejects it, so `pyflyte run --image` raises ValueError when it creates `ImageSpec(**spec)` from this file; use `ghcr.io/acme`',
        'spec.yaml:3:1: IS501 [error] ImageSpec has no field `pacakges`: `pyflyte run --image` raises TypeError when it creates `ImageSpec(**spec)` from this file; did you mean `packages`?',
        'spec.yaml:4:15: IS502 [error] `apt_packages` takes a list of strings, not the string "git": ImageSpec raises ValueError ("apt_packages must be a list of strings or None") when `pyflyte run --image` creates `ImageSpec(**spec)` from this file; wrap it in a list: [git]',
        'wf.py:3:31: IS501 [error] ImageSpec has no field `pacakges`: importing this module raises TypeError; did you mean `packages`?',
        'Found 4 errors.',
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(1);
  });
});
