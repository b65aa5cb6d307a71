// Candidates for the fixes are requirements-like files (requirements*.txt,
// *.in, lock files) in the folder the path names, seen from each candidate
// working folder (nearest first), closest name first; a near-identical name
// is preferred over creating the file, which goes to the nearest folder
// where the path's own folder exists.

import * as path from 'node:path';
import type { Flyte2Decl, ImageDecl, StrValue } from '../server/model/decl';
import { fieldStr, describeOrigin, isFlyte2 } from '../server/model/decl';
import { callArg } from '../server/flyte/fromDecl';
import type { Fix, OfflineRule, RuleContext, RuleFinding } from '../server/engine/types';
import { osaDistance, strFix } from '../server/engine/ruleKit';
import { LOCK_FILE_NAMES } from '../server/flytekit/fields';
import { compareText } from '../server/model/compare';
import { createTarget, displayPath, findPath, lookedIn, workingFoldersOf } from './shared/projectPaths';

/** Names that hold Python requirements: `requirements*.txt`, `*-requirements.in`, `reqs.txt`, lock files. */
function isRequirementsLike(name: string): boolean {
  const n = name.toLowerCase();
  if (LOCK_FILE_NAMES.includes(n)) return true;
  return /req/.test(n) && /\.(txt|in)$/.test(n);
}

/**
 * Requirements-like files in the folder `dirWritten` names (as written,
 * relative or absolute), from each working folder nearest first; each value
 * is written the way the user wrote the path (relative stays relative to the
 * working folder, absolute stays absolute).
 */
function candidates(ctx: RuleContext, file: string, dirWritten: string, want: string): string[] {
  const abs = path.isAbsolute(dirWritten);
  const bases = abs ? [''] : workingFoldersOf(ctx, file).folders;
  const found: { value: string; d: number; order: number }[] = [];
  let order = 0;
  for (const base of bases) {
    // The folder the path names, then the working folder itself.
    for (const sub of abs || dirWritten === '' || dirWritten === '.' ? [dirWritten] : [dirWritten, '']) {
      const dir = abs ? dirWritten : path.resolve(base, sub);
      order++;
      if (ctx.fs.kind(dir) !== 'dir') continue;
      for (const name of ctx.fs.list(dir)) {
        if (!isRequirementsLike(name)) continue;
        if (ctx.fs.kind(path.join(dir, name)) !== 'file') continue;
        const value = abs ? path.join(dir, name) : sub === '' || sub === '.' ? name : path.posix.join(sub, name);
        if (found.some((f) => f.value === value)) continue;
        found.push({ value, d: osaDistance(want, name.toLowerCase()), order });
      }
    }
  }
  found.sort((a, b) => a.d - b.d || a.order - b.order || compareText(a.value, b.value));
  return found.map((f) => f.value);
}

function fixesFor(ctx: RuleContext, decl: ImageDecl, v: StrValue): Fix[] {
  const fixes: Fix[] = [];
  const slash = v.value.lastIndexOf('/');
  const dirWritten = slash < 0 ? '' : v.value.slice(0, slash) || '/';
  const base = v.value.slice(slash + 1).toLowerCase();
  const near = candidates(ctx, decl.file, dirWritten, base).slice(0, 3);
  const closeName = near.length > 0 && osaDistance(path.basename(near[0]).toLowerCase(), base) <= 2;
  for (const c of near) {
    const fix = strFix(decl, v, c, `Use \`${c}\``, { preferred: false, safe: false });
    if (fix) fixes.push(fix);
  }
  // A lock file cannot be written by hand; only plain requirements files are offered for creation.
  const target = createTarget(ctx, decl.file, v.value);
  const isLock = LOCK_FILE_NAMES.includes(base);
  if (!isLock && ctx.fs.kind(path.dirname(target)) !== 'file') {
    fixes.push({ title: `Create \`${displayPath(ctx, target)}\``, edits: [], createFile: { path: target, content: '' }, safe: false });
  }
  // A near-identical existing name is most likely what was meant; otherwise creating the file is.
  const preferred = closeName ? fixes[0] : fixes.find((f) => f.createFile) ?? fixes[0];
  if (preferred) preferred.preferred = true;
  return fixes;
}

/**
 * Flyte 2: the file of each `with_requirements(...)` this declaration
 * writes. flyte hashes it when the image is built (before `validate()`),
 * so a missing file fails `flyte run` / `flyte deploy` with FileNotFoundError.
 * A name without `.txt` is IS707's (ValueError at import comes first).
 */
