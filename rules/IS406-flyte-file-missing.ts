// Which files each Flyte 2 method reads and when it fails without them
// (flyte-sdk v2.6.5): the hash (image_builder.py:314, before validate)
// opens Dockerfiles, project files and locks in dependencies_only mode and
// parses uv scripts; copy sources are skipped by the hash and refused by
// CopyConfig.validate (I:423-435) at build; a .dockerignore is refused by
// the builders (docker_builder.py:488-498, remote_builder.py:416-421).
// A lock file that is optional (uv.lock, pixi.lock beside the manifest) is
// not reported; poetry.lock is not optional. with_requirements is IS401's.
// A relative path resolves from each candidate working folder
// (rules/shared/projectPaths.ts); the finding names every path looked for.

import * as path from 'node:path';
import type { Fix, OfflineRule, RuleContext, RuleFinding } from '../server/engine/types';
import { closest } from '../server/engine/ruleKit';
import { FLYTE_ERRORS } from '../server/flyte/errors';
import { purePath, type ArgValue } from '../server/flyte/value';
import type { ImageDecl, Value } from '../server/model/decl';
import type { LineIndex, Range } from '../server/model/position';
import type { TextEdit } from '../server/engine/types';
import type { ArgRef, BoundCall, ChainView } from './shared/flyteChain';
import { flyteSince, ownBoundCalls } from './shared/flyteView';
import { createTarget, displayPath, findPath, lookedIn, workingFoldersOf } from './shared/projectPaths';

/** A path an image reads, with what it must be and how flyte fails without it. */
export interface FileNeed {
  ref: ArgRef;
  /** The path as flyte sees it: str(Path(value)). */
  written: string;
  want: 'file' | 'dir' | 'manifest';
  /** What it is, for messages: "the pyproject.toml of `with_uv_project`". */
  role: string;
  /** How flyte fails, given the absolute path from the nearest working folder. */
  failure: 'open' | 'uv-script' | 'copy-file' | 'copy-dir' | 'dockerignore' | 'pixi-manifest';
  /** Offer to create an empty file. */
  creatable?: boolean;
  /** Resolved relative to another needed file's folder (a default lock beside the pyproject). */
  besideOf?: string;
  /** For a list argument: the item's index. */
  item?: number;
}

function pathOf(v: ArgValue | undefined): string | undefined {
  return v && (v.kind === 'str' || v.kind === 'path') && v.value !== '' ? purePath(v.value).str : undefined;
}

function dependenciesOnly(call: BoundCall): boolean {
  const mode = call.args.get('project_install_mode')?.value;
  return !mode || (mode.kind === 'str' && mode.value === 'dependencies_only');
}

/** The paths one call needs, in the order flyte touches them. */
export function fileNeeds(call: BoundCall): FileNeed[] {
  const a = (p: string) => call.args.get(p);
  const need = (param: string, want: FileNeed['want'], role: string, failure: FileNeed['failure'], extra: Partial<FileNeed> = {}): FileNeed[] => {
    const g = a(param);
    const written = pathOf(g?.value);
    return g && written !== undefined ? [{ ref: g.ref, written, want, role, failure, ...extra }] : [];
  };
  const m = call.method;
  switch (m) {
    case 'from_dockerfile':
      return need('file', 'file', 'Dockerfile', 'open');
    case 'from_uv_script':
      return need('script', 'file', 'uv script', 'uv-script');
    case 'with_uv_project':
      if (!dependenciesOnly(call)) return [];
      return [...need('uvlock', 'file', 'uv.lock of `with_uv_project`', 'open'), ...need('pyproject_file', 'file', 'pyproject.toml of `with_uv_project`', 'open')];
    case 'with_poetry_project': {
      if (!dependenciesOnly(call)) return [];
      const py = need('pyproject_file', 'file', 'pyproject.toml of `with_poetry_project`', 'open');
      const lock = a('poetry_lock');
      const locks = lock && lock.value.kind !== 'none' ? need('poetry_lock', 'file', 'poetry.lock of `with_poetry_project`', 'open') : py.map((p) => ({ ...p, written: path.posix.join(purePath(p.written).parent, 'poetry.lock'), role: 'poetry.lock beside the pyproject.toml of `with_poetry_project`', besideOf: p.written }));
      return [...locks, ...py];
    }
    case 'with_pixi_project':
      if (!dependenciesOnly(call)) return [];
      return [...need('manifest_file', 'manifest', 'pixi manifest of `with_pixi_project`', 'pixi-manifest'), ...need('pixi_lock', 'file', 'pixi.lock of `with_pixi_project`', 'open')];
    case 'with_dockerignore':
      return need('path', 'file', '.dockerignore', 'dockerignore', { creatable: true });
    case 'with_source_folder':
      return need('src', 'dir', 'source folder of `with_source_folder`', 'copy-dir');
    case 'with_source_file': {
      const g = a('src');
      if (!g) return [];
      if (g.value.kind === 'list') {
        return g.value.items.flatMap((x, item) =>
          x.kind === 'path' && x.value !== '' ? [{ ref: g.ref, item, written: purePath(x.value).str, want: 'file' as const, role: 'source file of `with_source_file`', failure: 'copy-file' as const, creatable: true }] : [],
        );
      }
      return need('src', 'file', 'source file of `with_source_file`', 'copy-file', { creatable: true });
    }
  }
  return [];
}

