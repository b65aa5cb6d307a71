// A copy of this working tree as a clone would have it: the files git
// tracks plus untracked files that are not ignored (so work in progress is
// tested too), never node_modules/, dist/ or other ignored output.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './cli';

export const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  NO_COLOR: '1',
  PRE_COMMIT_COLOR: 'never',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: gitEnv, encoding: 'utf8' });
}

/** Copies the working tree's files into `into` (which must exist). */
export function copyWorkingTree(into: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  for (const f of files) {
    const src = path.join(ROOT, f);
    if (!fs.existsSync(src) || !fs.statSync(src).isFile()) continue; // deleted but still in the index
    fs.mkdirSync(path.dirname(path.join(into, f)), { recursive: true });
    fs.copyFileSync(src, path.join(into, f));
  }
}

/** The working tree committed in a new repository at `into`; returns the commit. */
export function snapshotRepo(into: string): string {
  copyWorkingTree(into);
  git(into, 'init', '-q');
  git(into, 'add', '-A');
  git(into, 'commit', '-q', '--no-verify', '-m', 'snapshot');
  return git(into, 'rev-parse', 'HEAD').trim();
}
