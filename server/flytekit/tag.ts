// The image tag and full image name a given flytekit release computes for an
// ImageSpec. What differs between releases (fields, __post_init__, how the
// builder methods copy, what is hashed) is read from the release's row in
// ./versions.ts; this file is the one algorithm those rows parametrise.
//
// Two layers:
//  (a) a pure core over Python values (./pyrepr.ts): build a spec as
//      ImageSpec.__init__/__post_init__ does, apply builder methods, compute
//      the tag and image_name();
//  (b) computeImageRef(decl, opts): converts an ImageDecl (resolved source
//      values) into Python values and runs the core for opts.flytekitVersion,
//      or says why the tag cannot be known.
//
// The algorithm (newest release; the rows say what older ones do instead):
//   tag:  spec = deepcopy(self)
//         base_image ImageSpec  -> base_image = base_image.image_name()            [1.13.5: kept, hashed by its fields]
//         source_copy_mode set (implied by source_root) -> source_root = digest   [we: unknown]
//         copy truthy           -> copy = compute_digest(copy)                     [we: unknown]
//         requirements truthy   -> requirements = sha1(read_bytes(path).strip())  [before 1.13.5: not stripped]
//         registry_config = None
//         tag = spec.id.replace("-", "_"); tag_format.format(spec_hash=tag) when tag_format is truthy
//   id:   asdict(spec, dict_factory=drop None values and the excluded fields)   [before 1.13.5: every field]
//         base64.urlsafe_b64encode(md5(str(dict).encode("utf-8")).digest()).decode("ascii").rstrip("=")
//   image_name(): f"{name}:{tag}", prefixed by f"{registry}/" when registry is truthy; a builder
//         may map it to another name (the noop builder: base_image).
//
// The tag assumes fast registration (the default of `pyflyte run --remote`
// and `pyflyte register`): without it, flytekit sets source_root to the
// project root before computing the tag, which then depends on the files.

import { createHash } from '../util/hashes';
import * as path from 'node:path';
import type { ImageDecl, Value } from '../model/decl';
import { builderMethod, fieldInfo, isValidRegistry } from './fields';
import { asdict, bytesStrip, makeDict, py, pyFormat, PyError, pyLower, pyRepr, truthy, type PyValue } from './pyrepr';
import { behaviourFor, type Behaviour } from './versions';

// ---------------------------------------------------------------------------
// (a) Core

/** Everything outside the spec that decides its tag. */
export interface TagContext {
  /** The release's behaviour row (versions.ts behaviourFor). */
  behaviour: Behaviour;
  /**
   * The builder flytekit uses when `builder` is unset: the highest-priority
   * registered one (`default` with flytekit alone). Undefined when not known;
   * then a tag that depends on it (1.15.1-1.15.2 hash it; a nested base
   * ImageSpec's name depends on it) is unknown.
   */
  defaultBuilder?: string;
  /**
   * platform.machine() where pyflyte runs (`x86_64`, `arm64`, `aarch64`);
   * from 1.16.4 an unset platform with a `localhost:` registry depends on it.
   * Undefined when not known.
   */
  machine?: string;
}