function flyteCheck(decl: Flyte2Decl, ctx: RuleContext): RuleFinding[] {
  if (decl.flyte.role !== 'image') return [];
  const out: RuleFinding[] = [];
  decl.flyte.calls.forEach((c, i) => {
    if (i < (decl.flyte.role === 'image' ? decl.flyte.ownFrom : 0) || c.method !== 'with_requirements') return;
    const a = callArg(c, 'file');
    if (!a || (a.value.kind !== 'str' && a.value.kind !== 'path')) return;
    const written = a.value.value;
    if (written === '' || !written.endsWith('.txt')) return;
    const v: StrValue = a.value.kind === 'str' ? a.value : { kind: 'str', value: written, range: a.value.range };
    const found = findPath(ctx, decl.file, written, 'file');
    if (found.found) return;
    const shown = `\`${written}\`${describeOrigin(v)}`;
    if (!found.wrongKind) {
      out.push({
        range: v.range,
        message: `requirements file ${shown} does not exist (${lookedIn(ctx, found)}): flyte hashes it when the image is built, so \`flyte run\` and \`flyte deploy\` fail with FileNotFoundError. Create it or point \`with_requirements\` at the right file`,
        fixes: fixesFor(ctx, decl, v),
      });
    } else {
      const { abs, kind } = found.wrongKind;
      out.push({
        range: v.range,
        message: `requirements ${shown} is ${kind === 'dir' ? 'a folder' : 'not a regular file'} (\`${displayPath(ctx, abs)}\`): flyte opens it as a file when the image is built and fails. Point \`with_requirements\` at a requirements.txt file`,
      });
    }
  });
  return out;
}

export const rule: OfflineRule = {
  code: 'IS401',
  name: 'requirements-missing',
  severity: 'error',
  summary: '`requirements` file does not exist',
  docs: {
    whatItDoes: 'Reports a `requirements` path that does not exist, or is a folder. Paths resolve against the folder pyflyte runs in: each folder from the declaring file\'s own folder up to the project root is a candidate (config `workdir` pins one), and the finding names the paths looked for. Fixes: a requirements-like file nearby (closest name first), or creating the file (not for lock files).',
    runtimeError: { when: 'tag', error: '`FileNotFoundError`: flytekit reads the file for the image tag before any builder runs, so `pyflyte run` and registration fail' },
    why: 'flytekit hashes the content of the `requirements` file into the image tag and copies it into the build, so a missing file fails `pyflyte run` and registration with FileNotFoundError. The path is relative to the folder pyflyte runs in, which the source does not say: the file\'s own folder, the project root or a folder between them.',
    example: 'image = ImageSpec(name="etl", requirements="requirement.txt")  # the file is requirements.txt',
    fixed: 'image = ImageSpec(name="etl", requirements="requirements.txt")',
  },
  fixSafety: { kind: 'unsafe', note: 'Both pointing at another file and creating an empty one change what is installed.' },
  appliesTo: [{ sdk: 'flytekit' }, { sdk: 'flyte' }],
  declKinds: ['imagespec', 'flyte2'],
  check(decl, ctx) {
    if (isFlyte2(decl)) return flyteCheck(decl, ctx);
    const v = fieldStr(decl, 'requirements');
    // An empty string is falsy: flytekit skips it.
    if (!v || v.value === '') return [];
    const found = findPath(ctx, decl.file, v.value, 'file');
    if (found.found) return [];
    const shown = `\`${v.value}\`${describeOrigin(v)}`;
    const out: RuleFinding[] = [];
    if (!found.wrongKind) {
      out.push({
        range: v.range,
        message:
          `requirements file ${shown} does not exist (${lookedIn(ctx, found)}): ` +
          'flytekit reads it for the image tag, so registration fails with FileNotFoundError. Create it or point `requirements` at the right file',
        fixes: fixesFor(ctx, decl, v),
      });
    } else {
      const { abs, kind } = found.wrongKind;
      out.push({
        range: v.range,
        message: `requirements ${shown} is ${kind === 'dir' ? 'a folder' : 'not a regular file'} (\`${displayPath(ctx, abs)}\`): flytekit opens it as a file and fails. Point \`requirements\` at a requirements.txt, uv.lock or poetry.lock file`,
        fixes: candidates(ctx, decl.file, v.value, 'requirements.txt')
          .slice(0, 3)
          .map((c, i) => strFix(decl, v, c, `Use \`${c}\``, { preferred: i === 0, safe: false }))
          .filter((f): f is Fix => f !== undefined),
      });
    }
    return out;
  },
};
