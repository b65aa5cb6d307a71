// Suppression directives count only in real comments (issue 16, item 5): the
// same text in a help string, a docstring or a YAML block scalar is text.
// Through the built CLI, as users meet it.

import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli';
import { tmpProject } from './helpers/lint';

describe('suppressions in comments only', () => {
  it('ignores `# imagespec: ignore-file` inside strings and docstrings in Python', () => {
    const src = [
      '"""Helpers.',
      '',
      'Put `# imagespec: ignore-file` in a module to silence the linter.',
      '"""',
      'from flytekit import ImageSpec',
      '',
      "HELP = '# imagespec: ignore-file[IS501]'",
      'doc = f"""{HELP} # imagespec: ignore"""',
      'image = ImageSpec(name="etl", pacakges=["pandas"])',
      'other = ImageSpec(name="etl", pacakges=["pandas"])  # a note # imagespec: ignore[IS501]',
      '',
    ].join('\n');
    const dir = tmpProject({ 'wf.py': src });
    const r = runCli(['--select', 'IS501,IS000', '--output-format', 'concise'], { cwd: dir });
    expect(r.stdout).toBe('wf.py:9:31: IS501 [error] ImageSpec has no field `pacakges`: importing this module raises TypeError; did you mean `packages`?\nFound 1 error.\n');
    expect(r.code).toBe(1);
  });

  it('ignores directives inside YAML quoted and block scalars', () => {
    const spec = [
      'name: etl',
      'pacakges: ["pandas"]',
      'commands:',
      '  - |',
      '    echo "# imagespec: ignore-file"',
      '  - "# imagespec: ignore-file"',
      "env: {A: 'it''s # imagespec: ignore-file'}",
      '',
    ].join('\n');
    const dir = tmpProject({ 'spec.yaml': spec, 'pyproject.toml': '[tool.imagespec-lint]\nspecs = ["*.yaml"]\n' });
    const r = runCli(['--select', 'IS501', '--output-format', 'concise'], { cwd: dir });
    expect(r.stdout).toMatch(/^spec\.yaml:2:1: IS501 /);
    expect(r.code).toBe(1);
    const suppressed = tmpProject({ 'spec.yaml': spec + '# imagespec: ignore-file[IS501]\n', 'pyproject.toml': '[tool.imagespec-lint]\nspecs = ["*.yaml"]\n' });
    expect(runCli(['--select', 'IS501'], { cwd: suppressed })).toMatchObject({ code: 0, stdout: 'All checks passed.\n' });
  });
});
