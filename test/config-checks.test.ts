// A config, a flag or an environment variable that names something that does
// not exist (a rule code, a data plane region or provider) must not switch
// rules off silently: exit 2 naming the file, key and line, and the closest
// valid value (issue 16, items 9-11). Through the built CLI, as CI runs it.

import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli';
import { tmpProject } from './helpers/lint';

const WF = 'from flytekit import ImageSpec\n\nimage = ImageSpec(name="etl", registry="europe-west1-docker.pkg.dev/my-project/images")\n';

function withConfig(pyproject: string): string {
  return tmpProject({ 'wf.py': WF, 'pyproject.toml': pyproject });
}

describe('rule codes', () => {
  it('refuses an unknown code or prefix in --select, --extend-select and --ignore, with the closest code', () => {
    const dir = tmpProject({ 'wf.py': WF });
    expect(runCli(['--select', 'IS1011'], { cwd: dir })).toEqual({ code: 2, stdout: '', stderr: 'imagespec-lint: --select: unknown rule IS1011; did you mean IS101?\n' });
    expect(runCli(['--ignore', 'IS107,IS1O1'], { cwd: dir })).toEqual({ code: 2, stdout: '', stderr: 'imagespec-lint: --ignore: unknown rule IS1O1; did you mean IS101?\n' });
    expect(runCli(['--extend-select', 'IS3,IS8'], { cwd: dir })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'imagespec-lint: --extend-select: unknown rule prefix IS8: no rule code starts with it\n',
    });
    // IS0 is a prefix of IS000 only, which only its exact code selects: selecting it selects nothing.
    expect(runCli(['--select', 'IS0'], { cwd: dir }).stderr).toBe('imagespec-lint: --select: IS0 selects no rule: IS000 is selected only by its exact code (select "IS000")\n');
    expect(runCli(['--select', 'E501'], { cwd: dir }).stderr).toBe('imagespec-lint: --select: unknown rule E501; did you mean IS501?\n');
    // Known codes, prefixes, IS and ALL still work.
    expect(runCli(['--select', 'IS3,IS000,ALL,IS', '--ignore', 'IS6,IS107', '--dataplane-region', 'us-east1'], { cwd: dir }).code).toBe(0);
  });

  it('refuses an unknown code in select, ignore and severity, naming file, key and line', () => {
    const sel = runCli([], { cwd: withConfig('[project]\nname = "x"\n\n[tool.imagespec-lint]\nselect = [\n  "IS1",\n  "IS1011",\n]\n') });
    expect(sel).toEqual({ code: 2, stdout: '', stderr: 'imagespec-lint: invalid configuration: pyproject.toml:7: tool.imagespec-lint.select: unknown rule IS1011; did you mean IS101?\n' });
    const ign = runCli([], { cwd: withConfig('[tool.imagespec-lint]\nignore = ["IS6", "IS9"]\n') });
    expect(ign.stderr).toBe('imagespec-lint: invalid configuration: pyproject.toml:2: tool.imagespec-lint.ignore: unknown rule prefix IS9: no rule code starts with it\n');
    expect(ign.code).toBe(2);
    const sev = runCli([], { cwd: withConfig('[tool.imagespec-lint]\ndeep = false\nseverity = { IS301 = "error", IS3O1 = "info" }\n') });
    expect(sev).toEqual({ code: 2, stdout: '', stderr: 'imagespec-lint: invalid configuration: pyproject.toml:3: tool.imagespec-lint.severity.IS3O1: unknown rule IS3O1; did you mean IS301?\n' });
    const prefix = runCli([], { cwd: withConfig('[tool.imagespec-lint.severity]\nIS3 = "error"\n') });
    expect(prefix.stderr).toBe('imagespec-lint: invalid configuration: pyproject.toml:2: tool.imagespec-lint.severity.IS3: IS3 is not a rule code (a severity names an exact code, such as IS301, IS302)\n');
    const own = tmpProject({ 'wf.py': WF, 'imagespec-lint.toml': 'deep = false\n\nignore = ["IS107", "IS80"]\n' });
    expect(runCli([], { cwd: own }).stderr).toBe('imagespec-lint: invalid configuration: imagespec-lint.toml:3: ignore: unknown rule prefix IS80: no rule code starts with it\n');
  });

  it('names the line of a bad severity in every TOML form (the README promises file, key and line)', () => {
    const inline = runCli([], { cwd: withConfig('[project]\nname = "x"\n\n[tool.imagespec-lint]\nseverity = { IS301 = "sometimes" }\n') });
    expect(inline).toEqual({ code: 2, stdout: '', stderr: 'imagespec-lint: invalid configuration: pyproject.toml:5: tool.imagespec-lint.severity.IS301: expected "error", "warning" or "info", got "sometimes"\n' });
    const section = runCli([], { cwd: withConfig('[tool.imagespec-lint]\ndeep = false\n\n[tool.imagespec-lint.severity]\nIS107 = "error"\nIS301 = "sometimes"\n') });
    expect(section.stderr).toBe('imagespec-lint: invalid configuration: pyproject.toml:6: tool.imagespec-lint.severity.IS301: expected "error", "warning" or "info", got "sometimes"\n');
    const dotted = runCli([], { cwd: withConfig('[tool.other]\nIS301 = "x"\n\n[tool.imagespec-lint]\nseverity.IS301 = 3\n') });
    expect(dotted.stderr).toBe('imagespec-lint: invalid configuration: pyproject.toml:5: tool.imagespec-lint.severity.IS301: expected "error", "warning" or "info", got 3\n');
  });

  it('names file, key and line for the other config errors too', () => {
    const cases: [string, string][] = [
      ['[tool.imagespec-lint]\ndeep = "sometimes"\n', 'pyproject.toml:2: tool.imagespec-lint.deep: expected "auto", true or false, got "sometimes"'],
      ['[tool.imagespec-lint]\nexclude = "legacy/"\n', 'pyproject.toml:2: tool.imagespec-lint.exclude: expected a list of strings'],
      ['[tool.imagespec-lint]\nselct = ["IS1"]\n', 'pyproject.toml:2: tool.imagespec-lint.selct: unknown key (known: select, ignore, severity, exclude, specs, deep, dataplane, gar, workdir, builder, flytekit-version, flyte-version)'],
      ['[tool.imagespec-lint.gar]\nendpoint = "x"\ntimeout = -1\n', 'pyproject.toml:3: tool.imagespec-lint.gar.timeout: expected a positive number'],
      ['[tool.imagespec-lint]\ndeep = false\n[tool.imagespec-lint.dataplane]\nzone = "x"\n', 'pyproject.toml:4: tool.imagespec-lint.dataplane.zone: unknown key (known: provider, project, region, node-service-account)'],
      ['[tool.imagespec-lint]\nselect = [\n', 'pyproject.toml:3: not valid TOML: Invalid TOML document: invalid value'],
    ];
    for (const [toml, message] of cases) {
      const r = runCli([], { cwd: withConfig(toml) });
      expect(r.stderr.split('\n')[0]).toBe(`imagespec-lint: invalid configuration: ${message}`);
      expect(r.code).toBe(2);
    }
  });
});

