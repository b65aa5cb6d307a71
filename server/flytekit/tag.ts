// The image tag and full image name flytekit computes for an ImageSpec,
// mirroring flytekit/image_spec/image_spec.py at the commit in ./version.ts.
//
// Two layers:
//  (a) a pure core over Python values (./pyrepr.ts): build a spec as
//      ImageSpec.__init__/__post_init__ does, apply builder methods, compute
//      ImageSpec.tag / ImageSpec.id / image_name();
//  (b) computeImageRef(decl, opts): converts an ImageDecl (resolved source
//      values) into Python values and runs the core, or says why it cannot.
//
// The algorithm, as in the source followed:
//   tag:  spec = deepcopy(self)
//         base_image ImageSpec  -> base_image = base_image.image_name()
//         source_copy_mode set (implied by source_root) -> source_root = digest of files   [we: unknown]
//         copy truthy           -> copy = compute_digest(copy)                              [we: unknown]
//         requirements truthy   -> requirements = sha1(read_bytes(path).strip()).hexdigest()
//         registry_config = None
//         tag = spec.id.replace("-", "_"); tag_format.format(spec_hash=tag) when tag_format is truthy
//   id:   asdict(spec, dict_factory=drop None values and "pip_secret_mounts")
//         base64.urlsafe_b64encode(md5(str(dict).encode("utf-8")).digest()).decode("ascii").rstrip("=")
//   image_name(): f"{name}:{tag}", prefixed by f"{registry}/" when registry is truthy; a builder
//         may map it to another name (the noop builder: base_image).

import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { ImageDecl, Value } from '../model/decl';
import { builderMethod, fieldInfo, IMAGE_SPEC_FIELDS, isValidRegistry } from './fields';
import { asdict, bytesStrip, makeDict, py, pyFormat, PyError, pyLower, pyRepr, truthy, type PyValue } from './pyrepr';

// ---------------------------------------------------------------------------
// (a) Core

/** A constructed ImageSpec: every dataclass field, in order, with defaults filled in. */
export interface Spec {
  values: Map<string, PyValue>;
  /** `_is_force_push`; not a dataclass field, so never hashed. */
  forcePush: boolean;
}

/** Whatever the tag computation needs from outside. */
export interface TagEnv {
  /**
   * The bytes of a file named by `requirements`, as Python's
   * pathlib.Path(p).read_bytes() would read it from the working directory
   * (pyflyte's, the project root); undefined when it cannot be read.
   */
  readRequirements(p: string): Buffer | undefined;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };

function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

/** The names __post_init__ requires to be None or a list of str (parameters_str_list). */
const CHECKED_STR_LISTS = IMAGE_SPEC_FIELDS.filter((x) => x.checkedStrList).map((x) => x.name);

function defaultValue(name: string): PyValue {
  const info = fieldInfo(name)!;
  return info.default === null ? py.none : py.str(info.default);
}

function get(spec: Spec, name: string): PyValue {
  return spec.values.get(name) ?? py.none;
}

/**
 * ImageSpec(**kwargs): __init__ fills the defaults, __post_init__ lowercases
 * `name` and `registry`, validates the registry, implies `source_copy_mode`
 * from `source_root`, and checks the list-of-str fields and
 * `pip_secret_mounts`. A Python exception comes back as a reason.
 */
