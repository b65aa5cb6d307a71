// Layer.__post_init__ (I:55-75) checks the fields of the layer a with_*
// call builds, in dataclass order, and raises on the first list: a field
// that is a list, or a tuple field holding one. How each parameter is
// stored decides which: `*packages` becomes a tuple (a list inside it is
// "contains a list at index N"), most pip options go through _ensure_tuple
// when truthy (a list becomes a tuple), with_uv_project passes
// extra_index_urls on as given (a list is "is a list"). UVScript
// (from_uv_script) skips the check.

import { FLYTE_ERRORS } from '../server/flyte/errors';
import { pyRepr, Unknowable, type ArgValue } from '../server/flyte/value';
import type { Fix, OfflineRule, RuleFinding } from '../server/engine/types';
import type { LineIndex } from '../server/model/position';
import { truth, type ArgRef, type BoundCall, type ChainView } from './shared/flyteChain';
import { flyteSince, ownBoundCalls } from './shared/flyteView';

/** How a layer stores a parameter: as given, through `_ensure_tuple(x) if x else None`, `x or default`, or as `*args`. */
type Store = 'raw' | 'tuple' | 'or' | 'varargs';

/** Each layer method's Layer class and the parameters it checks, in the class's dataclass field order. */
const LAYERS: Record<string, { layer: string; fields: Array<[param: string, store: Store]> }> = {
  with_pip_packages: {
    layer: 'PipPackages',
    fields: [['index_url', 'raw'], ['extra_index_urls', 'tuple'], ['pre', 'raw'], ['extra_args', 'raw'], ['secret_mounts', 'tuple'], ['packages', 'varargs']],
  },
  with_requirements: {
    layer: 'Requirements',
    fields: [['index_url', 'raw'], ['extra_index_urls', 'tuple'], ['pre', 'raw'], ['extra_args', 'raw'], ['secret_mounts', 'tuple']],
  },
  with_apt_packages: { layer: 'AptPackages', fields: [['packages', 'varargs'], ['secret_mounts', 'tuple']] },
  with_commands: { layer: 'Commands', fields: [['commands', 'tuple'], ['secret_mounts', 'tuple']] },
  with_workdir: { layer: 'WorkDir', fields: [['workdir', 'raw']] },
  with_uv_project: {
    layer: 'UVProject',
    fields: [['index_url', 'raw'], ['extra_index_urls', 'raw'], ['pre', 'raw'], ['extra_args', 'raw'], ['secret_mounts', 'tuple'], ['uvlock', 'raw'], ['project_install_mode', 'raw']],
  },
  with_poetry_project: { layer: 'PoetryProject', fields: [['poetry_lock', 'or'], ['extra_args', 'raw'], ['project_install_mode', 'raw'], ['secret_mounts', 'tuple']] },
  with_pixi_project: {
    layer: 'PixiProject',
    fields: [['pixi_lock', 'raw'], ['environment', 'raw'], ['extra_args', 'raw'], ['project_install_mode', 'raw'], ['secret_mounts', 'tuple']],
  },
};

export interface ListProblem {
  /** The argument holding the list (for `*packages`, the list item itself). */
  ref: ArgRef;
  layer: string;
  field: string;
  /** "contains a list at index N" (a tuple field) or "is a list". */
  index?: number;
  list: ArgValue;
  /** How to fix it: spread the list into separate arguments, or write it as a tuple. */
  fix?: 'spread' | 'tuple';
}

function reprOrElided(v: ArgValue): string {
  try {
    return pyRepr(v);
  } catch (e) {
    if (e instanceof Unknowable) return '[…]';
    throw e;
  }
}

/** The list the layer's __post_init__ raises on first, if any; undefined also when a value on the way is unknown. */
export function listProblem(call: BoundCall): ListProblem | undefined {
  const spec = LAYERS[call.method];
  if (!spec) return undefined;
  for (const [param, store] of spec.fields) {
    const given = call.args.get(param);
    if (!given) continue;
    const v = given.value;
    if (v.kind === 'unknown') return undefined;
    if (store === 'varargs') {
      // The tuple of extra positional arguments: a list among them, at its index.
      const items = v.kind === 'tuple' ? v.items : [];
      for (let i = 0; i < items.length; i++) {
        if (items[i].kind === 'unknown') return undefined;
        if (items[i].kind === 'list') return { ref: call.varargs[i], layer: spec.layer, field: param, index: i, list: items[i], fix: 'spread' };
      }
      continue;
    }
    const isTrue = truth(v);
    if (isTrue === undefined) return undefined;
    if (store === 'or' && !isTrue) continue;
    if (store === 'tuple') {
      if (!isTrue) continue;
      // _ensure_tuple: a list becomes a tuple, anything else a 1-tuple; a list inside is the error.
      const items = v.kind === 'list' || v.kind === 'tuple' ? v.items : [v];
      for (let i = 0; i < items.length; i++) {
        if (items[i].kind === 'unknown') return undefined;
        if (items[i].kind === 'list') return { ref: given.ref, layer: spec.layer, field: param, index: i, list: items[i] };
      }
      continue;
    }
    if (v.kind === 'list') return { ref: given.ref, layer: spec.layer, field: param, list: v, fix: param === 'extra_index_urls' ? 'tuple' : undefined };
    if (v.kind === 'tuple') {
      for (let i = 0; i < v.items.length; i++) {
        if (v.items[i].kind === 'unknown') return undefined;
        if (v.items[i].kind === 'list') return { ref: given.ref, layer: spec.layer, field: param, index: i, list: v.items[i] };
      }
    }
  }
  return undefined;
}

