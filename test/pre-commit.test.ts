// The published hooks (.pre-commit-hooks.yaml) through Debian's real
// `pre-commit`: a throwaway git repository uses this repository's hooks at
// a commit, a commit with an IS101 registry is blocked, and the fixed file
// commits.
//
// The hook repository is a snapshot of this working tree committed in a
// temporary repository, so pre-commit reads the hook manifest as it is now
// at a real `rev`, whatever is committed here.
//
// Installing: `language: node` makes pre-commit run `npm install`, `npm
// pack` and `npm install -g` of the tarball. The last step resolves the
// dependency ranges afresh (a global install has no lockfile), so it needs
// the npm registry for any newer release than the lockfile's, and tests do
// not use the network. The test therefore overrides `language` and `entry`
// in the config (pre-commit allows both) to run the CLI this test run built,
// with the manifest's own arguments; id, types, file filtering, serial
// mode, exit codes and the git hook itself are pre-commit's, for real.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { CLI, ROOT } from './helpers/cli';

interface ManifestHook {
  id: string;
  entry: string;
  language: string;
  types: string[];
  require_serial?: boolean;
}

const manifest = parseYaml(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as ManifestHook[];

const BAD = 'from flytekit import ImageSpec\n\nimage = ImageSpec(name="etl", registry="https://ghcr.io/acme/")\n';
const GOOD = 'from flytekit import ImageSpec\n\nimage = ImageSpec(name="etl", registry="ghcr.io/acme")\n';

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  NO_COLOR: '1',
  PRE_COMMIT_COLOR: 'never',
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: gitEnv, encoding: 'utf8' });
}

/** This working tree (tracked and untracked, minus ignored files) committed in a new repository. */
function snapshotRepo(into: string): string {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  for (const f of files) {
    const src = path.join(ROOT, f);
    if (!fs.existsSync(src) || !fs.statSync(src).isFile()) continue; // deleted but still in the index
    fs.mkdirSync(path.dirname(path.join(into, f)), { recursive: true });
    fs.copyFileSync(src, path.join(into, f));
  }
  git(into, 'init', '-q');
  git(into, 'add', '-A');
  git(into, 'commit', '-q', '--no-verify', '-m', 'snapshot');
  return git(into, 'rev-parse', 'HEAD').trim();
}

describe('pre-commit hooks', () => {
  it('the manifest declares both hooks as language: node with the CLI as entry', () => {
    expect(manifest.map((h) => [h.id, h.language, h.types, h.require_serial])).toEqual([
      ['imagespec-lint', 'node', ['python'], false],
      ['imagespec-lint-yaml', 'node', ['yaml'], false],
    ]);
    for (const h of manifest) expect(h.entry.split(' ')[0]).toBe('imagespec-lint');
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.bin['imagespec-lint']).toBe('bin/imagespec-lint.js');
    // pre-commit builds the package with `npm install` + `npm pack`: the
    // build must be the prepare script, and its banner must stay off stdout.
    expect(pkg.scripts.prepare).toMatch(/tsc/);
    expect(fs.readFileSync(path.join(ROOT, '.npmrc'), 'utf8')).toMatch(/^foreground-scripts=false$/m);
  });

  describe('a commit through the installed git hook', () => {
    let work: string;
    let project: string;
    let env: NodeJS.ProcessEnv;

    beforeAll(() => {
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'isl-precommit-'));
      const hooks = path.join(work, 'hooks');
      fs.mkdirSync(hooks);
      const rev = snapshotRepo(hooks);
      project = path.join(work, 'project');
      fs.mkdirSync(project);
      git(project, 'init', '-q');
      const hookConfig = manifest
        .map((h) => {
          const args = h.entry.split(' ').slice(1).join(' ');
          return [
            `      - id: ${h.id}`,
            `        language: system`,
            `        entry: ${JSON.stringify(`${process.execPath} ${CLI} ${args}`.trim())}`,
          ].join('\n');
        })
        .join('\n');
      fs.writeFileSync(path.join(project, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n${hookConfig}\n`);
      fs.writeFileSync(path.join(project, 'pyproject.toml'), '[tool.imagespec-lint]\nspecs = ["images/*.yaml"]\n');
      fs.mkdirSync(path.join(project, '.github', 'workflows'), { recursive: true });
      // Not an image spec: the YAML hook must leave it alone.
      fs.writeFileSync(path.join(project, '.github', 'workflows', 'ci.yml'), 'name: ci\non: push\njobs: {}\n');
      env = { ...gitEnv, PRE_COMMIT_HOME: path.join(work, 'pre-commit-cache') };
      const inst = spawnSync('pre-commit', ['install'], { cwd: project, env, encoding: 'utf8' });
      expect(inst.stderr + inst.stdout).toContain('pre-commit installed at .git/hooks/pre-commit');
    }, 120_000);

    const commit = (msg: string) => spawnSync('git', ['commit', '-m', msg], { cwd: project, env, encoding: 'utf8', timeout: 120_000 });

    it('blocks a commit with an IS101 registry, then lets the fixed file through', () => {
      fs.writeFileSync(path.join(project, 'wf.py'), BAD);
      git(project, 'add', '-A');
      const blocked = commit('bad registry');
      const out = blocked.stdout + blocked.stderr;
      expect(blocked.status).not.toBe(0);
      expect(out).toMatch(/imagespec-lint\.+Failed/);
      expect(out).toMatch(/wf\.py:3:\d+: IS101 /);
      // The workflow file passed to the YAML hook is not a configured spec.
      expect(out).toMatch(/imagespec-lint \(YAML image specs\)\.+Passed/);
      expect(out).not.toContain('ci.yml:');
      expect(() => git(project, 'rev-parse', '--verify', '-q', 'HEAD')).toThrow();

      fs.writeFileSync(path.join(project, 'wf.py'), GOOD);
      git(project, 'add', '-A');
      const passed = commit('fixed registry');
      expect(passed.stdout + passed.stderr).toMatch(/imagespec-lint\.+Passed/);
      expect(passed.status).toBe(0);
      expect(git(project, 'log', '--format=%s')).toBe('fixed registry\n');
    }, 180_000);

    it('lints a YAML image spec named by `specs`', () => {
      fs.mkdirSync(path.join(project, 'images'), { recursive: true });
      fs.writeFileSync(path.join(project, 'images', 'etl.yaml'), 'name: etl\nregistry: "https://ghcr.io/acme/"\n');
      git(project, 'add', '-A');
      const blocked = commit('yaml spec');
      const out = blocked.stdout + blocked.stderr;
      expect(blocked.status).not.toBe(0);
      expect(out).toMatch(/imagespec-lint \(YAML image specs\)\.+Failed/);
      expect(out).toMatch(/images\/etl\.yaml:2:\d+: IS101 /);
    }, 180_000);
  });
});