export function constructSpec(kwargs: Record<string, PyValue>): Outcome<Spec> {
  const values = new Map<string, PyValue>();
  for (const name of Object.keys(kwargs)) {
    if (!fieldInfo(name)) return fail(`\`${name}\` is not an ImageSpec field (TypeError)`);
  }
  for (const info of IMAGE_SPEC_FIELDS) values.set(info.name, kwargs[info.name] ?? defaultValue(info.name));

  // self.name = self.name.lower()
  const name = values.get('name')!;
  if (name.t !== 'str') return fail('`name` is not a string: flytekit calls name.lower() (AttributeError)');
  values.set('name', py.str(pyLower(name.v)));

  // if self.registry: self.registry = self.registry.lower(); validate_container_registry_name(...)
  const registry = values.get('registry')!;
  if (truthy(registry)) {
    if (registry.t !== 'str') return fail('`registry` is not a string: flytekit calls registry.lower() (AttributeError)');
    const lowered = pyLower(registry.v);
    if (!isValidRegistry(lowered)) return fail(`flytekit rejects the registry '${lowered}' (ValueError: invalid container registry name)`);
    values.set('registry', py.str(lowered));
  }

  // if self.source_root is not None: self.source_copy_mode = self.source_copy_mode or LOADED_MODULES
  if (values.get('source_root')!.t !== 'none' && !truthy(values.get('source_copy_mode')!)) {
    values.set('source_copy_mode', { t: 'enum', cls: 'CopyFileDetection', member: 'LOADED_MODULES', value: py.int(1) });
  }

  for (const field of CHECKED_STR_LISTS) {
    const v = values.get(field)!;
    const ok = v.t === 'none' || (v.t === 'list' && v.items.every((x) => x.t === 'str'));
    if (!ok) return fail(`flytekit rejects \`${field}\`: it must be a list of strings or None (ValueError)`);
  }

  const mounts = values.get('pip_secret_mounts')!;
  if (mounts.t !== 'none') {
    const ok =
      mounts.t === 'list' &&
      mounts.items.every((x) => x.t === 'tuple' && x.items.length === 2 && x.items.every((y) => y.t === 'str'));
    if (!ok) return fail('flytekit rejects `pip_secret_mounts`: it must be a list of (str, str) tuples or None (ValueError)');
  }
  return { ok: true, value: { values, forcePush: false } };
}

/** dataclasses.replace(spec, **changes): a fresh __init__ + __post_init__ (which resets _is_force_push). */
export function replaceSpec(spec: Spec, changes: Record<string, PyValue>): Outcome<Spec> {
  const kwargs: Record<string, PyValue> = {};
  for (const [k, v] of spec.values) kwargs[k] = v;
  // source_copy_mode was possibly implied by __post_init__; replace passes it on as a field value.
  Object.assign(kwargs, changes);
  return constructSpec(kwargs);
}

/**
 * A chained builder call, as flytekit runs it. `arg` is the single argument
 * (undefined for force_push).
 *  - with_packages / with_apt_packages / with_commands / with_copy (and the
 *    newer with_runtime_packages): `_update_attribute`: current value or [],
 *    a str is appended, a list extends, anything else is silently ignored;
 *    then dataclasses.replace.
 *  - with_builder_options (newer than the source followed): the dict is
 *    merged into builder_options; the tag of such a spec is reported unknown anyway.
 *  - force_push(): a deep copy with _is_force_push = True.
 */
export function applyBuilder(spec: Spec, method: string, arg: PyValue | undefined): Outcome<Spec> {
  const m = builderMethod(method);
  if (!m) return fail(`\`.${method}()\` is not an ImageSpec builder method`);
  if (m.mode === 'flag') {
    if (arg !== undefined) return fail(`\`.${method}()\` takes no argument (TypeError)`);
    return { ok: true, value: { values: new Map(spec.values), forcePush: true } };
  }
  if (arg === undefined) return fail(`\`.${method}()\` needs one argument (TypeError)`);
  const field = m.field!;
  const current = get(spec, field);
  if (m.mode === 'merge') {
    if (arg.t !== 'dict') return fail(`\`.${method}()\` needs a dict`);
    const before = current.t === 'dict' ? current.entries : [];
    return replaceSpec(spec, { [field]: makeDict([...before, ...arg.entries]) });
  }
  // copy.deepcopy(getattr(self, attr)) or []
  if (truthy(current) && current.t !== 'list') return fail(`\`${field}\` is not a list; \`.${method}()\` cannot append to it`);
  const items: PyValue[] = current.t === 'list' ? [...current.items] : [];
  if (arg.t === 'str') items.push(arg);
  else if (arg.t === 'list') items.push(...arg.items);
  // isinstance(values, str) / isinstance(values, list); anything else leaves the list as it was.
  return replaceSpec(spec, { [field]: py.list(items) });
}

/**
 * The full name of a nested base ImageSpec, as the outer spec's tag sees it:
 * ImageBuildEngine.build() builds the base first, and image_name() then
 * returns the name the builder reported, if any. The noop builder reports its
 * base_image; the default builder (and an unset builder, flytekit alone)
 * reports none, so the computed name stands. Other builders decide
 * their own names, which we cannot know.
 */
function builtImageName(spec: Spec, env: TagEnv): Outcome<string> {
  const builder = get(spec, 'builder');
  if (builder.t === 'str' && builder.v === 'noop') {
    const base = get(spec, 'base_image');
    if (base.t === 'str') return { ok: true, value: base.v };
    return fail('a noop-built base ImageSpec needs a string base_image (ValueError)');
  }
  if (builder.t !== 'none' && !(builder.t === 'str' && builder.v === 'default')) {
    return fail(`the name of a base ImageSpec built by the \`${builder.t === 'str' ? builder.v : pyRepr(builder)}\` builder is decided by that builder`);
  }
  const name = imageName(spec, env);
  return name.ok ? { ok: true, value: name.value.fullName } : name;
}

