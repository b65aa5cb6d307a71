// A flyte.Image chain as the IS7xx rules judge it: each call's arguments
// bound to its parameters the way Python binds them (server/flyte/bind.ts),
// remembering where each value was written (so a finding and its fix land
// on the argument), and the image state a `with_*` call meets (extendable,
// named, Dockerfile-based), walked as flyte-sdk's Image.clone does.
//
// Everything here is pure over server/flyte's chain model (ImageCall and
// ArgValue): the rules turn an ArgRef into a source range. A call that does
// not bind (a wrong keyword, a missing argument: IS501's) or a method flyte
// does not have ends what can be known about the chain from that call on.

import { imageMethod, type MethodInfo } from '../../server/flyte/api';
import { bindCall } from '../../server/flyte/bind';
import type { ImageCall } from '../../server/flyte/context';
import { truthy, Unknowable, type ArgValue } from '../../server/flyte/value';
import type { Value } from '../../server/model/decl';
import type { LineIndex, Range } from '../../server/model/position';
import type { TextEdit } from '../../server/engine/types';

/** Where a bound value was written: the call, and its positional index or keyword. */
export interface ArgRef {
  call: number;
  /** The parameter it binds to. */
  param: string;
  /** Positional index in the call's own arguments. */
  pos?: number;
  /** The keyword as written. */
  kw?: string;
}

export interface BoundArg {
  value: ArgValue;
  ref: ArgRef;
}

export interface BoundCall {
  index: number;
  method: string;
  info: MethodInfo;
  /** Given parameters by name; `*packages` as one value of kind 'tuple' (ref: the first extra positional). */
  args: Map<string, BoundArg>;
  /** For a `*args` parameter: where each item was written. */
  varargs: ArgRef[];
}

/** The value of a parameter, given or defaulted to None. */
export function valueOf(call: BoundCall, param: string): ArgValue | undefined {
  return call.args.get(param)?.value;
}

/**
 * The calls of a chain bound as Python binds them; the list stops before the
 * first call that does not bind or is not a method of the Image at that
 * place (flyte raises there, or we cannot tell what it does).
 */
export function bindChain(calls: readonly ImageCall[], version: string, startsAtConstructor = true, opaque: (i: number) => boolean = () => false): BoundCall[] {
  const out: BoundCall[] = [];
  for (let i = 0; i < calls.length; i++) {
    const call = calls[i];
    if (opaque(i)) break; // `*args` / `**kwargs`: what binds where is not known
    const info = imageMethod(call.method, version);
    if (!info || info.classmethod !== (startsAtConstructor && i === 0)) break;
    try {
      bindCall(`Image.${call.method}`, info.params, call.args, call.kwargs);
    } catch {
      break; // TypeError: IS501's, or an unknown argument list
    }
    const args = new Map<string, BoundArg>();
    const varargs: ArgRef[] = [];
    const positional = info.params.filter((p) => p.kind === 'positional');
    const star = info.params.find((p) => p.kind === 'varargs');
    call.args.forEach((v, k) => {
      if (k < positional.length) args.set(positional[k].name, { value: v, ref: { call: i, param: positional[k].name, pos: k } });
      else if (star) varargs.push({ call: i, param: star.name, pos: k });
    });
    if (star) {
      const items = call.args.slice(positional.length);
      args.set(star.name, { value: { kind: 'tuple', items }, ref: varargs[0] ?? { call: i, param: star.name } });
    }
    for (const [name, value] of call.kwargs) args.set(name, { value, ref: { call: i, param: name, kw: name } });
    out.push({ index: i, method: call.method, info, args, varargs });
  }
  return out;
}

/** Python truthiness, or undefined when the value is not known. */
export function truth(v: ArgValue | undefined): boolean | undefined {
  if (!v) return false;
  try {
    return truthy(v);
  } catch (e) {
    if (e instanceof Unknowable) return undefined;
    throw e;
  }
}

/** What a `with_*` call meets: the image so far. `undefined` fields are not known. */
export interface ImageState {
  extendable: boolean | undefined;
  /** The image has a (truthy) name. */
  named: boolean | undefined;
  dockerfile: boolean | undefined;
  /** The constructor the chain starts with. */
  origin: string;
  /** The index of the last `clone` call so far, if any. */
  lastClone?: number;
  /** The image's base image URI when a literal (`from_base("python:3.12")`), for a suggested name. */
  baseImage?: string;
}

/** The first layer the SDK refuses, and why (Image.clone, I:968-987). */
export interface LayerRefusal {
  call: number;
  why: 'non-extendable' | 'dockerfile' | 'nameless';
  state: ImageState;
}

/** The state right after a constructor call, as flyte-sdk builds it. */
function construct(c: BoundCall): ImageState | undefined {
  const origin = c.method;
  switch (c.method) {
    case 'from_debian_base':
    case 'from_uv_script':
      // Both give an extendable image: a clone with registry / name, else the preset named "flyte".
      return { extendable: true, named: true, dockerfile: false, origin };
    case 'from_base': {
      const uri = valueOf(c, 'image_uri');
      return { extendable: false, named: false, dockerfile: false, origin, baseImage: uri?.kind === 'str' ? uri.value : undefined };
    }
    case 'from_ref_name': {
      const name = valueOf(c, 'name');
      return { extendable: false, named: name === undefined ? true : truth(name), dockerfile: false, origin };
    }
    case 'from_dockerfile':
      // `file` is made a Path when a str; a Path is always truthy.
      return { extendable: false, named: truth(valueOf(c, 'name')), dockerfile: true, origin };
  }
  return undefined;
}

