// Candidates for the fixes are requirements-like files (requirements*.txt,
// *.in, lock files) in the folder the path names and in the project root,
// closest name first; a near-identical name is preferred over creating the
// file.

import * as path from 'node:path';
import type { ImageDecl, StrValue } from '../server/model/decl';
import { fieldStr, describeOrigin } from '../server/model/decl';
import type { Fix, OfflineRule, RuleContext, RuleFinding } from '../server/engine/types';
import { osaDistance, strFix } from '../server/engine/ruleKit';
import { LOCK_FILE_NAMES } from '../server/flytekit/fields';
import { compareText } from '../server/model/compare';
import { displayPath, resolveProjectPath } from './shared/projectPaths';

/** Names that hold Python requirements: `requirements*.txt`, `*-requirements.in`, `reqs.txt`, lock files. */
function isRequirementsLike(name: string): boolean {
  const n = name.toLowerCase();
  if (LOCK_FILE_NAMES.includes(n)) return true;
  return /req/.test(n) && /\.(txt|in)$/.test(n);
}

function candidates(ctx: RuleContext, target: string, written: string): string[] {
  const want = path.basename(target).toLowerCase();
  const dirs = [path.dirname(target)];
  if (!dirs.includes(ctx.projectRoot)) dirs.push(ctx.projectRoot);
  const found: { value: string; d: number; order: number }[] = [];
  dirs.forEach((dir, order) => {
    if (ctx.fs.kind(dir) !== 'dir') return;
    for (const name of ctx.fs.list(dir)) {
      if (!isRequirementsLike(name)) continue;
      const abs = path.join(dir, name);
      if (ctx.fs.kind(abs) !== 'file') continue;
      // Keep the user's style: absolute stays absolute, relative stays relative to the project root.
      const value = path.isAbsolute(written) ? abs : path.relative(ctx.projectRoot, abs).split(path.sep).join('/');
      if (found.some((f) => f.value === value)) continue;
      found.push({ value, d: osaDistance(want, name.toLowerCase()), order });
    }
  });
  found.sort((a, b) => a.d - b.d || a.order - b.order || compareText(a.value, b.value));
  return found.map((f) => f.value);
}

function fixesFor(ctx: RuleContext, decl: ImageDecl, v: StrValue, abs: string): Fix[] {
  const fixes: Fix[] = [];
  const near = candidates(ctx, abs, v.value).slice(0, 3);
  const closeName = near.length > 0 && osaDistance(path.basename(near[0]).toLowerCase(), path.basename(abs).toLowerCase()) <= 2;
  for (const c of near) {
    const fix = strFix(decl, v, c, `Use \`${c}\``, { preferred: false, safe: false });
    if (fix) fixes.push(fix);
  }
  // A lock file cannot be written by hand; only plain requirements files are offered for creation.
  const isLock = LOCK_FILE_NAMES.includes(path.basename(abs).toLowerCase());
  if (!isLock && ctx.fs.kind(path.dirname(abs)) !== 'file') {
    fixes.push({ title: `Create \`${displayPath(ctx, abs)}\``, edits: [], createFile: { path: abs, content: '' }, safe: false });
  }
  // A near-identical existing name is most likely what was meant; otherwise creating the file is.
  const preferred = closeName ? fixes[0] : fixes.find((f) => f.createFile) ?? fixes[0];
  if (preferred) preferred.preferred = true;
  return fixes;
}

export const rule: OfflineRule = {
  code: 'IS401',
  name: 'requirements-missing',
  severity: 'error',
  summary: '`requirements` file does not exist',
  docs: {
    whatItDoes: 'Reports a `requirements` path that does not exist, or is a folder. Paths resolve against the project root, where pyflyte runs, not against the declaring file. Fixes: a requirements-like file nearby (closest name first), or creating the file (not for lock files).',
    runtimeError: { when: 'tag', error: '`FileNotFoundError`: flytekit reads the file for the image tag before any builder runs, so `pyflyte run` and registration fail' },
    why: 'flytekit hashes the content of the `requirements` file into the image tag and copies it into the build, so a missing file fails `pyflyte run` and registration with FileNotFoundError. The path is relative to the folder pyflyte runs in (the project root), not to the Python file that declares the spec.',
    example: 'image = ImageSpec(name="etl", requirements="requirement.txt")  # the file is requirements.txt',
    fixed: 'image = ImageSpec(name="etl", requirements="requirements.txt")',
  },
  fixSafety: { kind: 'unsafe', note: 'Both pointing at another file and creating an empty one change what is installed.' },
  appliesTo: [{ sdk: 'flytekit' }],
  check(decl, ctx) {
    const v = fieldStr(decl, 'requirements');
    // An empty string is falsy: flytekit skips it.
    if (!v || v.value === '') return [];
    const abs = resolveProjectPath(ctx, v.value);
    const kind = ctx.fs.kind(abs);
    if (kind === 'file') return [];
    const shown = `\`${v.value}\`${describeOrigin(v)}`;
    const out: RuleFinding[] = [];
    if (kind === 'missing') {
      out.push({
        range: v.range,
        message:
          `requirements file ${shown} does not exist (looked for ${abs}; paths resolve against the project root, where pyflyte runs): ` +
          'flytekit reads it for the image tag, so registration fails with FileNotFoundError. Create it or point `requirements` at the right file',
        fixes: fixesFor(ctx, decl, v, abs),
      });
    } else {
      out.push({
        range: v.range,
        message: `requirements ${shown} is ${kind === 'dir' ? 'a folder' : 'not a regular file'} (${abs}): flytekit opens it as a file and fails. Point \`requirements\` at a requirements.txt, uv.lock or poetry.lock file`,
        fixes: candidates(ctx, path.join(abs, 'requirements.txt'), v.value)
          .slice(0, 3)
          .map((c, i) => strFix(decl, v, c, `Use \`${c}\``, { preferred: i === 0, safe: false }))
          .filter((f): f is Fix => f !== undefined),
      });
    }
    return out;
  },
};