/** What is hashed and how: the dict whose str() flytekit hashes, and the digest of it. */
export interface SpecHash {
  /** str(asdict(...)) exactly as flytekit encodes it to UTF-8 before md5. */
  hashedText: string;
  /** spec.id: urlsafe base64 of the md5, padding stripped. */
  id: string;
  /** id with "-" replaced by "_", before tag_format. */
  specHash: string;
  tag: string;
}

/** ImageSpec.tag. */
export function computeTag(spec: Spec, env: TagEnv): Outcome<SpecHash> {
  let cur = spec;
  const step = (changes: Record<string, PyValue>): string | undefined => {
    const r = replaceSpec(cur, changes);
    if (!r.ok) return r.reason;
    cur = r.value;
    return undefined;
  };

  // if isinstance(spec.base_image, ImageSpec): spec = replace(spec, base_image=spec.base_image.image_name())
  const base = get(cur, 'base_image');
  if (base.t === 'dataclass') {
    const nested = (base as NestedSpec).spec;
    if (!nested) return fail('nested base_image spec without its model');
    const name = builtImageName(nested, env);
    if (!name.ok) return name;
    const err = step({ base_image: py.str(name.value) });
    if (err) return fail(err);
  }

  // if self.source_copy_mode is not None and != NO_COPY: ... source_root = ls_digest (needs the files)
  if (get(spec, 'source_copy_mode').t !== 'none') {
    if (get(spec, 'source_root').t === 'none') return fail('`source_copy_mode` is set without `source_root` (ValueError)');
    return fail('`source_root` enters the tag as a digest of the files it holds, which is not computed statically');
  }
  // if self.copy: spec = replace(spec, copy=compute_digest(self.copy, None))
  if (truthy(get(spec, 'copy'))) return fail('`copy` enters the tag as a digest of the copied files, which is not computed statically');

  for (const info of IMAGE_SPEC_FIELDS) {
    if (info.hash === 'unverified' && get(cur, info.name).t !== 'none') {
      return fail(`\`${info.name}\` is newer than the flytekit source followed; how it enters the tag is not known`);
    }
  }

  // if spec.requirements: requirements = sha1(Path(spec.requirements).read_bytes().strip()).hexdigest()
  const req = get(cur, 'requirements');
  if (truthy(req)) {
    if (req.t !== 'str') return fail('`requirements` is not a string path (TypeError)');
    const bytes = env.readRequirements(req.v);
    if (!bytes) return fail(`the requirements file '${req.v}' cannot be read`);
    const digest = createHash('sha1').update(bytesStrip(bytes)).digest('hex');
    const err = step({ requirements: py.str(digest) });
    if (err) return fail(err);
  }

  // spec = replace(spec, registry_config=None)
  const err = step({ registry_config: py.none });
  if (err) return fail(err);

  const hashed = specId(cur);
  if (!hashed.ok) return hashed;
  const specHash = hashed.value.id.replace(/-/g, '_');
  let tag = specHash;
  // if self.tag_format: return self.tag_format.format(spec_hash=tag)
  const tagFormat = get(spec, 'tag_format');
  if (truthy(tagFormat)) {
    if (tagFormat.t !== 'str') return fail('`tag_format` is not a string (AttributeError)');
    const r = pyFormat(tagFormat.v, { spec_hash: specHash });
    if (!r.ok) {
      return 'error' in r
        ? fail(`\`tag_format\` fails in str.format (${r.error.pyType}: ${r.error.message})`)
        : fail(`\`tag_format\` uses a ${r.unsupported}, which is not emulated`);
    }
    tag = r.value;
  }
  return { ok: true, value: { hashedText: hashed.value.text, id: hashed.value.id, specHash, tag } };
}

/** A nested ImageSpec value: a dataclass instance carrying its constructed spec. */
export interface NestedSpec {
  t: 'dataclass';
  cls: string;
  fields: Array<[string, PyValue]>;
  spec: Spec;
}

/** Wraps a constructed spec as a Python value (for base_image=ImageSpec(...)). */
export function specValue(spec: Spec): PyValue {
  const v: NestedSpec = { t: 'dataclass', cls: 'ImageSpec', fields: [...spec.values], spec };
  return v;
}