/**
 * Walks the chain as Image.clone would: the first `with_*` layer the SDK
 * refuses, or undefined when every layer is accepted or it cannot be told
 * (an unknown value on the way ends the walk without a verdict).
 */
export function firstRefusedLayer(chain: readonly BoundCall[]): LayerRefusal | undefined {
  if (!chain.length) return undefined;
  let state = construct(chain[0]);
  if (!state) return undefined;
  for (const c of chain.slice(1)) {
    if (c.info.kind === 'clone') {
      if (c.args.has('addl_layer')) return undefined; // internal
      const name = truth(valueOf(c, 'name'));
      const ext = valueOf(c, 'extendable');
      let extendable: boolean | undefined = state.extendable;
      if (ext && ext.kind !== 'none') extendable = truth(ext);
      const base = valueOf(c, 'base_image');
      state = {
        ...state,
        named: name === true ? true : name === undefined ? (state.named === true ? true : undefined) : state.named,
        extendable,
        lastClone: c.index,
        baseImage: base === undefined || truth(base) === false ? state.baseImage : base.kind === 'str' ? base.value : undefined,
      };
      continue;
    }
    if (c.info.kind !== 'layer') return undefined;
    // with_source_file([]) adds no layer: nothing is refused.
    const src = c.method === 'with_source_file' ? valueOf(c, 'src') : undefined;
    if (src?.kind === 'list' && src.items.length === 0) continue;
    // The order of Image.clone's checks: extendable, Dockerfile, name.
    if (state.extendable === undefined) return undefined;
    if (!state.extendable) return { call: c.index, why: 'non-extendable', state };
    if (state.dockerfile === undefined) return undefined;
    if (state.dockerfile) return { call: c.index, why: 'dockerfile', state };
    if (state.named === undefined) return undefined;
    if (!state.named) return { call: c.index, why: 'nameless', state };
  }
  return undefined;
}

/**
 * A name for an image made from `uri`, for a suggested `clone(name=...)`: the
 * last path segment of the repository, without tag or digest
 * (`ghcr.io/acme/training-base:latest` -> `training-base`).
 */
export function suggestedName(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  let s = uri.split('@')[0];
  const slash = s.lastIndexOf('/');
  const colon = s.lastIndexOf(':');
  if (colon > slash) s = s.slice(0, colon);
  const last = s.slice(slash + 1).toLowerCase();
  return /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(last) ? last : undefined;
}

// ---------------------------------------------------------------------------
// The chain as the rules see it in the source: what the extractor gives, put
// behind one small interface so that each rule maps an ArgRef to a range and
// builds its edits the same way.

/** One chain of a file: its calls (constructor first) and where each part is written. */
export interface ChainView {
  /** The declaring file. */
  file: string;
  calls: ImageCall[];
  /** calls[0] is the constructor; false when the chain starts at something we cannot see (`make_image().with_x()`). */
  complete: boolean;
  /** The first call written in this declaration: earlier ones are a base image's, reported there. */
  ownFrom: number;
  /** Call `i` passes `*args` / `**kwargs`. */
  opaque(i: number): boolean;
  /** The method name of call `i` (`from_base`, `with_pip_packages`). */
  nameRange(i: number): Range;
  /** Call `i` from its dot (the constructor: from its callee) to its closing parenthesis. */
  callRange(i: number): Range;
  /** The model value written for an argument (ranges, literal origin), when there is one. */
  argValue(ref: ArgRef): Value | undefined;
  /** The whole argument (`name=value`, or the value when positional). */
  argRange(ref: ArgRef): Range | undefined;
}

/** The range of an argument's value, falling back to the call's name. */
export function valueRange(view: ChainView, ref: ArgRef): Range {
  return view.argValue(ref)?.range ?? view.nameRange(ref.call);
}

/**
 * An edit that adds `text` (`extendable=True`) as the last argument of call
 * `i`, before its closing parenthesis, with the separator the call needs.
 */
export function appendArgEdit(view: ChainView, lines: LineIndex, i: number, text: string): TextEdit | undefined {
  const r = view.callRange(i);
  const src = lines.slice(r);
  if (!src.endsWith(')')) return undefined;
  const open = src.indexOf('(');
  if (open < 0) return undefined;
  const inner = src.slice(open + 1, -1);
  // A comment among the arguments could swallow the insertion: no edit then.
  if (inner.includes('#')) return undefined;
  const trimmed = inner.trimEnd();
  const sep = trimmed === '' ? '' : trimmed.endsWith(',') ? ' ' : ', ';
  const at = lines.positionAt(lines.offsetAt(r.end) - 1 - (inner.length - trimmed.length));
  return { range: { start: at, end: at }, newText: sep + text };
}

/** An edit inserting `text` right before call `i` (at its dot). */
export function insertBeforeCallEdit(view: ChainView, i: number, text: string): TextEdit {
  const at = view.callRange(i).start;
  return { range: { start: at, end: at }, newText: text };
}
