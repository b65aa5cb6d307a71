// The one model every rule reads. Extractors (Python via tree-sitter, YAML
// spec files, later Flyte 2's flyte.Image) produce ImageDecl; rules never see
// syntax trees. Nothing here is ImageSpec-only: a declaration is a set of
// named fields with resolved values and exact source ranges.

import type { Range } from './position';

/** Where a string value came from, when it is not a plain literal at the use site. */
export interface StrOrigin {
  /** The range of the single literal that produced the value (may be a module constant's literal, or an env default). */
  literalRange: Range;
  /** The literal's quote character (`"`, `'`, `"""`, `'''`), for re-quoting in fixes; undefined for YAML plain scalars. */
  quote?: string;
  /** The literal's prefix letters as written (`r`, `b`, `u`, ...), lowercased. */
  prefix?: string;
}

interface ValueBase {
  /** The expression's range at the use site (the keyword's value). */
  range: Range;
}

export interface StrValue extends ValueBase {
  kind: 'str';
  value: string;
  /** Set when the whole value comes from exactly one string literal, so a fix can rewrite that literal. */
  origin?: StrOrigin;
  /** Set when the value is the default of `os.getenv("X", "d")` / `os.environ.get("X", "d")`: X. */
  envDefault?: string;
  /** The name of the module constant the value was read from, if any. */
  constant?: string;
}

export interface NumValue extends ValueBase {
  kind: 'num';
  value: number;
  /** The number as written in the source (`3.10`), which the float value loses. */
  text: string;
  isFloat: boolean;
}

export interface BoolValue extends ValueBase {
  kind: 'bool';
  value: boolean;
}

export interface NoneValue extends ValueBase {
  kind: 'none';
}

export interface ListValue extends ValueBase {
  kind: 'list';
  items: Value[];
  /** `tuple` for `(...)`, `set` for `{...}`; list otherwise. */
  form?: 'list' | 'tuple' | 'set';
}

export interface DictEntry {
  key: Value;
  value: Value;
}

export interface DictValue extends ValueBase {
  kind: 'dict';
  entries: DictEntry[];
  /** True when `**other` appears: more keys may exist than those listed. */
  open?: boolean;
}

/** A nested declaration used as a value: `base_image=ImageSpec(...)`. */
export interface SpecValue extends ValueBase {
  kind: 'spec';
  decl: ImageDecl;
}

/** Anything not resolvable with certainty. No rule reports on an unknown value. */
export interface UnknownValue extends ValueBase {
  kind: 'unknown';
  /** Why it is unknown, for hover and debugging: "call to f()", "name X assigned twice". */
  reason: string;
}

export type Value =
  | StrValue
  | NumValue
  | BoolValue
  | NoneValue
  | ListValue
  | DictValue
  | SpecValue
  | UnknownValue;

export interface FieldArg {
  /** Field name as written (`registry`). For positional arguments, the field they bind to. */
  name: string;
  /** Range of the keyword name; for positional arguments, the value's range. */
  nameRange: Range;
  value: Value;
  /** Range of `name=value` as a whole (for deleting or replacing an argument). */
  range: Range;
  positional?: boolean;
}

/** A builder method called on the declaration: `.with_packages([...])`, `.force_push()`. */
export interface ChainCall {
  method: string;
  nameRange: Range;
  /** The whole call from the dot to the closing parenthesis. */
  range: Range;
  args: Value[];
  kwargs: FieldArg[];
}

export type DeclSource = 'python' | 'yaml';

export interface ImageDecl {
  source: DeclSource;
  /** Absolute path of the file that declares it. */
  file: string;
  /** The constructor call (`ImageSpec(...)`), or the YAML document. */
  range: Range;
  /** The callee as written (`ImageSpec`, `fl.ImageSpec`); the first key for YAML. */
  calleeRange: Range;
  /** Range of the argument list's parentheses, `(` through `)`; the YAML mapping for YAML. */
  argsRange: Range;
  fields: FieldArg[];
  /** Builder calls chained on the constructor, in source order. */
  chain: ChainCall[];
  /** True when `*args` / `**kwargs` are passed: fields may be set that we cannot see. */
  opaque: boolean;
  /** The declaration this one is the base_image of, if nested. */
  parent?: ImageDecl;
  /** Line of the start of the statement holding the call, for call-level suppressions. */
  statementLine: number;
}

export function field(decl: ImageDecl, name: string): FieldArg | undefined {
  // The last occurrence wins in YAML; Python rejects duplicates at compile time.
  for (let i = decl.fields.length - 1; i >= 0; i--) if (decl.fields[i].name === name) return decl.fields[i];
  return undefined;
}

/** The resolved string of a field, or undefined when absent, not a string or unknown. */
export function fieldStr(decl: ImageDecl, name: string): StrValue | undefined {
  const f = field(decl, name);
  return f && f.value.kind === 'str' ? f.value : undefined;
}

/** "the default of $X" provenance, for messages. */
export function describeOrigin(v: StrValue): string {
  if (v.envDefault) return ` (the default of $${v.envDefault})`;
  return '';
}
