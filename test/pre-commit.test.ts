// The published hooks (.pre-commit-hooks.yaml) through Debian's real
// `pre-commit`, installed as users install them: a throwaway git
// repository uses this repository's hooks at a commit, and pre-commit
// builds the hook's environment itself (`language: node`: `npm install`
// and the `prepare` build in its clone, `npm pack`, `npm install -g` of the
// tarball into the environment). A commit with an IS101 registry is
// blocked, and the fixed file commits.
//
// The hook repository is a snapshot of this working tree committed in a
// temporary repository, so pre-commit reads the hook manifest and builds
// the package as they are now, at a real `rev`.
//
// Installing needs the npm registry (for packages npm's cache lacks) and
// builds tree-sitter with node-gyp where its prebuilt binary does not load
// (Debian 12's libstdc++ is older than the one it needs). npm prefers its
// cache (`npm_config_prefer_offline`), so after `npm ci` in this checkout
// the downloads are mostly done; pre-commit's own cache goes to a temporary
// PRE_COMMIT_HOME, removed afterwards.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ROOT } from './helpers/cli';
import { git, gitEnv, snapshotRepo } from './helpers/snapshot';
import { tmpDir } from './helpers/tmp';

interface ManifestHook {
  id: string;
  entry: string;
  language: string;
  types: string[];
  require_serial?: boolean;
}

const manifest = parseYaml(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as ManifestHook[];
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };

const BAD = 'from flytekit import ImageSpec\n\nimage = ImageSpec(name="etl", registry="https://ghcr.io/acme/")\n';
const GOOD = 'from flytekit import ImageSpec\n\nimage = ImageSpec(name="etl", registry="ghcr.io/acme")\n';

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
    let home: string;
    let env: NodeJS.ProcessEnv;

    beforeAll(() => {
      work = tmpDir('isl-precommit-');
      const hooks = path.join(work, 'hooks');
      fs.mkdirSync(hooks);
      const rev = snapshotRepo(hooks);
      project = path.join(work, 'project');
      fs.mkdirSync(project);
      git(project, 'init', '-q');
      // The config a user writes: the hooks by id, nothing overridden.
      const hookConfig = manifest.map((h) => `      - id: ${h.id}`).join('\n');
      fs.writeFileSync(path.join(project, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n${hookConfig}\n`);
      fs.writeFileSync(path.join(project, 'pyproject.toml'), '[tool.imagespec-lint]\nspecs = ["images/*.yaml"]\n');
      fs.mkdirSync(path.join(project, '.github', 'workflows'), { recursive: true });
      // Not an image spec: the YAML hook must leave it alone.
      fs.writeFileSync(path.join(project, '.github', 'workflows', 'ci.yml'), 'name: ci\non: push\njobs: {}\n');
      home = path.join(work, 'pre-commit-cache');
      env = { ...gitEnv, PRE_COMMIT_HOME: home, npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
      const inst = spawnSync('pre-commit', ['install'], { cwd: project, env, encoding: 'utf8' });
      expect(inst.stderr + inst.stdout).toContain('pre-commit installed at .git/hooks/pre-commit');
      // Builds the node environment now (a commit would do it on first use).
      const hooksInstalled = spawnSync('pre-commit', ['install-hooks'], { cwd: project, env, encoding: 'utf8', timeout: 840_000 });
      expect(hooksInstalled.status, `pre-commit install-hooks failed:\n${hooksInstalled.stdout}\n${hooksInstalled.stderr}\n${readLog(home)}`).toBe(0);
    }, 900_000);

    afterAll(() => {
      if (work) fs.rmSync(work, { recursive: true, force: true });
    });

    const commit = (msg: string) => spawnSync('git', ['commit', '-m', msg], { cwd: project, env, encoding: 'utf8', timeout: 120_000 });

    it('installed the packed package in a node environment: its bin, its bundles, the native parsers we test', () => {
      const envs = fs.readdirSync(home).flatMap((d) => {
        const e = path.join(home, d, 'node_env-system');
        return fs.existsSync(e) ? [e] : [];
      });
      expect(envs).toHaveLength(1);
      const pkg = path.join(envs[0], 'lib', 'node_modules', 'imagespec-lint');
      expect(fs.existsSync(path.join(envs[0], 'bin', 'imagespec-lint'))).toBe(true);
      expect(fs.readdirSync(path.join(pkg, 'dist', 'bundle')).sort()).toEqual(
        expect.arrayContaining(['imagespec-lint.js', 'imagespec-language-server.js', 'node_modules', 'THIRD-PARTY-NOTICES.md']),
      );
      // No per-module build, no sources: the package is the bundles.
      expect(fs.existsSync(path.join(pkg, 'dist', 'server'))).toBe(false);
      expect(fs.existsSync(path.join(pkg, 'server'))).toBe(false);
      const version = (name: string) => {
        for (const base of [path.join(pkg, 'node_modules'), path.join(envs[0], 'lib', 'node_modules')]) {
          const f = path.join(base, name, 'package.json');
          if (fs.existsSync(f)) return (JSON.parse(fs.readFileSync(f, 'utf8')) as { version: string }).version;
        }
        return undefined;
      };
      for (const name of ['tree-sitter', 'tree-sitter-python']) expect(version(name), name).toBe(lock.packages[`node_modules/${name}`].version);
      const bundledClient = JSON.parse(fs.readFileSync(path.join(pkg, 'dist', 'bundle', 'node_modules', '@google-cloud', 'artifact-registry', 'package.json'), 'utf8'));
      expect(bundledClient.version).toBe(lock.packages['node_modules/@google-cloud/artifact-registry'].version);
    });

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

/** pre-commit's log of the last failure, for a failing install's message. */
function readLog(home: string): string {
  try {
    return fs.readFileSync(path.join(home, 'pre-commit.log'), 'utf8').slice(-4000);
  } catch {
    return '';
  }
}
