// The CLI's worker pool (server/workspace/pool.ts, server/cli/lintWorker.ts): whatever the
// worker count (IMAGESPEC_JOBS), a run prints byte for byte what a
// single-threaded run prints: findings, notes, summary and exit code, over
// the repository's fixtures and over a generated tree with several projects,
// undecodable, binary and irrelevant files, and a once-per-run finding
// (IS601 on a broken Docker config) that two workers both meet. A result
// cache the workers filled serves the next run the same output.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, type CliResult } from './helpers/cli';
import { tmpDir } from './helpers/tmp';
import { generateCorpus, generateWorkflowCorpus, writeCorpus } from '../bench/corpus';

/** A temp folder (test/helpers/tmp.ts removes it when the file ends), by its real path. */
function tmp(prefix: string): string {
  return fs.realpathSync(tmpDir(prefix));
}

/** Stdlib-like filler: Python without the word, so prefiltered away. */
function filler(i: number): string {
  return `"""Module ${i}."""\nimport os\n\n\ndef f${i}(x):\n    return [y * ${i} for y in range(x)]\n`.repeat(1 + (i % 7));
}

function generatedTree(): string {
  const dir = tmp('isl-workers-');
  fs.mkdirSync(path.join(dir, '.git'));
  writeCorpus(path.join(dir, 'stress'), generateCorpus(60));
  writeCorpus(path.join(dir, 'workflows'), generateWorkflowCorpus(100));
  for (let i = 0; i < 500; i++) {
    const p = path.join(dir, 'lib', `pkg${i % 13}`, `mod_${String(i).padStart(3, '0')}.py`);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, filler(i));
  }
  // A second project with its own config, in the middle of the file order.
  fs.mkdirSync(path.join(dir, 'm_other'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'm_other', 'imagespec-lint.toml'), 'ignore = ["IS502"]\n');
  writeCorpus(path.join(dir, 'm_other'), generateWorkflowCorpus(40, 7));
  // Plain specs pushing to ghcr.io, over several tasks: each worker meets IS601's once-per-run key.
  for (let i = 0; i < 80; i++) {
    const p = path.join(dir, i < 40 ? 'pushers' : 'z_push', `p_${String(i).padStart(2, '0')}.py`);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, `from flytekit import ImageSpec\n\nimage = ImageSpec(name="p${i}", registry="ghcr.io/acme", packages=["x${i}"])\n`);
  }
  // Skipped with notes: not UTF-8, and binary.
  fs.writeFileSync(path.join(dir, 'lib', 'bad_utf8.py'), Buffer.from('from flytekit import ImageSpec\nx = "\xff\xfe"\n', 'latin1'));
  fs.writeFileSync(path.join(dir, 'lib', 'binary.py'), Buffer.from('ImageSpec\0\0\0', 'latin1'));
  return dir;
}

function run(cwd: string, jobs: number, extra: string[] = [], env: Record<string, string> = {}): CliResult {
  return runCli(['.', '--no-deep', ...extra], { cwd, env: { IMAGESPEC_JOBS: String(jobs), ...env } });
}

describe('worker pool: output identical to one thread', () => {
  it('over the fixtures, with --no-cache, in every output format that lists findings', () => {
    const cache = tmp('isl-workers-cache-');
    for (const format of ['full', 'json']) {
      const one = run(path.join(ROOT, 'fixtures'), 1, ['--no-cache', '--output-format', format], { IMAGESPEC_CACHE_DIR: cache });
      expect(one.stdout.length).toBeGreaterThan(1000);
      for (const jobs of [2, 3]) {
        const many = run(path.join(ROOT, 'fixtures'), jobs, ['--no-cache', '--output-format', format], { IMAGESPEC_CACHE_DIR: cache });
        expect(many).toEqual(one);
      }
    }
  }, 300_000);

  it('over a generated tree: --no-cache, an empty cache, then the cache the workers filled', () => {
    const dir = generatedTree();
    const base = tmp('isl-workers-env-');
    // A Docker config that cannot be read: IS601 reports it once per run, on the first file that meets it.
    const docker = path.join(base, 'docker');
    fs.mkdirSync(docker);
    fs.writeFileSync(path.join(docker, 'config.json'), '{ not json');
    const env = (cache: string) => ({ IMAGESPEC_CACHE_DIR: path.join(base, cache), DOCKER_CONFIG: docker });

    const one = run(dir, 1, ['--no-cache'], env('c1'));
    expect(run(dir, 1, ['--no-cache'], { ...env('c1'), IMAGESPEC_TIMING: '1' }).stderr).not.toContain('pool of');
    expect(run(dir, 3, ['--no-cache'], { ...env('c1'), IMAGESPEC_TIMING: '1' }).stderr).toMatch(/pool of 2 \(\d+ files\)/);
    expect(one.stdout).toContain('IS601');
    expect(one.stdout.match(/Cannot check credentials/g)?.length).toBe(1);
    expect(one.stderr).toContain('bad_utf8.py: skipped');
    expect(one.stderr).toContain('binary.py: skipped');
    for (const jobs of [2, 4]) expect(run(dir, jobs, ['--no-cache'], env('c1'))).toEqual(one);

    // Empty caches: the workers' results and facts fill the cache ...
    const cold = run(dir, 3, [], env('c2'));
    expect(cold).toEqual(one);
    // ... which answers the next runs, on one thread or several, the same way.
    expect(run(dir, 1, [], env('c2'))).toEqual(one);
    expect(run(dir, 2, [], env('c2'))).toEqual(one);
    // A cache filled on one thread holds what the workers' holds.
    run(dir, 1, [], env('c3'));
    const index = (c: string) => {
      const d = path.join(base, c, 'lint-v3');
      return fs
        .readdirSync(d)
        .sort()
        .map((n) => JSON.parse(fs.readFileSync(path.join(d, n), 'utf8')));
    };
    expect(index('c2').length).toBe(2);
    expect(index('c2')).toEqual(index('c3'));
  }, 300_000);
});