describe('data plane', () => {
  it('refuses an unknown provider or region in the config, with the closest valid value', () => {
    const provider = runCli([], { cwd: withConfig('[tool.ruff]\nregion = "x"\n\n[tool.imagespec-lint.dataplane]\nprovider = "gpc"\nregion = "us-east1"\n') });
    expect(provider).toEqual({ code: 2, stdout: '', stderr: 'imagespec-lint: invalid configuration: pyproject.toml:5: tool.imagespec-lint.dataplane.provider: unknown provider "gpc"; did you mean "gcp"? (known: "gcp", "aws", "azure", "oci")\n' });
    const gcp = runCli([], { cwd: withConfig('[tool.ruff]\nregion = "x"\n\n[tool.imagespec-lint.dataplane]\nprovider = "gcp"\nregion = "us-east-1"\n') });
    expect(gcp).toEqual({ code: 2, stdout: '', stderr: 'imagespec-lint: invalid configuration: pyproject.toml:6: tool.imagespec-lint.dataplane.region: "us-east-1" is not a Google Cloud region; did you mean "us-east1"?\n' });
    const inline = runCli([], { cwd: withConfig('[tool.imagespec-lint]\ndataplane = { region = "europe-west11" }\n') });
    expect(inline.stderr).toBe('imagespec-lint: invalid configuration: pyproject.toml:2: tool.imagespec-lint.dataplane.region: "europe-west11" is not a Google Cloud region; did you mean "europe-west10"?\n');
    const unset = runCli([], { cwd: withConfig('[tool.imagespec-lint.dataplane]\nregion = "us-east-1"\n') });
    expect(unset.stderr).toBe('imagespec-lint: invalid configuration: pyproject.toml:2: tool.imagespec-lint.dataplane.region: "us-east-1" is an AWS region, not a Google Cloud one; did you mean "us-east1"? (for a data plane on AWS, set provider = "aws")\n');
    const zone = runCli([], { cwd: withConfig('[tool.imagespec-lint.dataplane]\nregion = "us-east1-b"\n') });
    expect(zone.stderr).toBe('imagespec-lint: invalid configuration: pyproject.toml:2: tool.imagespec-lint.dataplane.region: "us-east1-b" is a zone; the data plane region is "us-east1"\n');
    const aws = runCli([], { cwd: withConfig('[tool.imagespec-lint.dataplane]\nprovider = "aws"\nregion = "us-east1"\n') });
    expect(aws.stderr).toBe('imagespec-lint: invalid configuration: pyproject.toml:3: tool.imagespec-lint.dataplane.region: "us-east1" is not an AWS region; did you mean "us-east-1"?\n');
    // Valid values lint as before: AWS, or a Google Cloud region IS301 judges.
    expect(runCli(['--select', 'IS301'], { cwd: withConfig('[tool.imagespec-lint.dataplane]\nprovider = "aws"\nregion = "us-east-1"\n') }).code).toBe(0);
    const judged = runCli(['--select', 'IS301', '--output-format', 'concise'], { cwd: withConfig('[tool.imagespec-lint.dataplane]\nprovider = "GKE"\nregion = "us-east1"\n') });
    expect(judged.stdout).toContain('IS301');
  });

  it('refuses a bad --dataplane-region and $IMAGESPEC_DATAPLANE_REGION against the configured provider', () => {
    const plain = tmpProject({ 'wf.py': WF });
    expect(runCli(['--dataplane-region', 'us-east-1'], { cwd: plain })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'imagespec-lint: invalid configuration: --dataplane-region: "us-east-1" is an AWS region, not a Google Cloud one; did you mean "us-east1"? (for a data plane on AWS, set provider = "aws")\n',
    });
    const gcp = withConfig('[tool.imagespec-lint.dataplane]\nprovider = "gcp"\n');
    expect(runCli(['--dataplane-region', 'us-esat1'], { cwd: gcp }).stderr).toBe('imagespec-lint: invalid configuration: --dataplane-region: "us-esat1" is not a Google Cloud region; did you mean "us-east1"?\n');
    const aws = withConfig('[tool.imagespec-lint.dataplane]\nprovider = "aws"\n');
    expect(runCli(['--dataplane-region', 'us-east-1'], { cwd: aws }).code).toBe(0);
    const env = runCli([], { cwd: gcp, env: { IMAGESPEC_DATAPLANE_REGION: 'us-east-1' } });
    expect(env).toEqual({ code: 2, stdout: '', stderr: 'imagespec-lint: invalid configuration: $IMAGESPEC_DATAPLANE_REGION: "us-east-1" is not a Google Cloud region; did you mean "us-east1"?\n' });
  });
});