/** ImageSpec.id over the spec as it stands. */
export function specId(spec: Spec): Outcome<{ text: string; id: string }> {
  // asdict(self, dict_factory=lambda x: {k: v for (k, v) in x if v is not None and k not in ["pip_secret_mounts"]})
  const factory = (pairs: Array<[string, PyValue]>) => pairs.filter(([k, v]) => v.t !== 'none' && k !== 'pip_secret_mounts');
  const top: PyValue = { t: 'dataclass', cls: 'ImageSpec', fields: [...spec.values] };
  let text: string;
  try {
    text = pyRepr(asdict(top, factory));
  } catch (e) {
    return fail((e as Error).message);
  }
  const md5 = createHash('md5').update(Buffer.from(text, 'utf8')).digest();
  // urlsafe_b64encode(...).decode("ascii").rstrip("="): Node's base64url has no padding.
  return { ok: true, value: { text, id: md5.toString('base64url') } };
}

export interface ImageName {
  registry?: string;
  name: string;
  tag: string;
  /** image_name(): `registry/name:tag`, or `name:tag` without a registry. */
  fullName: string;
  hash: SpecHash;
}

/** ImageSpec.image_name(), before any builder renames the image. */
export function imageName(spec: Spec, env: TagEnv): Outcome<ImageName> {
  const t = computeTag(spec, env);
  if (!t.ok) return t;
  const name = get(spec, 'name');
  if (name.t !== 'str') return fail('`name` is not a string');
  const registry = get(spec, 'registry');
  let fullName = `${name.v}:${t.value.tag}`;
  let reg: string | undefined;
  if (truthy(registry)) {
    if (registry.t !== 'str') return fail('`registry` is not a string');
    reg = registry.v;
    fullName = `${reg}/${fullName}`;
  }
  return { ok: true, value: { registry: reg, name: name.v, tag: t.value.tag, fullName, hash: t.value } };
}

// ---------------------------------------------------------------------------
// (b) Adapter over ImageDecl

export type ImageRef =
  | {
      ok: true;
      /** The lowercased registry, when set (and non-empty). */
      registry?: string;
      /** The lowercased image name. */
      name: string;
      tag: string;
      /** `registry/name:tag` as image_name() builds it. */
      fullName: string;
      /** With `builder="noop"` and a string base_image: the image the task really runs on (the base_image). */
      builtName?: string;
      /** True when the last builder call is `.force_push()` (a later with_* drops it). */
      forcePush: boolean;
      /** The exact text flytekit hashes with md5, for hover and debugging. */
      hashedText: string;
    }
  | { ok: false; reason: string };

export interface ImageRefOptions {
  /** Where pyflyte runs; a relative `requirements` path resolves against it. */
  projectRoot: string;
  readFile(absPath: string): Buffer | undefined;
}

/** Fields whose value never reaches the tag: an unknown value there does not make the tag unknown. */
const NOT_HASHED = new Set(['registry_config', 'pip_secret_mounts']);

function describe(name: string): string {
  return `\`${name}\``;
}

/** Python int from a number literal's text (`1_000`, `0x1F`, `0o17`, `0b101`, `-3`). */
function intFromText(text: string, value: number): bigint | undefined {
  const t = text.replace(/_/g, '').trim();
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|[0-9]+)$/.exec(t);
  if (m) {
    let digits = m[2];
    if (/^0[oO]/.test(digits)) digits = '0o' + digits.slice(2);
    else if (/^0[xX]/.test(digits)) digits = '0x' + digits.slice(2);
    else if (/^0[bB]/.test(digits)) digits = '0b' + digits.slice(2);
    else digits = digits.replace(/^0+(?=\d)/, '');
    const n = BigInt(digits);
    return m[1] === '-' ? -n : n;
  }
  return Number.isSafeInteger(value) ? BigInt(value) : undefined;
}

