// Builds ImageDecl objects for tests from a compact description, without a
// parser, and the same description as the JSON the Python tag oracle
// (test/oracle/flytekit_tag.py) reads, so one description feeds both sides.

import type { ChainCall, DictEntry, FieldArg, ImageDecl, Value } from '../../server/model/decl';
import { range, type Range } from '../../server/model/position';

const R: Range = range(0, 0, 0, 0);

/** A description of a source value. Plain strings, booleans, null, arrays and objects (str-keyed dicts) stand for themselves; integers are JS integers. */
export type D =
  | string
  | number
  | boolean
  | null
  | D[]
  | { [key: string]: D }
  | FloatD
  | IntD
  | TupleD
  | DictD
  | SpecD
  | UnknownD;

export interface FloatD { readonly __kind: 'float'; value: number; text?: string }
export interface IntD { readonly __kind: 'int'; text: string }
export interface TupleD { readonly __kind: 'tuple'; items: D[] }
export interface DictD { readonly __kind: 'dict'; entries: Array<[D, D]>; open?: boolean }
export interface SpecD { readonly __kind: 'spec'; spec: SpecDesc }
export interface UnknownD { readonly __kind: 'unknown'; reason: string }

export interface SpecDesc {
  fields?: Record<string, D>;
  /** Builder calls: [method] or [method, argument]. */
  chain?: Array<[string] | [string, D]>;
  opaque?: boolean;
}

export const float = (value: number, text?: string): FloatD => ({ __kind: 'float', value, text });
export const bigint = (text: string): IntD => ({ __kind: 'int', text });
export const tuple = (...items: D[]): TupleD => ({ __kind: 'tuple', items });
export const dict = (entries: Array<[D, D]>, open = false): DictD => ({ __kind: 'dict', entries, open });
export const spec = (s: SpecDesc): SpecD => ({ __kind: 'spec', spec: s });
export const unknown = (reason = 'call to f()'): UnknownD => ({ __kind: 'unknown', reason });

function kindOf(d: D): string | undefined {
  return d !== null && typeof d === 'object' && !Array.isArray(d) && '__kind' in d ? (d as { __kind: string }).__kind : undefined;
}

export function toValue(d: D, file = '/project/app.py'): Value {
  if (d === null) return { kind: 'none', range: R };
  if (typeof d === 'string') return { kind: 'str', value: d, range: R };
  if (typeof d === 'boolean') return { kind: 'bool', value: d, range: R };
  if (typeof d === 'number') {
    if (!Number.isInteger(d)) throw new Error('use float() for floats');
    return { kind: 'num', value: d, text: String(d), isFloat: false, range: R };
  }
  if (Array.isArray(d)) return { kind: 'list', items: d.map((x) => toValue(x, file)), form: 'list', range: R };
  switch (kindOf(d)) {
    case 'float': {
      const x = d as FloatD;
      return { kind: 'num', value: x.value, text: x.text ?? String(x.value), isFloat: true, range: R };
    }
    case 'int': {
      const x = d as IntD;
      return { kind: 'num', value: Number(x.text.replace(/_/g, '')), text: x.text, isFloat: false, range: R };
    }
    case 'tuple':
      return { kind: 'list', items: (d as TupleD).items.map((x) => toValue(x, file)), form: 'tuple', range: R };
    case 'dict': {
      const x = d as DictD;
      const entries: DictEntry[] = x.entries.map(([k, v]) => ({ key: toValue(k, file), value: toValue(v, file) }));
      return { kind: 'dict', entries, open: x.open, range: R };
    }
    case 'spec':
      return { kind: 'spec', decl: buildDecl((d as SpecD).spec, file), range: R };
    case 'unknown':
      return { kind: 'unknown', reason: (d as UnknownD).reason, range: R };
  }
  const obj = d as Record<string, D>;
  return {
    kind: 'dict',
    entries: Object.entries(obj).map(([k, v]) => ({ key: toValue(k, file), value: toValue(v, file) })),
    range: R,
  };
}