/** A constructed ImageSpec: every dataclass field of the release, in order, with defaults filled in. */
export interface Spec {
  values: Map<string, PyValue>;
  /** `_is_force_push`; not a dataclass field, so never hashed. */
  forcePush: boolean;
  /** True when __post_init__ filled `builder` with a registered builder whose name we do not know. */
  builderUnknown: boolean;
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

function get(spec: Spec, name: string): PyValue {
  return spec.values.get(name) ?? py.none;
}

const ARM_MACHINES = new Set(['arm64', 'aarch64']);

function notAField(name: string): string {
  const since = fieldInfo(name)?.since;
  return `\`${name}\` is not an ImageSpec field${since ? ` before flytekit ${since}` : ''} (TypeError)`;
}

/**
 * ImageSpec(**kwargs) in the context's release: __init__ fills the defaults,
 * __post_init__ lowercases `name` and `registry` and, depending on the
 * release, validates the registry, fills `platform` and `builder`, implies
 * `source_copy_mode` from `source_root`, and checks list fields,
 * `pip_secret_mounts` and `builder_options`. A Python exception comes back as
 * a reason.
 */
export function constructSpec(kwargs: Record<string, PyValue>, ctx: TagContext): Outcome<Spec> {
  const b = ctx.behaviour;
  const values = new Map<string, PyValue>();
  for (const name of Object.keys(kwargs)) {
    if (!b.fields.includes(name)) return fail(notAField(name));
  }
  for (const name of b.fields) {
    if (name in kwargs) values.set(name, kwargs[name]);
    else if (name === 'name') values.set(name, py.str('flytekit'));
    else if (name === 'platform' && b.platformDefault === 'linux/amd64') values.set(name, py.str('linux/amd64'));
    else values.set(name, py.none);
  }

  // self.name = self.name.lower()
  const name = values.get('name')!;
  if (name.t !== 'str') return fail('`name` is not a string: flytekit calls name.lower() (AttributeError)');
  values.set('name', py.str(pyLower(name.v)));

  // if self.registry: self.registry = self.registry.lower(); validate_container_registry_name(...)
  const registry = values.get('registry')!;
  if (truthy(registry)) {
    if (registry.t !== 'str') return fail('`registry` is not a string: flytekit calls registry.lower() (AttributeError)');
    const lowered = pyLower(registry.v);
    if (b.validatesRegistry && !isValidRegistry(lowered)) return fail(`flytekit rejects the registry '${lowered}' (ValueError: invalid container registry name)`);
    values.set('registry', py.str(lowered));
  }

  // 1.16.4: if self.platform is None: linux/arm64 for a localhost: registry on an arm64 machine, else linux/amd64
  if (b.platformDefault === 'machine' && values.get('platform')!.t === 'none') {
    const reg = values.get('registry')!;
    if (reg.t === 'str' && reg.v !== '' && reg.v.startsWith('localhost:')) {
      if (ctx.machine === undefined) {
        return fail('`platform` is unset and the registry is a `localhost:` one: flytekit then builds for the machine pyflyte runs on (linux/arm64 on arm64, else linux/amd64), which is not known');
      }
      values.set('platform', py.str(ARM_MACHINES.has(ctx.machine.toLowerCase()) ? 'linux/arm64' : 'linux/amd64'));
    } else values.set('platform', py.str('linux/amd64'));
  }

  // if self.source_root is not None: self.source_copy_mode = self.source_copy_mode or LOADED_MODULES
  if (b.sourceRootImpliesCopyMode && values.get('source_root')!.t !== 'none' && !truthy(values.get('source_copy_mode')!)) {
    values.set('source_copy_mode', { t: 'enum', cls: 'CopyFileDetection', member: 'LOADED_MODULES', value: py.int(1) });
  }

  // 1.15.1: if self.builder is None and registry: self.builder = the highest-priority registered builder
  let builderUnknown = false;
  if (b.fillsBuilder && values.get('builder')!.t === 'none') {
    if (ctx.defaultBuilder === undefined) builderUnknown = true;
    else values.set('builder', py.str(ctx.defaultBuilder));
  }

  for (const field of b.strLists) {
    const v = values.get(field)!;
    const ok = v.t === 'none' || (v.t === 'list' && v.items.every((x) => x.t === 'str'));
    if (!ok) return fail(`flytekit rejects \`${field}\`: it must be a list of strings or None (ValueError)`);
  }

  if (b.validatesPipSecretMounts) {
    const mounts = values.get('pip_secret_mounts')!;
    if (mounts.t !== 'none') {
      const ok =
        mounts.t === 'list' &&
        mounts.items.every((x) => x.t === 'tuple' && x.items.length === 2 && x.items.every((y) => y.t === 'str'));
      if (!ok) return fail('flytekit rejects `pip_secret_mounts`: it must be a list of (str, str) tuples or None (ValueError)');
    }
  }

  if (b.validatesBuilderOptions) {
    const opts = values.get('builder_options')!;
    if (opts.t !== 'none' && opts.t !== 'dict') return fail('flytekit rejects `builder_options`: it must be a dict or None (ValueError)');
  }
  return { ok: true, value: { values, forcePush: false, builderUnknown } };
}

/** dataclasses.replace(spec, **changes): a fresh __init__ + __post_init__ (which resets _is_force_push). */
export function replaceSpec(spec: Spec, changes: Record<string, PyValue>, ctx: TagContext): Outcome<Spec> {
  const kwargs: Record<string, PyValue> = {};
  // replace() passes every field on, including those __post_init__ filled in.
  for (const [k, v] of spec.values) kwargs[k] = v;
  Object.assign(kwargs, changes);
  return constructSpec(kwargs, ctx);
}

/**
 * A chained builder call, as the release runs it. `arg` is the single
 * argument (undefined for force_push). See UpdateMode in ./versions.ts for
 * how each release copies and extends.
 */
export function applyBuilder(spec: Spec, method: string, arg: PyValue | undefined, ctx: TagContext): Outcome<Spec> {
  const b = ctx.behaviour;
  const m = builderMethod(method);
  if (!m) return fail(`\`.${method}()\` is not an ImageSpec builder method`);
  if (!b.methods.includes(method)) return fail(`\`.${method}()\` does not exist in this flytekit release (AttributeError; it arrived in ${m.since ?? 'a later release'})`);
  if (m.mode === 'flag') {
    if (arg !== undefined) return fail(`\`.${method}()\` takes no argument (TypeError)`);
    // copy.deepcopy(self); _is_force_push = True
    return { ok: true, value: { ...spec, values: new Map(spec.values), forcePush: true } };
  }
  if (arg === undefined) return fail(`\`.${method}()\` needs one argument (TypeError)`);
  const field = m.field!;
  const current = get(spec, field);

  if (b.update === 'copyAppend') {
    // new = deepcopy(self); if new.X is None: new.X = []; list -> extend, anything else -> append (no __post_init__)
    if (current.t !== 'none' && current.t !== 'list') return fail(`\`${field}\` is not a list; \`.${method}()\` cannot append to it (AttributeError)`);
    const items = current.t === 'list' ? [...current.items] : [];
    if (arg.t === 'list') items.push(...arg.items);
    else items.push(arg);
    const values = new Map(spec.values);
    values.set(field, py.list(items));
    return { ok: true, value: { ...spec, values } };
  }

  if (b.update === 'replace') {
    // current = copy.deepcopy(getattr(self, attr)) or []
    if (truthy(current) && current.t !== 'list' && (arg.t === 'str' || arg.t === 'list')) {
      return fail(`\`${field}\` is not a list; \`.${method}()\` cannot append to it (AttributeError)`);
    }
    if (arg.t !== 'str' && arg.t !== 'list') return replaceSpec(spec, { [field]: truthy(current) ? current : py.list([]) }, ctx);
    const items: PyValue[] = current.t === 'list' ? [...current.items] : [];
    if (arg.t === 'str') items.push(arg);
    else items.push(...arg.items);
    return replaceSpec(spec, { [field]: py.list(items) }, ctx);
  }

  // replaceDict (1.15.4): None starts as {} for a dict argument, [] otherwise; kinds must match
  let cur: PyValue = current.t === 'none' ? (arg.t === 'dict' ? makeDict([]) : py.list([])) : current;
  if (arg.t === 'str' || arg.t === 'list') {
    if (cur.t !== 'list') return fail(`\`${field}\` is not a list; \`.${method}()\` cannot add to it (TypeError)`);
    cur = py.list(arg.t === 'str' ? [...cur.items, arg] : [...cur.items, ...arg.items]);
  } else if (arg.t === 'dict') {
    if (cur.t !== 'dict') return fail(`\`${field}\` is not a dict; \`.${method}()\` cannot update it (TypeError)`);
    cur = makeDict([...cur.entries, ...arg.entries]);
  }
  return replaceSpec(spec, { [field]: cur }, ctx);
}

/**
 * The name a nested base ImageSpec has when the outer spec's tag is computed
 * at registration: ImageBuildEngine.build() builds the base first, and
 * image_name() then returns the name its builder reported, if any. The noop
 * builder reports its base_image; `default` and `envd` report none, so the
 * computed name stands. Other builders (Union's) decide their own names.
 */
function builtImageName(spec: Spec, env: TagEnv, ctx: TagContext): Outcome<string> {
  const registered = new Set(ctx.behaviour.registered.map((r) => r.name));
  const builder = get(spec, 'builder');
  let name: string | undefined;
  if (builder.t === 'str') name = builder.v;
  else if (builder.t === 'none') name = ctx.defaultBuilder;
  else return fail('the nested ImageSpec\'s `builder` is not a string');
  if (name === undefined) return fail('the name of a nested base ImageSpec depends on the builder flytekit picks for it (the highest-priority installed one), which is not known');
  if (name === 'noop') {
    if (!registered.has('noop')) return fail(`the \`noop\` builder is not registered before flytekit 1.15.4 (AssertionError at build)`);
    const base = get(spec, 'base_image');
    if (base.t === 'str') return { ok: true, value: base.v };
    return fail('a noop-built base ImageSpec needs a string base_image (ValueError)');
  }
  if (name === 'default' && !registered.has('default')) return fail('flytekit registers no `default` builder before 1.13.0 (AssertionError at build)');
  if (name !== 'default' && name !== 'envd') return fail(`the name of a base ImageSpec built by the \`${name}\` builder is decided by that builder`);
  const n = imageName(spec, env, ctx);
  return n.ok ? { ok: true, value: n.value.fullName } : n;
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

/** ImageSpec.tag (calculate_hash_from_image_spec and _image_name before 1.13.5). */
export function computeTag(spec: Spec, env: TagEnv, ctx: TagContext): Outcome<SpecHash> {
  const b = ctx.behaviour;
  const values = new Map(spec.values);
  const has = (name: string) => b.fields.includes(name);

  const base = values.get('base_image') ?? py.none;
  if (base.t === 'dataclass') {
    const nested = (base as NestedSpec).spec;
    if (!nested) return fail('nested base_image spec without its model');
    if (b.hash.nestedBase === 'unsupported') return fail('`base_image` takes an ImageSpec from flytekit 1.12.0 on');
    if (b.hash.nestedBase === 'imageName') {
      const name = builtImageName(nested, env, ctx);
      if (!name.ok) return name;
      values.set('base_image', py.str(name.value));
    }
    // 'fields' (1.13.5): the spec stays, and asdict hashes its fields.
  }

  const sourceRoot = values.get('source_root')!;
  if (b.sourceRootImpliesCopyMode) {
    // if self.source_copy_mode is not None and != NO_COPY: ... source_root = ls_digest (needs the files)
    if (get(spec, 'source_copy_mode').t !== 'none') {
      if (!truthy(sourceRoot)) return fail('`source_copy_mode` is set without `source_root` (ValueError)');
      return fail('`source_root` enters the tag as a digest of the files it holds, which is not computed statically');
    }
  } else if (truthy(sourceRoot)) {
    return fail('`source_root` enters the tag as a digest of the files it holds, which is not computed statically');
  } else if (b.hash.emptySourceRootAsBytes) {
    // 1.11.0: spec.source_root = hash_directory(...) if image_spec.source_root else b""
    values.set('source_root', { t: 'bytes', v: new Uint8Array() });
  }
  // if self.copy: spec = replace(spec, copy=compute_digest(self.copy, None))
  if (has('copy') && truthy(get(spec, 'copy'))) return fail('`copy` enters the tag as a digest of the copied files, which is not computed statically');

  // if spec.requirements: requirements = sha1(Path(spec.requirements).read_bytes()[.strip()]).hexdigest()
  const req = values.get('requirements')!;
  if (truthy(req)) {
    if (req.t !== 'str') return fail('`requirements` is not a string path (TypeError)');
    const bytes = env.readRequirements(req.v);
    if (!bytes) return fail(`the requirements file '${req.v}' cannot be read`);
    const digest = createHash('sha1').update(b.hash.stripRequirements ? bytesStrip(bytes) : bytes).digest('hex');
    values.set('requirements', py.str(digest));
  }

  // registry_config = None (the replace() calls re-run __post_init__, which changes nothing already settled)
  values.set('registry_config', py.none);

  if (spec.builderUnknown && !b.hash.excluded.includes('builder')) {
    return fail(`flytekit ${b.since}-1.15.2 hashes the builder it fills in when \`builder\` is unset (the highest-priority installed one), which is not known`);
  }
  const hashed = specId({ ...spec, values }, b);
  if (!hashed.ok) return hashed;
  const specHash = hashed.value.id.replace(/-/g, '_');
  let tag = specHash;
  // if self.tag_format: return self.tag_format.format(spec_hash=tag)
  const tagFormat = has('tag_format') ? get(spec, 'tag_format') : py.none;
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

/** ImageSpec.id over the spec as it stands (the md5 part of calculate_hash_from_image_spec before 1.13.5). */
export function specId(spec: Spec, b: Behaviour): Outcome<{ text: string; id: string }> {
  // 1.13.5: asdict(self, dict_factory=lambda x: {k: v for (k, v) in x if v is not None and k not in excluded})
  // before: asdict(spec), every field
  const factory = b.hash.dropNone
    ? (pairs: Array<[string, PyValue]>) => pairs.filter(([k, v]) => v.t !== 'none' && !b.hash.excluded.includes(k))
    : (pairs: Array<[string, PyValue]>) => pairs;
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
export function imageName(spec: Spec, env: TagEnv, ctx: TagContext): Outcome<ImageName> {
  const t = computeTag(spec, env, ctx);
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
      /** The flytekit release the tag was computed for. */
      flytekitVersion: string;
      /** The lowercased registry, when set (and non-empty). */
      registry?: string;
      /** The lowercased image name. */
      name: string;
      tag: string;
      /** `registry/name:tag` as image_name() builds it. */
      fullName: string;
      /** With `builder="noop"` and a string base_image: the image the task really runs on (the base_image). */
      builtName?: string;
      /** True when the builder chain leaves `_is_force_push` set. */
      forcePush: boolean;
      /** The exact text flytekit hashes with md5, for hover and debugging. */
      hashedText: string;
    }
  | { ok: false; reason: string };

export interface ImageRefOptions {
  /** The flytekit release to compute the tag for (`1.16.4`). */
  flytekitVersion: string;
  /** Where pyflyte runs; a relative `requirements` path resolves against it. */
  projectRoot: string;
  readFile(absPath: string): Buffer | undefined;
  /** See TagContext.defaultBuilder. */
  defaultBuilder?: string;
  /** See TagContext.machine. */
  machine?: string;
}

/** Fields that never reach the tag: an unknown value there does not make the tag unknown. */
function notHashed(b: Behaviour): Set<string> {
  return new Set(['registry_config', ...b.hash.excluded.filter((x) => x !== 'builder')]);
}

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
export function toPy(v: Value, env: TagEnv, ctx: TagContext): PyValue | string {
  switch (v.kind) {
    case 'unknown':
      return `not statically known (${v.reason})`;
    case 'path':
      return 'a pathlib.Path (Flyte 2 only)';
    case 'call':
      return `a call to ${v.callee} (Flyte 2 only)`;
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
        const r = toPy(x, env, ctx);
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
        const k = toPy(e.key, env, ctx);
        if (typeof k === 'string') return k;
        const x = toPy(e.value, env, ctx);
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
      const s = declToSpec(v.decl, env, ctx);
      return s.ok ? specValue(s.value) : `the nested ImageSpec: ${s.reason}`;
    }
  }
}

/** Builds the spec a declaration makes in the context's release, its builder chain applied. */
export function declToSpec(decl: ImageDecl, env: TagEnv, ctx: TagContext): Outcome<Spec> {
  if (decl.opaque) return fail('`*args` / `**kwargs` may set fields that are not statically known');
  const skip = notHashed(ctx.behaviour);
  const kwargs: Record<string, PyValue> = {};
  for (const arg of decl.fields) {
    if (!ctx.behaviour.fields.includes(arg.name)) return fail(notAField(arg.name));
    if (arg.name in kwargs) return fail(`\`${arg.name}\` is given twice (TypeError)`);
    const r = toPy(arg.value, env, ctx);
    if (typeof r === 'string') {
      // A value that never reaches the tag and is not checked by flytekit in a way that matters: leave it out.
      if (skip.has(arg.name) && arg.value.kind === 'unknown') continue;
      return fail(`${describe(arg.name)} is ${r.startsWith('not statically known') ? r : `not usable: ${r}`}`);
    }
    kwargs[arg.name] = r;
  }
  const built = constructSpec(kwargs, ctx);
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
      const r = toPy(given[0], env, ctx);
      if (typeof r === 'string') return fail(`the argument of \`.${call.method}()\` is ${r.startsWith('not statically known') ? r : `not usable: ${r}`}`);
      arg = r;
    }
    const next = applyBuilder(spec, call.method, arg, ctx);
    if (!next.ok) return next;
    spec = next.value;
  }
  return { ok: true, value: spec };
}

/** The image the given flytekit release would build and reference for this declaration, or why it cannot be known statically. */
export function computeImageRef(decl: ImageDecl, opts: ImageRefOptions): ImageRef {
  const found = behaviourFor(opts.flytekitVersion);
  if (!found.ok) return fail(found.reason);
  const ctx: TagContext = { behaviour: found.behaviour, defaultBuilder: opts.defaultBuilder, machine: opts.machine };
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
  const spec = declToSpec(decl, env, ctx);
  if (!spec.ok) return spec;
  const name = imageName(spec.value, env, ctx);
  if (!name.ok) return name;
  const builder = get(spec.value, 'builder');
  const base = get(spec.value, 'base_image');
  const noop = builder.t === 'str' && builder.v === 'noop' && found.behaviour.registered.some((r) => r.name === 'noop');
  return {
    ok: true,
    flytekitVersion: found.version,
    registry: name.value.registry,
    name: name.value.name,
    tag: name.value.tag,
    fullName: name.value.fullName,
    builtName: noop && base.t === 'str' ? base.v : undefined,
    forcePush: spec.value.forcePush,
    hashedText: name.value.hash.hashedText,
  };
}
