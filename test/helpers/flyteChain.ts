// Test helpers for the Flyte 2 rules' pure checks: a chain written compactly
// as JavaScript values, turned into server/flyte's ImageCall / ArgValue.

import type { ImageCall } from '../../server/flyte/context';
import type { ArgValue } from '../../server/flyte/value';
import { bindChain, type BoundCall } from '../../rules/shared/flyteChain';

export type Py = string | number | boolean | null | readonly Py[] | { readonly tuple: readonly Py[] } | { path: string } | { float: number } | { unknown: string } | { dict: Array<[Py, Py]> };

/** JS -> ArgValue: str, int, bool, None, list; {tuple}, {path}, {float}, {unknown}, {dict}. */
export function py(v: Py): ArgValue {
  if (v === null) return { kind: 'none' };
  if (typeof v === 'string') return { kind: 'str', value: v };
  if (typeof v === 'number') return { kind: 'int', value: v };
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (isArray(v)) return { kind: 'list', items: v.map(py) };
  if ('tuple' in v) return { kind: 'tuple', items: v.tuple.map(py) };
  if ('path' in v) return { kind: 'path', value: v.path };
  if ('float' in v) return { kind: 'float', value: v.float };
  if ('dict' in v) return { kind: 'dict', entries: v.dict.map(([k, x]) => [py(k), py(x)]) };
  return { kind: 'unknown', reason: v.unknown };
}

function isArray(v: Py): v is readonly Py[] {
  return Array.isArray(v);
}

/** One call: method, positional arguments, keyword arguments. */
export function call(method: string, args: Py[] = [], kwargs: Record<string, Py> = {}): ImageCall {
  return { method, args: args.map(py), kwargs: Object.entries(kwargs).map(([k, x]) => [k, py(x)]) };
}

/** A chain bound for flyte 2.6.5. */
export function bound(...calls: ImageCall[]): BoundCall[] {
  return bindChain(calls, '2.6.5');
}