/** An ImageDecl as a Python extractor would produce it for `ImageSpec(**fields).chain...`. */
export function buildDecl(desc: SpecDesc, file = '/project/app.py'): ImageDecl {
  const fields: FieldArg[] = Object.entries(desc.fields ?? {}).map(([name, v]) => ({
    name,
    nameRange: R,
    value: toValue(v, file),
    range: R,
  }));
  const chain: ChainCall[] = (desc.chain ?? []).map((c) => ({
    method: c[0],
    nameRange: R,
    range: R,
    args: c.length > 1 ? [toValue(c[1] as D, file)] : [],
    kwargs: [],
  }));
  return {
    source: 'python',
    file,
    range: R,
    calleeRange: R,
    argsRange: R,
    fields,
    chain,
    opaque: !!desc.opaque,
    statementLine: 0,
  };
}

/** The description as the oracle's JSON value encoding. */
export function toOracleValue(d: D): unknown {
  if (d === null || typeof d === 'string' || typeof d === 'boolean') return d;
  if (typeof d === 'number') return Number.isSafeInteger(d) ? d : { __int__: String(d) };
  if (Array.isArray(d)) return d.map(toOracleValue);
  switch (kindOf(d)) {
    case 'float':
      // float() of the text; String(-0) would lose the sign.
      return { __float__: Object.is((d as FloatD).value, -0) ? '-0.0' : String((d as FloatD).value) };
    case 'int':
      return { __int__: (d as IntD).text.replace(/_/g, '') };
    case 'tuple':
      return { __tuple__: (d as TupleD).items.map(toOracleValue) };
    case 'dict':
      return { __dict__: (d as DictD).entries.map(([k, v]) => [toOracleValue(k), toOracleValue(v)]) };
    case 'spec':
      return { __spec__: toOracleSpec((d as SpecD).spec) };
    case 'unknown':
      throw new Error('an unknown value has no Python counterpart');
  }
  return { __dict__: Object.entries(d as Record<string, D>).map(([k, v]) => [k, toOracleValue(v)]) };
}

export function toOracleSpec(desc: SpecDesc): unknown {
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(desc.fields ?? {})) fields[k] = toOracleValue(v);
  return { fields, chain: (desc.chain ?? []).map((c) => (c.length > 1 ? [c[0], toOracleValue(c[1] as D)] : [c[0]])) };
}

/** The inverse of toOracleValue: a description from the oracle's JSON value encoding (used for recorded golden specs). */
export function fromOracleValue(v: unknown): D {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new Error('floats are encoded as {"__float__": ...}');
    return v;
  }
  if (Array.isArray(v)) return v.map(fromOracleValue);
  const o = v as Record<string, unknown>;
  if ('__float__' in o) return float(Number(o.__float__), String(o.__float__));
  if ('__int__' in o) return bigint(String(o.__int__));
  if ('__tuple__' in o) return tuple(...(o.__tuple__ as unknown[]).map(fromOracleValue));
  if ('__dict__' in o) return dict((o.__dict__ as Array<[unknown, unknown]>).map(([k, x]) => [fromOracleValue(k), fromOracleValue(x)] as [D, D]));
  if ('__spec__' in o) return spec(fromOracleSpec(o.__spec__));
  throw new Error(`untagged object in the oracle encoding: ${JSON.stringify(v)}`);
}

export function fromOracleSpec(s: unknown): SpecDesc {
  const o = (s ?? {}) as { fields?: Record<string, unknown>; chain?: unknown[][] };
  const fields: Record<string, D> = {};
  for (const [k, v] of Object.entries(o.fields ?? {})) fields[k] = fromOracleValue(v);
  const chain = (o.chain ?? []).map((c) => (c.length > 1 ? [String(c[0]), fromOracleValue(c[1])] : [String(c[0])]) as [string] | [string, D]);
  return { fields, chain };
}