/** What flyte raises for a missing (or wrong-kind) path; `abs` is the path from the nearest working folder, as displayPath shows it. */
export function failureText(n: FileNeed, abs: string, kind: 'missing' | 'dir' | 'file' | 'other'): string {
  switch (n.failure) {
    case 'open':
      return kind === 'dir' ? `IsADirectoryError: ${FLYTE_ERRORS.isADirectory(n.written)}` : `FileNotFoundError: ${FLYTE_ERRORS.fileNotFound(n.written)}`;
    case 'uv-script':
      return `FileNotFoundError: File not found: ${n.written}`;
    case 'pixi-manifest':
      return `FileNotFoundError: ${FLYTE_ERRORS.fileNotFound(n.written)}`;
    case 'dockerignore':
      return `ImageBuildError: The .dockerignore file specified via with_dockerignore() was not found at '${n.written}'. Ensure the path points to an existing file.`;
    case 'copy-file':
      return `ImageBuildError: ${kind === 'missing' ? FLYTE_ERRORS.sourceMissing(abs) : FLYTE_ERRORS.sourceNotFile(abs)}`;
    case 'copy-dir':
      return `ImageBuildError: ${kind === 'missing' ? FLYTE_ERRORS.sourceMissing(abs) : FLYTE_ERRORS.sourceNotDir(abs)}`;
  }
}

/** Entries of the wanted kind in the folder a missing path names, from each working folder, closest name first. */
function nearNames(ctx: RuleContext, file: string, written: string, want: 'file' | 'dir'): string[] {
  const dirWritten = path.posix.dirname(written);
  const base = path.posix.basename(written);
  const bases = path.posix.isAbsolute(written) ? [''] : workingFoldersOf(ctx, file).folders;
  const seen: string[] = [];
  for (const b of bases) {
    const dir = path.resolve(b, dirWritten);
    if (ctx.fs.kind(dir) !== 'dir') continue;
    for (const name of ctx.fs.list(dir)) {
      if (ctx.fs.kind(path.join(dir, name)) !== want) continue;
      const value = dirWritten === '.' ? name : path.posix.join(dirWritten, name);
      if (!seen.includes(value)) seen.push(value);
    }
  }
  return closest(base, seen.map((s) => path.posix.basename(s))).map((n) => seen.find((s) => path.posix.basename(s) === n)!);
}

/** The written value of a need: the argument, or its item in a list. */
function writtenValue(view: ChainView, n: FileNeed): Value | undefined {
  const v = view.argValue(n.ref);
  if (n.item === undefined) return v;
  return v?.kind === 'list' ? v.items[n.item] : undefined;
}

/**
 * An edit renaming the last segment of a path where it is written: the one
 * string literal in the value's text that ends with it (`"pyproject.tml"`,
 * `Path("deps/pyproject.tml")`, `Path(__file__).parent / "pyproject.tml"`).
 */
