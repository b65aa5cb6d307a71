// from_uv_script ignores the script's requires-python (I:862-931): the
// image's Python is `python_version`, else the interpreter flyte runs on.
// requires-python is matched as uv matches an interpreter: a minor version
// is allowed when some release of it (M.m.0 .. M.m.99) satisfies every
// clause. Clauses we do not read (pre-releases, local versions, `===`)
// make the rule silent.

import type { Fix, OfflineRule } from '../server/engine/types';
import { PUBLISHED_PYTHON_VERSIONS } from '../server/flyte/baseImage';
import { parseUvScriptHeader } from '../server/flyte/uvScript';
import { purePath } from '../server/flyte/value';
import { appendArgEdit, type BoundCall, type ChainView } from './shared/flyteChain';
import { flyteSince, ownConstructor } from './shared/flyteView';
import { findPath } from './shared/projectPaths';
import type { LineIndex } from '../server/model/position';

type Version = number[];

function cmp(a: Version, b: Version): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/** A PEP 440 clause as a test on a release M.m.p, or undefined when it is outside what we read. */
function clause(text: string): ((v: Version) => boolean) | undefined {
  const m = /^\s*(~=|==|!=|<=|>=|<|>)\s*v?(\d+(?:\.\d+)*)(\.\*)?\s*$/.exec(text);
  if (!m) return undefined;
  const [, op, num, star] = m;
  const want = num.split('.').map(Number);
  if (star) {
    if (op !== '==' && op !== '!=') return undefined;
    const prefix = (v: Version) => want.every((x, i) => (v[i] ?? 0) === x);
    return op === '==' ? prefix : (v) => !prefix(v);
  }
  switch (op) {
    case '==':
      return (v) => cmp(v, want) === 0;
    case '!=':
      return (v) => cmp(v, want) !== 0;
    case '<=':
      return (v) => cmp(v, want) <= 0;
    case '>=':
      return (v) => cmp(v, want) >= 0;
    case '<':
      return (v) => cmp(v, want) < 0;
    case '>':
      return (v) => cmp(v, want) > 0;
    case '~=': {
      // ~=X.Y.Z: >= X.Y.Z and == X.Y.*
      if (want.length < 2) return undefined;
      const prefix = want.slice(0, -1);
      return (v) => cmp(v, want) >= 0 && prefix.every((x, i) => (v[i] ?? 0) === x);
    }
  }
  return undefined;
}

/** Whether some release of Python M.m satisfies `spec`; undefined when the specifier is not read. */
export function allowsMinor(spec: string, major: number, minor: number): boolean | undefined {
  const tests = spec.split(',').filter((s) => s.trim() !== '').map(clause);
  if (!tests.length || tests.some((t) => !t)) return undefined;
  for (let p = 0; p < 100; p++) if (tests.every((t) => t!([major, minor, p]))) return true;
  return false;
}

export type ScriptPythonProblem =
  | { kind: 'excluded'; requires: string; given: [number, number]; suggest?: [number, number] }
  | { kind: 'unset'; requires: string; suggest?: [number, number] };

/** Judges a script's requires-python against the image's python_version (undefined: not given). */
export function scriptPythonProblem(requires: string, given: [number, number] | undefined): ScriptPythonProblem | undefined {
  const allowed = PUBLISHED_PYTHON_VERSIONS.map(([a, b]) => [a, b, allowsMinor(requires, a, b)] as const);
  if (allowed.some(([, , ok]) => ok === undefined)) return undefined;
  const ok = allowed.filter(([, , x]) => x).map(([a, b]) => [a, b] as [number, number]);
  const suggest = ok.length ? ok[ok.length - 1] : undefined;
  if (given) {
    const fits = allowsMinor(requires, given[0], given[1]);
    return fits === false ? { kind: 'excluded', requires, given, suggest } : undefined;
  }
  // Without python_version the image follows the local interpreter: a problem when the script pins one
  // minor version (`==3.13`), which a machine with another Python misses.
  return ok.length > 1 ? undefined : { kind: 'unset', requires, suggest };
}

/** python_version as written, (M, m) ints; 'absent' when not passed; undefined when it is something else. */
function givenVersion(call: BoundCall): [number, number] | 'absent' | undefined {
  const g = call.args.get('python_version');
  if (!g || g.value.kind === 'none') return 'absent';
  const v = g.value;
  if (v.kind === 'tuple' && v.items.length === 2 && v.items.every((x) => x.kind === 'int')) {
    return [(v.items[0] as { value: number }).value, (v.items[1] as { value: number }).value];
  }
  return undefined;
}