/** Converts a resolved source value into a Python value; a reason string when it cannot. */
export function toPy(v: Value, env: TagEnv): PyValue | string {
  switch (v.kind) {
    case 'unknown':
      return `not statically known (${v.reason})`;
    case 'str':
      return py.str(v.value);
    case 'num':
      if (v.isFloat) return py.float(v.value);
      {
        const n = intFromText(v.text, v.value);
        return n === undefined ? `the number ${v.text} is not an exact integer` : py.int(n);
      }
    case 'bool':
      return py.bool(v.value);
    case 'none':
      return py.none;
    case 'list': {
      const items: PyValue[] = [];
      for (const x of v.items) {
        const r = toPy(x, env);
        if (typeof r === 'string') return r;
        items.push(r);
      }
      if (v.form === 'tuple') return py.tuple(items);
      if (v.form === 'set') {
        if (items.length > 1) return 'a set of several elements has no fixed order in Python';
        return { t: 'set', items };
      }
      return py.list(items);
    }
    case 'dict': {
      if (v.open) return 'the dict has `**` entries that are not statically known';
      const pairs: Array<[PyValue, PyValue]> = [];
      for (const e of v.entries) {
        const k = toPy(e.key, env);
        if (typeof k === 'string') return k;
        const x = toPy(e.value, env);
        if (typeof x === 'string') return x;
        pairs.push([k, x]);
      }
      try {
        return makeDict(pairs);
      } catch (err) {
        return err instanceof PyError ? `the dict has a key Python rejects (${err.pyType}: ${err.message})` : String(err);
      }
    }
    case 'spec': {
      const s = declToSpec(v.decl, env);
      return s.ok ? specValue(s.value) : `the nested ImageSpec: ${s.reason}`;
    }
  }
}

/** Builds the spec a declaration makes, its builder chain applied. */
export function declToSpec(decl: ImageDecl, env: TagEnv): Outcome<Spec> {
  if (decl.opaque) return fail('`*args` / `**kwargs` may set fields that are not statically known');
  const kwargs: Record<string, PyValue> = {};
  for (const arg of decl.fields) {
    if (!fieldInfo(arg.name)) return fail(`\`${arg.name}\` is not an ImageSpec field (TypeError)`);
    if (arg.name in kwargs) return fail(`\`${arg.name}\` is given twice (TypeError)`);
    const r = toPy(arg.value, env);
    if (typeof r === 'string') {
      // A value that never reaches the tag and is not checked by flytekit in a way that matters: leave it out.
      if (NOT_HASHED.has(arg.name) && arg.value.kind === 'unknown') continue;
      return fail(`${describe(arg.name)} is ${r.startsWith('not statically known') ? r : `not usable: ${r}`}`);
    }
    kwargs[arg.name] = r;
  }
  const built = constructSpec(kwargs);
  if (!built.ok) return built;
  let spec = built.value;
  for (const call of decl.chain) {
    const m = builderMethod(call.method);
    if (!m) return fail(`\`.${call.method}()\` is not an ImageSpec builder method`);
    const given: Value[] = [...call.args, ...call.kwargs.filter((k) => k.name === m.param).map((k) => k.value)];
    if (call.kwargs.some((k) => k.name !== m.param)) return fail(`\`.${call.method}()\` gets an unexpected keyword argument (TypeError)`);
    if (m.mode === 'flag' ? given.length !== 0 : given.length !== 1) return fail(`\`.${call.method}()\` gets the wrong number of arguments (TypeError)`);
    let arg: PyValue | undefined;
    if (given.length === 1) {
      const r = toPy(given[0], env);
      if (typeof r === 'string') return fail(`the argument of \`.${call.method}()\` is ${r.startsWith('not statically known') ? r : `not usable: ${r}`}`);
      arg = r;
    }
    const next = applyBuilder(spec, call.method, arg);
    if (!next.ok) return next;
    spec = next.value;
  }
  return { ok: true, value: spec };
}

/** The image flytekit would build and reference for this declaration, or why it cannot be known statically. */
export function computeImageRef(decl: ImageDecl, opts: ImageRefOptions): ImageRef {
  const env: TagEnv = {
    // pathlib.Path(p).read_bytes() relative to the working directory, where pyflyte runs.
    readRequirements: (p) => {
      try {
        return opts.readFile(path.resolve(opts.projectRoot, p));
      } catch {
        return undefined;
      }
    },
  };
  const spec = declToSpec(decl, env);
  if (!spec.ok) return spec;
  const name = imageName(spec.value, env);
  if (!name.ok) return name;
  const builder = get(spec.value, 'builder');
  const base = get(spec.value, 'base_image');
  const builtName = builder.t === 'str' && builder.v === 'noop' && base.t === 'str' ? base.v : undefined;
  return {
    ok: true,
    registry: name.value.registry,
    name: name.value.name,
    tag: name.value.tag,
    fullName: name.value.fullName,
    builtName,
    forcePush: spec.value.forcePush,
    hashedText: name.value.hash.hashedText,
  };
}