/** The SDK's message for a problem. */
export function listMessage(p: ListProblem): string {
  const repr = reprOrElided(p.list);
  return p.index === undefined ? FLYTE_ERRORS.layerIsList(p.layer, p.field, repr) : FLYTE_ERRORS.layerHoldsList(p.layer, p.field, p.index, repr);
}

/**
 * The fix's edit: a list literal `["a", "b"]` spread into `"a", "b"` (any
 * other expression gets a `*`), or written as a tuple `("a", "b")`.
 */
export function listFix(view: ChainView, lines: LineIndex, p: ListProblem): Fix | undefined {
  const v = view.argValue(p.ref);
  if (!v || !p.fix) return undefined;
  const src = lines.slice(v.range);
  const literal = src.startsWith('[') && src.endsWith(']');
  if (p.fix === 'spread') {
    const inner = literal ? src.slice(1, -1).trim().replace(/,$/, '').trimEnd() : undefined;
    if (inner === '') return undefined; // `[]`: spreading removes the argument; leave it to the user
    const newText = inner ?? `*${src}`;
    return { title: 'Pass the items as separate arguments', edits: [{ range: v.range, newText }], preferred: true, safe: true };
  }
  if (!literal) return { title: 'Pass a tuple', edits: [{ range: v.range, newText: `tuple(${src})` }], preferred: true, safe: true };
  const inner = src.slice(1, -1).trim().replace(/,$/, '').trimEnd();
  const single = v.kind === 'list' && v.items.length === 1;
  return { title: 'Pass a tuple', edits: [{ range: v.range, newText: `(${inner}${single ? ',' : ''})` }], preferred: true, safe: true };
}

export const rule: OfflineRule = {
  code: 'IS703',
  name: 'list-argument',
  severity: 'error',
  summary: 'A list where a Flyte 2 layer wants separate arguments or a scalar (`with_pip_packages(["a", "b"])`)',
  docs: {
    whatItDoes:
      'Reports a list where a `flyte.Image` layer method wants separate arguments or a scalar: a list passed to ' +
      '`with_pip_packages(*packages)` or `with_apt_packages(*packages)`, a list for `extra_index_urls` of `with_uv_project` ' +
      '(which, unlike the other methods, does not turn it into a tuple), a list for a lock file or a string option, ' +
      'and a list inside `with_commands([...])`. One finding per call, on the list the SDK raises on first.',
    why:
      'A layer is a frozen dataclass that must be hashable, so its `__post_init__` rejects any field that is a list or holds one. ' +
      'The layer is built when the `with_*` method runs, that is while the module is imported: `flyte run` and `flyte deploy` cannot load it.',
    runtimeError: { when: 'import', error: `TypeError: ${FLYTE_ERRORS.layerHoldsList('PipPackages', 'packages', 0, "['pandas', 'numpy']")}` },
    example: 'image = flyte.Image.from_debian_base().with_pip_packages(["pandas", "numpy"])',
    fixed: 'image = flyte.Image.from_debian_base().with_pip_packages("pandas", "numpy")',
  },
  fixSafety: {
    kind: 'safe',
    note: 'Spreading a list into separate arguments, or writing `extra_index_urls` as a tuple, passes the same values the way flyte expects; other lists get no fix.',
  },
  appliesTo: [flyteSince('2.0.0', 'Layer.__post_init__ rejects list fields', 'v2.6.5:src/flyte/_image.py:55-75')],
  declKinds: ['flyte2'],
  check(decl, ctx) {
    const own = ownBoundCalls(decl, ctx);
    if (!own) return [];
    const { view } = own;
    const out: RuleFinding[] = [];
    for (const call of own.calls) {
      const p = listProblem(call);
      if (!p) continue;
      const fix = listFix(view, ctx.lines, p);
      out.push({
        range: view.argValue(p.ref)?.range ?? view.nameRange(call.index),
        message: `\`${call.method}\` gets a list where flyte wants ${p.fix === 'spread' ? 'separate arguments' : p.fix === 'tuple' ? 'a tuple' : 'no list'}: importing the module raises TypeError: ${listMessage(p)}`,
        fixes: fix ? [fix] : [],
      });
    }
    return out;
  },
};