function versionFix(view: ChainView, lines: LineIndex, call: BoundCall, v: [number, number]): Fix | undefined {
  const text = `(${v[0]}, ${v[1]})`;
  const g = call.args.get('python_version');
  const written = g ? view.argValue(g.ref) : undefined;
  const edit = written ? { range: written.range, newText: text } : g ? undefined : appendArgEdit(view, lines, call.index, `python_version=${text}`);
  if (!edit) return undefined;
  return { title: `Set \`python_version=${text}\``, edits: [edit], preferred: true, safe: false };
}

export const rule: OfflineRule = {
  code: 'IS710',
  name: 'uv-script-python',
  severity: 'warning',
  summary: 'A Flyte 2 uv script image whose Python the script\'s `requires-python` excludes',
  docs: {
    whatItDoes:
      'Reports `Image.from_uv_script` when the script\'s `requires-python` (its `# /// script` header) excludes the image\'s ' +
      '`python_version`, or, when `python_version` is not given, allows at most one of the Python versions flyte publishes images for ' +
      '(`==3.13`: the image gets the Python of the machine running flyte, whatever the script says). Silent when the script cannot be ' +
      'read or the specifier uses forms it does not read.',
    why:
      'flyte reads only the dependencies from the header and ignores `requires-python`: the image is built for `python_version`, or ' +
      'for the local interpreter\'s version when it is left out. uv then refuses to install the script\'s dependencies for a Python ' +
      'it excludes, or the code fails on the wrong Python at run time.',
    runtimeError: { when: 'build', error: 'uv refuses the dependencies for the image\'s Python (`No interpreter found for Python ==3.13`), or the task fails on the wrong Python' },
    example: '# main.py begins with the header:\n#   # /// script\n#   # requires-python = "==3.13"\n#   # ///\nimage = flyte.Image.from_uv_script("main.py", name="agent")',
    fixed: 'image = flyte.Image.from_uv_script("main.py", name="agent", python_version=(3, 13))',
  },
  fixSafety: { kind: 'unsafe', note: 'Sets `python_version` to the newest published Python the script allows: it changes the image\'s Python.' },
  appliesTo: [flyteSince('2.0.0', 'from_uv_script ignores requires-python', 'v2.6.5:src/flyte/_image.py:862-931')],
  declKinds: ['flyte2'],
  check(decl, ctx) {
    const own = ownConstructor(decl, ctx);
    if (!own) return [];
    const { view, call: call } = own;
    if (!call || call.method !== 'from_uv_script') return [];
    const script = call.args.get('script');
    if (!script || (script.value.kind !== 'str' && script.value.kind !== 'path')) return [];
    const found = findPath(ctx, decl.file, purePath(script.value.value).str, 'file');
    if (!found.found) return [];
    const text = ctx.fs.readText(found.found);
    if (text === undefined) return [];
    let requires: string | null;
    try {
      requires = parseUvScriptHeader(Buffer.from(text, 'utf8')).requiresPython;
    } catch {
      return [];
    }
    if (!requires) return [];
    const given = givenVersion(call);
    if (given === undefined) return [];
    const p = scriptPythonProblem(requires, given === 'absent' ? undefined : given);
    if (!p) return [];
    const fix = p.suggest ? versionFix(view, ctx.lines, call, p.suggest) : undefined;
    const pv = call.args.get('python_version');
    const range = p.kind === 'excluded' && pv ? view.argValue(pv.ref)?.range ?? view.nameRange(0) : view.nameRange(0);
    const want = p.suggest ? `: set \`python_version=(${p.suggest[0]}, ${p.suggest[1]})\`` : '';
    const message =
      p.kind === 'excluded'
        ? `The script requires Python \`${p.requires}\`, but the image is built for Python ${p.given[0]}.${p.given[1]}: flyte ignores requires-python, so uv cannot install the script's dependencies${want}`
        : `The script requires Python \`${p.requires}\`, but without \`python_version\` the image gets the Python of the machine running flyte (flyte ignores requires-python)${want}`;
    return [{ range, message, fixes: fix ? [fix] : [] }];
  },
};