export function renameEdit(lines: LineIndex, range: Range, oldBase: string, newBase: string): TextEdit | undefined {
  const text = lines.slice(range);
  const start = lines.offsetAt(range.start);
  const hits: Array<{ at: number; len: number }> = [];
  const re = /(["'])([^"'\\\n]*)\1/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[2];
    if (body === oldBase || body.endsWith('/' + oldBase)) hits.push({ at: m.index + 1 + body.length - oldBase.length, len: oldBase.length });
  }
  if (hits.length !== 1) return undefined;
  const from = lines.positionAt(start + hits[0].at);
  const to = lines.positionAt(start + hits[0].at + hits[0].len);
  return { range: { start: from, end: to }, newText: newBase };
}

function fixesFor(ctx: RuleContext, decl: ImageDecl, view: ChainView, n: FileNeed, want: 'file' | 'dir'): Fix[] {
  if (n.besideOf) return [];
  const written = writtenValue(view, n);
  const fixes: Fix[] = [];
  const oldBase = path.posix.basename(n.written);
  if (written && oldBase) {
    for (const c of nearNames(ctx, decl.file, n.written, want).slice(0, 3)) {
      const edit = renameEdit(ctx.lines, written.range, oldBase, path.posix.basename(c));
      if (edit) fixes.push({ title: `Use \`${c}\``, edits: [edit], preferred: fixes.length === 0, safe: false });
    }
  }
  if (n.creatable && want === 'file') {
    const abs = createTarget(ctx, decl.file, n.written);
    if (ctx.fs.kind(path.dirname(abs)) === 'dir') {
      fixes.push({ title: `Create \`${displayPath(ctx, abs)}\``, edits: [], createFile: { path: abs, content: '' }, safe: false, preferred: fixes.length === 0 });
    }
  }
  return fixes;
}

export const rule: OfflineRule = {
  code: 'IS406',
  name: 'flyte-file-missing',
  severity: 'error',
  summary: 'A file or folder a Flyte 2 image reads does not exist, or is of the wrong kind',
  docs: {
    whatItDoes:
      'Reports a path a `flyte.Image` reads that does not exist or is of the wrong kind: the `from_dockerfile` file, the ' +
      '`from_uv_script` script, `with_uv_project` / `with_poetry_project` pyproject and lock files (poetry.lock beside the pyproject when ' +
      'not given), the `with_pixi_project` manifest (or its folder) and lock, `with_dockerignore`, and `with_source_file` / ' +
      '`with_source_folder` sources. Relative paths resolve against the folder flyte runs in: each folder from the declaring file\'s own ' +
      'folder up to the project root is a candidate (config `workdir` pins one), and the finding names every path looked for; ' +
      '`Path(__file__).parent / "x"` is absolute. Project files in `install_project` mode and `with_requirements` (IS401) are not judged here.',
    why:
      'flyte reads these files when it computes the image\'s tag or builds it: `flyte deploy` (or `flyte run`) fails with FileNotFoundError ' +
      'for Dockerfiles, scripts, project and lock files, and with ImageBuildError for copied sources and a `.dockerignore`. Relative paths are ' +
      'relative to the folder flyte runs in, not to the file that declares the image.',
    runtimeError: { when: 'build', error: `FileNotFoundError: ${FLYTE_ERRORS.fileNotFound('pyproject.toml')} (copied sources: ImageBuildError: Source folder ... does not exist)` },
    example: 'image = flyte.Image.from_debian_base(name="etl").with_uv_project(pyproject_file=Path("pyproject.tml"))',
    fixed: 'image = flyte.Image.from_debian_base(name="etl").with_uv_project(pyproject_file=Path("pyproject.toml"))',
  },
  fixSafety: { kind: 'unsafe', note: 'An existing file or folder with a close name, or (for a `.dockerignore` or a copied file) creating an empty file: both change what the image holds.' },
  configKeys: ['workdir'],
  appliesTo: [flyteSince('2.0.0', 'the image hash and build read these files', 'v2.6.5:src/flyte/_image.py:190-504')],
  declKinds: ['flyte2'],
  check(decl, ctx) {
    const own = ownBoundCalls(decl, ctx);
    if (!own) return [];
    const { view } = own;
    const out: RuleFinding[] = [];
    for (const call of own.calls) {
      for (const n of fileNeeds(call)) {
        const want = n.want === 'manifest' ? 'any' : n.want;
        const found = findPath(ctx, decl.file, n.written, want);
        if (found.found && n.want !== 'manifest') continue;
        if (found.found) {
          // A folder holds pixi.toml or pyproject.toml; a file is the manifest itself.
          if (ctx.fs.kind(found.found) !== 'dir') continue;
          const inside = ['pixi.toml', 'pyproject.toml'].some((m) => ctx.fs.kind(path.join(found.found!, m)) === 'file');
          if (inside) continue;
          const shownPath = path.posix.join(n.written, 'pyproject.toml');
          out.push({
            range: view.argValue(n.ref)?.range ?? view.nameRange(call.index),
            message: `The pixi project folder \`${n.written}\` has neither pixi.toml nor pyproject.toml (\`${displayPath(ctx, found.found)}\`): building the image raises FileNotFoundError: ${FLYTE_ERRORS.fileNotFound(shownPath)}`,
          });
          continue;
        }
        const wf = workingFoldersOf(ctx, decl.file);
        const abs = found.absolute ? n.written : path.resolve(wf.folders[0], n.written);
        const kind = found.wrongKind?.kind ?? 'missing';
        const what = kind === 'missing' ? `does not exist (${lookedIn(ctx, found, 'flyte')})` : `is ${kind === 'dir' ? 'a folder' : kind === 'file' ? 'a file' : 'not a regular file'} (\`${displayPath(ctx, found.wrongKind!.abs)}\`)`;
        const valueRange = writtenValue(view, n)?.range ?? view.nameRange(call.index);
        out.push({
          range: valueRange,
          message: `The ${n.role} \`${n.written}\` ${what}: building the image raises ${failureText(n, displayPath(ctx, abs), kind)}`,
          fixes: fixesFor(ctx, decl, view, n, n.want === 'dir' ? 'dir' : 'file'),
        });
      }
    }
    return out;
  },
};
