// `imagespec-lint --init` on disk: creates or appends, never clobbers, and
// what it writes is a configuration the CLI accepts.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseToml } from 'smol-toml';
import { loadProject } from '../server/engine/project';
import { runCli } from './helpers/cli';
import { tmpProject } from './helpers/lint';

const read = (dir: string): string => fs.readFileSync(path.join(dir, 'pyproject.toml'), 'utf8');

describe('--init', () => {
  it('creates pyproject.toml with commented examples when no data plane is given', () => {
    const dir = tmpProject();
    const r = runCli(['--init'], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe('Created pyproject.toml; set your data plane region and project in [tool.imagespec-lint.dataplane].\n');
    const text = read(dir);
    expect(text.startsWith('[tool.imagespec-lint]\n')).toBe(true);
    expect(text).toContain('\n[tool.imagespec-lint.dataplane]\n');
    expect(text).toContain('\n# region = "us-east1"');
    expect(text).toContain('\n# project = "my-union-dataplane"');
    const cfg = loadProject(dir, { cwd: dir, env: {} }).config;
    expect(cfg.file).toBe(path.join(dir, 'pyproject.toml'));
    expect(cfg.dataplane).toEqual({});
    expect(cfg.select).toBeUndefined();
  });

  it('writes the data plane region and project from the flags', () => {
    const dir = tmpProject();
    const r = runCli(['--init', '--dataplane-region', 'europe-west4', '--dataplane-project', 'acme-"dp"'], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stdout: 'Created pyproject.toml.\n' });
    const text = read(dir);
    expect(text).toContain('\nregion = "europe-west4"\n');
    expect(text).toContain('\nproject = "acme-\\"dp\\""\n');
    const cfg = loadProject(dir, { cwd: dir, env: {} }).config;
    expect(cfg.dataplane).toMatchObject({ region: 'europe-west4', project: 'acme-"dp"' });
  });

  it('appends to an existing pyproject.toml, keeping every byte before it (CRLF stays CRLF)', () => {
    const before = '[project]\r\nname = "etl"\r\nversion = "1.0"\r\n\r\n[tool.ruff]\r\nline-length = 100\r\n';
    const dir = tmpProject({ 'pyproject.toml': before });
    const r = runCli(['--init', '--dataplane-region', 'us-east1'], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe('Added [tool.imagespec-lint] to pyproject.toml.\n');
    const after = read(dir);
    expect(after.startsWith(before + '\r\n[tool.imagespec-lint]\r\n')).toBe(true);
    expect(after.replace(/\r\n/g, '')).not.toContain('\n');
    const doc = parseToml(after) as { project: { name: string }; tool: Record<string, unknown> };
    expect(doc.project.name).toBe('etl');
    expect(doc.tool.ruff).toEqual({ 'line-length': 100 });
    expect(loadProject(dir, { cwd: dir, env: {} }).config.dataplane.region).toBe('us-east1');
  });

  it('adds the missing newline before appending to a file without one', () => {
    const dir = tmpProject({ 'pyproject.toml': '[project]\nname = "etl"' });
    expect(runCli(['--init'], { cwd: dir }).code).toBe(0);
    expect(read(dir).startsWith('[project]\nname = "etl"\n\n[tool.imagespec-lint]\n')).toBe(true);
  });

  it('never clobbers an existing section, in any spelling', () => {
    for (const existing of [
      '[tool.imagespec-lint]\nselect = ["IS1"]\n',
      '[tool.imagespec-lint.dataplane]\nregion = "us-east1"\n',
      '[tool]\n"imagespec-lint" = { ignore = ["IS107"] }\n',
    ]) {
      const dir = tmpProject({ 'pyproject.toml': existing });
      const r = runCli(['--init', '--dataplane-region', 'us-west1'], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('imagespec-lint: pyproject.toml already has a [tool.imagespec-lint] section; left unchanged\n');
      expect(read(dir)).toBe(existing);
    }
  });

  it('leaves an invalid pyproject.toml alone, and defers to imagespec-lint.toml', () => {
    const bad = '[project\nname = "etl"\n';
    let dir = tmpProject({ 'pyproject.toml': bad });
    let r = runCli(['--init'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^imagespec-lint: pyproject.toml is not valid TOML \(.+\); fix it first, nothing written\n$/);
    expect(read(dir)).toBe(bad);

    dir = tmpProject({ 'imagespec-lint.toml': 'select = ["IS1"]\n' });
    r = runCli(['--init'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('imagespec-lint.toml already configures this folder');
    expect(fs.existsSync(path.join(dir, 'pyproject.toml'))).toBe(false);
  });

  it('the written section lints: a region mismatch is reported against the configured data plane', () => {
    const dir = tmpProject({
      'wf.py': 'from flytekit import ImageSpec\n\nimage = ImageSpec(name="etl", registry="us-west1-docker.pkg.dev/acme-dp/images")\n',
    });
    expect(runCli(['--init', '--dataplane-region', 'us-east1', '--dataplane-project', 'acme-dp'], { cwd: dir }).code).toBe(0);
    const r = runCli(['--select', 'IS301', '--output-format', 'concise', '--no-deep'], { cwd: dir });
    expect(r.stdout).toMatch(/^wf\.py:3:\d+: IS301 /);
  });
});
