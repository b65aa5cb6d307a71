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

/**
 * A `pathlib.Path` built from known parts (Flyte 2 declarations only):
 * `Path("x")` is "x", relative to the folder flyte runs in;
 * `Path(__file__).parent / "x"` is absolute. Normalised as PurePosixPath.
 */
export interface PathValue extends ValueBase {
  kind: 'path';
  value: string;
}

/** A call an extractor recognises that is not a declaration: `flyte.Secret(key="x")` (Flyte 2 only). */
export interface CallValue extends ValueBase {
  kind: 'call';
  /** What is called, as its import target: `flyte.Secret`. */
  callee: string;
  args: Value[];
  kwargs: FieldArg[];
  /** `*x` / `**x` among the arguments. */
  opaque: boolean;
}

export type Value =
  | StrValue
  | PathValue
  | CallValue
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

/** What declares the image: flytekit's `ImageSpec` (and its YAML form), or Flyte 2's `flyte.Image` chains and environments. */
export type DeclKind = 'imagespec' | 'flyte2';

export interface ImageDecl {
  source: DeclSource;
  /** Absent on ImageSpec and YAML declarations (= 'imagespec'). */
  kind?: DeclKind;
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

/** One call of a Flyte 2 chain: the constructor (`flyte.Image.from_debian_base(...)`), `.clone(...)` or `.with_*(...)`. */
export interface FlyteCall extends ChainCall {
  /** `(` through `)`. */
  argsRange: Range;
  /** `*x` / `**x` among the arguments: what binds to what cannot be told. */
  opaque: boolean;
}

/** A Flyte 2 image: a chain from an `Image` constructor. */
export interface FlyteImageInfo {
  role: 'image';
  /** The calls in order, constructor first, including those inherited from `base`. */
  calls: FlyteCall[];
  /** Index of the first call this declaration writes; calls before it are `base`'s (which reports them). */
  ownFrom: number;
  /** The declaration extended (`gpu = base.with_pip_packages(...)`, `base` a module-level image). */
  base?: Flyte2Decl;
  /** False when the chain does not start at a known constructor: `calls` are then only its own, and nothing is evaluated. */
  complete: boolean;
  /** Why the start is not known, when `complete` is false. */
  unknownStart?: string;
  /** The module-level name the image is assigned to (`gpu = ...`). */
  variable?: string;
}

/** `flyte.TaskEnvironment(...)` / `AppEnvironment(...)`: which image it runs on. */
export interface FlyteEnvInfo {
  role: 'environment';
  /** The class as named by flyte (`TaskEnvironment`, `AppEnvironment`, a plugin's `FastAPIAppEnvironment`). */
  callee: string;
  /**
   * The `image=` argument; absent means "auto". A `str` is an image
   * reference ("auto": the default image); `spec` holds the Flyte2Decl of an
   * Image (inline or through a module-level name).
   */
  image?: FieldArg;
  /**
   * `env.clone_with(...)`: the environment cloned. Without its own `image=`
   * the clone runs on that environment's image (imageOfEnv), not "auto".
   */
  clonedFrom?: Flyte2Decl;
}

/** The `image=` an environment runs on: its own, else the one of the environment it was cloned from. */
export function imageOfEnv(env: FlyteEnvInfo): FieldArg | undefined {
  const seen = new Set<FlyteEnvInfo>();
  for (let e: FlyteEnvInfo | undefined = env; e && !seen.has(e); e = e.clonedFrom?.flyte.role === 'environment' ? e.clonedFrom.flyte : undefined) {
    seen.add(e);
    if (e.image) return e.image;
  }
  return undefined;
}

/** A Flyte 2 declaration: an image chain or an environment. */
export interface Flyte2Decl extends ImageDecl {
  kind: 'flyte2';
  flyte: FlyteImageInfo | FlyteEnvInfo;
}

export function isFlyte2(d: ImageDecl): d is Flyte2Decl {
  return d.kind === 'flyte2';
}

/** The kind of a declaration ('imagespec' when unset). */
export function declKind(d: ImageDecl): DeclKind {
  return d.kind ?? 'imagespec';
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
