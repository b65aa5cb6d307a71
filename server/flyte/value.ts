// The Python values a `flyte.Image` chain's arguments hold, as uri.ts takes
// them, and the bits of Python semantics the chain depends on: repr() (a
// Secret's repr and a packages list enter hashes and messages), truthiness,
// type names for messages, and pathlib.PurePosixPath's normalisation.
//
// The phase-B extractor produces these from the declaration model's `Value`s:
// str, num (float or int), bool, none, list (tuple form -> 'tuple'), dict and
// unknown map one to one; `pathlib.Path(...)` / `Path(__file__).parent / "x"`
// become 'path' (relative as written, or absolute when anchored on __file__);
// `flyte.Secret(...)` becomes 'secret' with its call's arguments.

import { reprStr } from '../model/pyStr';

export type ArgValue =
  | { kind: 'str'; value: string }
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'none' }
  | { kind: 'list'; items: ArgValue[] }
  | { kind: 'tuple'; items: ArgValue[] }
  | { kind: 'dict'; entries: Array<[ArgValue, ArgValue]> }
  /** `pathlib.Path(value)`: relative to the folder flyte runs in, or absolute. */
  | { kind: 'path'; value: string }
  /** `flyte.Secret(*args, **kwargs)` as written; defaulted and checked as Secret.__post_init__ does. */
  | { kind: 'secret'; args: ArgValue[]; kwargs: Array<[string, ArgValue]> }
  /** Not statically known; no rule and no URI relies on it. */
  | { kind: 'unknown'; reason: string };

export const arg = {
  str: (value: string): ArgValue => ({ kind: 'str', value }),
  int: (value: number): ArgValue => ({ kind: 'int', value }),
  bool: (value: boolean): ArgValue => ({ kind: 'bool', value }),
  none: { kind: 'none' } as ArgValue,
  list: (...items: ArgValue[]): ArgValue => ({ kind: 'list', items }),
  tuple: (...items: ArgValue[]): ArgValue => ({ kind: 'tuple', items }),
  path: (value: string): ArgValue => ({ kind: 'path', value }),
  unknown: (reason: string): ArgValue => ({ kind: 'unknown', reason }),
};

/** Raised while evaluating a chain when a value that matters is not known. */
export class Unknowable extends Error {}

/** A Python exception the SDK would raise, with its class name and exact message. */
export class PyException extends Error {
  constructor(
    readonly pyType: string,
    message: string,
  ) {
    super(message);
  }
}

/** The class name Python prints for a value (`'str' object has no attribute ...`). */
export function typeName(v: ArgValue): string {
  switch (v.kind) {
    case 'none':
      return 'NoneType';
    case 'path':
      return 'PosixPath';
    case 'secret':
      return 'Secret';
    case 'unknown':
      throw new Unknowable(v.reason);
    default:
      return v.kind;
  }
}

export function truthy(v: ArgValue): boolean {
  switch (v.kind) {
    case 'str':
      return v.value.length > 0;
    case 'int':
    case 'float':
      return v.value !== 0;
    case 'bool':
      return v.value;
    case 'none':
      return false;
    case 'list':
    case 'tuple':
      return v.items.length > 0;
    case 'dict':
      return v.entries.length > 0;
    case 'path':
    case 'secret':
      return true;
    case 'unknown':
      throw new Unknowable(v.reason);
  }
}

function reprInt(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Unknowable(`the number ${n} is not an exact integer`);
  return String(n);
}

/** Python's repr(); a Secret must have been evaluated (secret.ts) first. */
export function pyRepr(v: ArgValue): string {
  switch (v.kind) {
    case 'str':
      return reprStr(v.value);
    case 'int':
      return reprInt(v.value);
    case 'float':
      throw new Unknowable('the repr of a float is not modelled here');
    case 'bool':
      return v.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'list':
      return '[' + v.items.map(pyRepr).join(', ') + ']';
    case 'tuple':
      return v.items.length === 1 ? '(' + pyRepr(v.items[0]) + ',)' : '(' + v.items.map(pyRepr).join(', ') + ')';
    case 'dict':
      return '{' + v.entries.map(([k, x]) => pyRepr(k) + ': ' + pyRepr(x)).join(', ') + '}';
    case 'path':
      return `PosixPath(${reprStr(purePath(v.value).str)})`;
    case 'secret':
      throw new Unknowable('an unevaluated Secret');
    case 'unknown':
      throw new Unknowable(v.reason);
  }
}

/** Python's str(): the text of a str, the normalised path of a Path, repr otherwise. */
export function pyStr(v: ArgValue): string {
  if (v.kind === 'str') return v.value;
  if (v.kind === 'path') return purePath(v.value).str;
  return pyRepr(v);
}

export interface PurePath {
  /** str(PurePosixPath(text)). */
  str: string;
  /** .name: the last part, '' for '/' and '.'. */
  name: string;
  /** .suffix: from the last '.' of name, when that dot is neither first nor last. */
  suffix: string;
  /** str(.parent). */
  parent: string;
  absolute: boolean;
}

/**
 * pathlib.PurePosixPath semantics (CPython 3.10-3.13): empty parts and '.'
 * parts are dropped, '..' is kept, exactly two leading slashes are kept and
 * three or more collapse to one, an empty path is '.'.
 */
export function purePath(text: string): PurePath {
  let root = '';
  if (text.startsWith('/')) root = text.startsWith('//') && !text.startsWith('///') ? '//' : '/';
  const parts = text.split('/').filter((p) => p !== '' && p !== '.');
  const str = root + parts.join('/') || '.';
  const name = parts.length ? parts[parts.length - 1] : '';
  const dot = name.lastIndexOf('.');
  const suffix = dot > 0 && dot < name.length - 1 ? name.slice(dot) : '';
  const parentParts = parts.slice(0, -1);
  const parent = parts.length ? root + parentParts.join('/') || '.' : str;
  return { str, name, suffix, parent, absolute: root !== '' };
}
