// with_source_folder reads `src.name` (I:1246) unless copy_contents_only,
// with_source_file reads `p.name` of each item of a list (I:1262), both at
// declaration. The lock files are used as Paths in the layers' validate()
// (`.exists()`, I:200-292), which runs at build after the image is hashed
// (open() takes a str there, so the hash does not fail first).
// A str is fine everywhere else: with_source_file(str), pyproject files,
// requirements, Dockerfiles, scripts and .dockerignore are made Paths.

import type { Fix, OfflineRule, RuleFinding, TextEdit } from '../server/engine/types';
import { FLYTE_ERRORS } from '../server/flyte/errors';
import type { LineIndex } from '../server/model/position';
import { truth, type ArgRef, type BoundCall, type ChainView } from './shared/flyteChain';
import { flyteSince, ownBoundCalls } from './shared/flyteView';

export interface PathProblem {
  ref: ArgRef;
  /** For a list argument: the index of the str item. */
  item?: number;
  attr: 'name' | 'exists';
  when: 'import' | 'build';
}

const LOCKS: Record<string, string> = { with_uv_project: 'uvlock', with_poetry_project: 'poetry_lock', with_pixi_project: 'pixi_lock' };

export function pathProblems(call: BoundCall): PathProblem[] {
  const src = call.args.get('src');
  if (call.method === 'with_source_folder' && src?.value.kind === 'str') {
    const only = call.args.get('copy_contents_only');
    const contentsOnly = only ? truth(only.value) : false;
    return contentsOnly === false ? [{ ref: src.ref, attr: 'name', when: 'import' }] : [];
  }
  if (call.method === 'with_source_file' && src?.value.kind === 'list') {
    // [p.name for p in src]: the first item without `.name` raises.
    for (let i = 0; i < src.value.items.length; i++) {
      const k = src.value.items[i].kind;
      if (k === 'str') return [{ ref: src.ref, item: i, attr: 'name', when: 'import' }];
      if (k !== 'path') return [];
    }
    return [];
  }
  const lock = LOCKS[call.method];
  const given = lock ? call.args.get(lock) : undefined;
  if (given?.value.kind === 'str' && given.value.value !== '') return [{ ref: given.ref, attr: 'exists', when: 'build' }];
  return [];
}

/** How the file names pathlib's Path: `Path`, `pathlib.Path`, or nothing yet (then an import is added). */
export function pathName(text: string): { name: string; importEdit?: (lines: LineIndex) => TextEdit } {
  if (/^from\s+pathlib\s+import\s+(?:\(?[^\n]*\bPath\b(?!\s+as))/m.test(text)) return { name: 'Path' };
  const alias = /^import\s+pathlib\s+as\s+(\w+)/m.exec(text);
  if (alias) return { name: `${alias[1]}.Path` };
  if (/^import\s+(?:[\w.]+\s*,\s*)*pathlib\b(?!\.)/m.test(text)) return { name: 'pathlib.Path' };
  return {
    name: 'pathlib.Path',
    importEdit: (lines) => {
      // Before the first import at the left margin that is not `from __future__`.
      const m = /^(?:import\s|from\s+(?!__future__\b)\S+\s+import\b)/m.exec(text);
      const at = lines.positionAt(m ? m.index : 0);
      return { range: { start: at, end: at }, newText: 'import pathlib\n' };
    },
  };
}

export function wrapFix(view: ChainView, lines: LineIndex, text: string, p: PathProblem): Fix | undefined {
  const v = view.argValue(p.ref);
  if (!v) return undefined;
  const target = p.item !== undefined ? (v.kind === 'list' ? v.items[p.item] : undefined) : v;
  if (!target || target.kind !== 'str') return undefined;
  const { name, importEdit } = pathName(text);
  const edits: TextEdit[] = [];
  if (importEdit) edits.push(importEdit(lines));
  // Every str item of a list, so the fixed list has no str left.
  const items = p.item !== undefined && v.kind === 'list' ? v.items.filter((x) => x.kind === 'str') : [target];
  for (const x of items) edits.push({ range: x.range, newText: `${name}(${lines.slice(x.range)})` });
  return { title: `Wrap in \`${name}(...)\``, edits, preferred: true, safe: true };
}

export const rule: OfflineRule = {
  code: 'IS706',
  name: 'str-for-path',
  severity: 'error',
  summary: 'A `str` where a Flyte 2 image method needs a `pathlib.Path`',
  docs: {
    whatItDoes:
      'Reports a string where a `flyte.Image` method uses a `pathlib.Path`: `with_source_folder("src")` (unless ' +
      '`copy_contents_only=True`), a string in a `with_source_file([...])` list, and a string lock file (`uvlock=`, `poetry_lock=`, ' +
      '`pixi_lock=`). A single string to `with_source_file`, pyproject files, requirements files, Dockerfiles and scripts are made ' +
      'Paths by flyte and are fine.',
    why:
      'These methods call Path methods on the value: `with_source_folder` and a `with_source_file` list read `.name` while the module ' +
      'is imported (AttributeError, the module does not load); the lock files are checked with `.exists()` when the image is built, ' +
      'so `flyte deploy` fails at the build.',
    runtimeError: { when: 'import', error: `AttributeError: ${FLYTE_ERRORS.noAttribute('str', 'name')} (a str lock file: ${FLYTE_ERRORS.noAttribute('str', 'exists')} at build)` },
    example: 'image = flyte.Image.from_debian_base(name="etl").with_source_folder("src")',
    fixed: 'image = flyte.Image.from_debian_base(name="etl").with_source_folder(pathlib.Path("src"))',
  },
  fixSafety: { kind: 'safe', note: 'Wraps the string in `Path(...)` (adding `import pathlib` when the file imports neither): the same path, as the type flyte uses.' },
  appliesTo: [flyteSince('2.0.0', 'with_source_folder / with_source_file lists / lock files use Path attributes', 'v2.6.5:src/flyte/_image.py:1231-1274')],
  declKinds: ['flyte2'],
  check(decl, ctx) {
    const own = ownBoundCalls(decl, ctx);
    if (!own) return [];
    const { view } = own;
    const out: RuleFinding[] = [];
    for (const call of own.calls) {
      for (const p of pathProblems(call)) {
        const v = view.argValue(p.ref);
        const at = p.item !== undefined && v?.kind === 'list' ? v.items[p.item] : v;
        const fix = wrapFix(view, ctx.lines, ctx.text, p);
        const what = p.item !== undefined ? `\`${call.method}\` gets a list with a str` : `\`${p.ref.param}\` of \`${call.method}\` is a str`;
        const when = p.when === 'import' ? 'importing the module raises' : 'building the image raises';
        out.push({
          range: at?.range ?? view.nameRange(call.index),
          message: `${what} where flyte uses a \`pathlib.Path\`: ${when} AttributeError: ${FLYTE_ERRORS.noAttribute('str', p.attr)}. Wrap it in \`Path(...)\``,
          fixes: fix ? [fix] : [],
        });
      }
    }
    return out;
  },
};
