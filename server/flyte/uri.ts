// The image URI Flyte 2 computes for a `flyte.Image` chain, or why it cannot
// be known, or the exception the SDK raises on the way. Mirrors
// src/flyte/_image.py at v2.6.5 (I:line below); see version.ts for the
// releases this holds for (2.2.4 and later).
//
// INPUT (ImageChain): the calls of one chain in order, the constructor
// first: `Image.from_debian_base(python_version=(3, 12), name="x")
// .with_pip_packages("a", pre=True)` is
//   { calls: [ { method: 'from_debian_base', args: [], kwargs: [['python_version', tuple(3, 12)], ['name', 'x']] },
//              { method: 'with_pip_packages', args: ['a'], kwargs: [['pre', True]] } ] }
// with values as in value.ts. Positional arguments stay positional: they are
// bound here as Python binds them, so a wrong call comes back as the
// TypeError Python raises. The phase-B extractor builds it from an
// ImageDecl: the constructor's FieldArgs (positional ones in order into
// `args`, keywords into `kwargs`) and then one ImageCall per ChainCall; a
// variable extended later (`gpu = base.with_...`) is the base's calls
// followed by its own. Files are read through `files`, relative paths
// against `cwd` (the folder flyte runs in), as Python's open() would.
//
// OUTPUT (UriResult):
//   uri     the URI the deployed task uses: `registry/name:<md5>` or
//           `name:<md5>` for a built image, the base image verbatim for an
//           uncloned one (`built: false`: flyte never builds it);
//   unknown why it cannot be known statically (a folder hashed in walk
//           order, a code bundle, a remote builder choosing the registry,
//           from_ref_name without the config's refs, unknown values...);
//   error   the exception the SDK raises, with the index of the call that
//           raises it and when: `declaration` (importing the module),
//           `build` (hashing / validating at deploy), `deploy`.
//
// FILES: context.ts (these types, file access, the md5 stream), layers.ts
// (each with_* layer and its hash input), errors.ts (the SDK's messages),
// value.ts / bind.ts / secret.ts / uvScript.ts (Python semantics they need).
//
// THE HASH (I:1044-1103): one md5 over base_image (UTF-8), the Dockerfile's
// bytes, then each layer's hash input in order; the tag is the hex digest
// unless the image carries a preset tag (install_flyte=False). Registry,
// name, platform and python_version are not hashed.

import * as path from 'node:path';
import { imageMethod } from './api';
import { BASE_REGISTRY, DEFAULT_IMAGE_NAME, defaultImageUri, SLIM_LAYERS, slimBaseUri } from './baseImage';
import { bindCall } from './bind';
import { Ctx, Hashing, NONE, str, type ImageChain, type Layer, type UriOptions, type UriResult } from './context';
import { FLYTE_ERRORS } from './errors';
import { asPath, get, layersFor, needStr, pipOpts, pipText, type Args } from './layers';
import { secretRepr } from './secret';
import { parseUvScriptHeader, uvScriptHashText } from './uvScript';
import { pyRepr, pyStr, PyException, truthy, typeName, Unknowable, type ArgValue } from './value';
import { atLeast, FLYTE_OLDEST_MODELLED, FLYTE_VERIFIED_VERSION, isDevVersion, parseVersion } from './version';

export type { FileAccess, ImageCall, ImageChain, UriOptions, UriResult } from './context';

interface Img {
  baseImage: ArgValue;
  dockerfile: ArgValue;
  registry: ArgValue;
  name: ArgValue;
  extendable: boolean;
  isCloned: boolean;
  refName?: ArgValue;
  layers: Layer[];
  /** Preset tag (I:654, 780-781); clone() drops it. */
  tag?: string;
  pythonVersion: ArgValue;
}

// ---------------------------------------------------------------------------
// Image operations

/** Image.clone (I:933-1003). */
function clone(img: Img, a: { registry?: ArgValue; registry_secret?: ArgValue; name?: ArgValue; base_image?: ArgValue; python_version?: ArgValue; extendable?: ArgValue; platform?: ArgValue }, layer?: Layer): Img {
  if (layer && !img.extendable) {
    throw new PyException('ValueError', FLYTE_ERRORS.nonExtendable());
  }
  if (layer && truthy(img.dockerfile)) {
    throw new PyException('ValueError', FLYTE_ERRORS.dockerfile());
  }
  const pick = (given: ArgValue | undefined, own: ArgValue) => (given && truthy(given) ? given : own);
  const name = pick(a.name, img.name);
  if (layer && !truthy(name)) {
    // The SDK prints the layer with rich's repr; "…" stands for its fields.
    throw new PyException('ValueError', FLYTE_ERRORS.nameless(`${layer.type}(…)`));
  }
  const secret = a.registry_secret && truthy(a.registry_secret) ? a.registry_secret : undefined;
  if (secret && secret.kind === 'str') secretRepr([secret], []); // Secret(key=registry_secret): its checks run here
  const ext = a.extendable;
  return {
    baseImage: pick(a.base_image, img.baseImage),
    dockerfile: img.dockerfile,
    registry: pick(a.registry, img.registry),
    name,
    pythonVersion: pick(a.python_version, img.pythonVersion),
    extendable: ext && ext.kind !== 'none' ? truthy(ext) : img.extendable,
    isCloned: true,
    refName: img.refName,
    layers: layer ? [...img.layers, layer] : img.layers,
  };
}

/** The registry a default image gets at declaration (I:717-727): the push registry; before 2.5.13 else ghcr.io/flyteorg. */
function presetRegistry(ctx: Ctx): ArgValue {
  const push = ctx.opts.pushRegistry;
  const old = !atLeast(ctx.opts.flyteVersion, '2.5.13');
  if (push) return str(push);
  if (push === null) return old ? str(BASE_REGISTRY) : NONE;
  return { kind: 'unknown', reason: 'the push registry comes from flyte.init, FLYTE_IMAGE_REGISTRY or the config, which are not known here' };
}

/** `f"py{v[0]}.{v[1]}"`: Python indexing and str() of each item. */
function pythonTagPart(v: ArgValue): string {
  const item = (i: number): string => {
    if (v.kind === 'str') {
      if (i >= [...v.value].length) throw new PyException('IndexError', 'string index out of range');
      return [...v.value][i];
    }
    if (v.kind === 'tuple' || v.kind === 'list') {
      if (i >= v.items.length) throw new PyException('IndexError', `${v.kind} index out of range`);
      return pyStr(v.items[i]);
    }
    if (v.kind === 'unknown') throw new Unknowable(v.reason);
    throw new PyException('TypeError', `'${typeName(v)}' object is not subscriptable`);
  };
  return `py${item(0)}.${item(1)}`;
}

/** Image._get_default_image_for (I:692-783). */
function defaultImage(ctx: Ctx, py: ArgValue, flyteVersion: ArgValue, installFlyte: ArgValue): Img {
  const install = truthy(installFlyte);
  if (install && isDevVersion(ctx.opts.flyteVersion) && !truthy(flyteVersion)) {
    throw new Unknowable(`flyte ${ctx.opts.flyteVersion} is a development build: its default image is built from local wheels`);
  }
  const tagPart = pythonTagPart(py);
  const base: Img = {
    baseImage: NONE,
    dockerfile: NONE,
    registry: presetRegistry(ctx),
    name: str(DEFAULT_IMAGE_NAME),
    pythonVersion: py,
    extendable: true,
    isCloned: false,
    layers: [],
  };
  if (install) {
    let version = ctx.opts.flyteVersion;
    if (flyteVersion.kind !== 'none') {
      if (flyteVersion.kind === 'unknown') throw new Unknowable(flyteVersion.reason);
      if (flyteVersion.kind !== 'str') throw new PyException('AttributeError', `'${typeName(flyteVersion)}' object has no attribute 'startswith'`);
      version = flyteVersion.value;
      // flyte_version is used as given; only __version__ has "+" replaced (I:708-709).
      return { ...base, baseImage: str(`${BASE_REGISTRY}/${DEFAULT_IMAGE_NAME}:${tagPart}-${version.startsWith('v') ? version : `v${version}`}`) };
    }
    return { ...base, baseImage: str(defaultImageUri(tagPart, version)) };
  }
  const layers: Layer[] = SLIM_LAYERS.map((l) => ({ type: l.layer, hash: (h) => h.text(l.hashText) }));
  return { ...base, baseImage: str(slimBaseUri(tagPart.slice(2))), isCloned: true, layers, tag: tagPart };
}

function localPython(ctx: Ctx): ArgValue {
  const lp = ctx.opts.localPython;
  if (!lp) throw new Unknowable('python_version is left out: the image follows the Python flyte runs on, which is not known');
  return { kind: 'tuple', items: [{ kind: 'int', value: lp[0] }, { kind: 'int', value: lp[1] }] };
}

// ---------------------------------------------------------------------------
// Constructors

function construct(ctx: Ctx, method: string, a: Args): Img {
  const blank: Img = { baseImage: NONE, dockerfile: NONE, registry: NONE, name: NONE, pythonVersion: NONE, extendable: false, isCloned: false, layers: [] };
  switch (method) {
    case 'from_debian_base': {
      const pv = get(a, 'python_version');
      const py = pv.kind === 'none' ? localPython(ctx) : pv;
      const img = defaultImage(ctx, py, get(a, 'flyte_version'), a.get('install_flyte') ?? { kind: 'bool', value: true });
      if (truthy(get(a, 'registry')) || truthy(get(a, 'name'))) {
        return clone(img, { registry: a.get('registry'), name: a.get('name'), registry_secret: a.get('registry_secret'), extendable: { kind: 'bool', value: true } });
      }
      return img; // registry_secret is dropped here
    }
    case 'from_base':
      return { ...blank, baseImage: get(a, 'image_uri') };
    case 'from_ref_name': {
      const name = a.get('name') ?? str('default');
      return { ...blank, name, refName: name };
    }
    case 'from_uv_script': {
      const script = asPath(get(a, 'script'));
      const o = pipOpts(a);
      const layer: Layer = {
        type: 'UVScript',
        hash: (h) => {
          const header = parseUvScriptHeader(ctx.read(script));
          if (header.pyprojects.length) throw new Unknowable('the script depends on local projects (file://), hashed as whole folders');
          h.text(uvScriptHashText(header));
          h.text(pipText(o));
        },
      };
      const pv = get(a, 'python_version');
      const py = pv.kind === 'none' ? localPython(ctx) : pv;
      let img = defaultImage(ctx, py, NONE, { kind: 'bool', value: false });
      if (truthy(get(a, 'registry')) || truthy(get(a, 'name'))) {
        img = clone(img, { registry: a.get('registry'), name: a.get('name'), registry_secret: a.get('registry_secret'), extendable: { kind: 'bool', value: true } });
      }
      return clone(img, {}, layer);
    }
    case 'from_dockerfile': {
      const file = get(a, 'file');
      const dockerfile: ArgValue = file.kind === 'str' ? { kind: 'path', value: file.value } : file;
      return { ...blank, dockerfile, registry: get(a, 'registry'), name: get(a, 'name'), isCloned: true };
    }
  }
  throw new Unknowable(`\`${method}\` is not an Image constructor`);
}

// ---------------------------------------------------------------------------
// The chain and its URI

function evaluate(ctx: Ctx, chain: ImageChain): Img {
  const version = ctx.opts.flyteVersion;
  const newer = !atLeast(FLYTE_VERIFIED_VERSION, version);
  let img: Img | undefined;
  chain.calls.forEach((call, i) => {
    ctx.call = i;
    const info = imageMethod(call.method, version);
    const isClass = i === 0;
    if (!info || info.classmethod !== isClass) {
      if (newer) throw new Unknowable(`\`${call.method}\` is not in flyte ${FLYTE_VERIFIED_VERSION}, the newest release read`);
      throw new PyException('AttributeError', isClass ? `type object 'Image' has no attribute '${call.method}'` : `'Image' object has no attribute '${call.method}'`);
    }
    const { values } = bindCall(`Image.${call.method}`, info.params, call.args, call.kwargs);
    if (isClass) img = construct(ctx, call.method, values);
    else if (call.method === 'clone') {
      if (values.has('addl_layer') && truthy(values.get('addl_layer')!)) throw new Unknowable('clone(addl_layer=...) is internal');
      img = clone(img!, Object.fromEntries(values));
    } else for (const layer of layersFor(ctx, call.method, values)) img = clone(img!, {}, layer);
  });
  if (!img) throw new Unknowable('an empty chain');
  return img;
}

/**
 * The URI of the image the chain declares.
 *  - stage 'deploy' (the default): what `flyte deploy` / `flyte run` uses: refs
 *    substituted, code bundle layers resolved, the push registry filled in by
 *    the local builder, the layers validated, the builder's limits applied.
 *  - stage 'declaration': what `img.uri` returns right after import, with no
 *    flyte.init (I:1086-1103); the goldens recorded from flyte-sdk are of this.
 */
export function imageUri(chain: ImageChain, opts: UriOptions, stage: 'deploy' | 'declaration' = 'deploy'): UriResult {
  const ctx = new Ctx(opts);
  try {
    const v = parseVersion(opts.flyteVersion);
    if (!v) throw new Unknowable(`'${opts.flyteVersion}' is not a flyte version`);
    if (!atLeast(opts.flyteVersion, FLYTE_OLDEST_MODELLED)) {
      throw new Unknowable(`flyte ${opts.flyteVersion} computes image URIs differently from ${FLYTE_OLDEST_MODELLED} and later, the releases modelled`);
    }
    let img = evaluate(ctx, chain);
    const caveats: string[] = [];
    if (!atLeast(FLYTE_VERIFIED_VERSION, opts.flyteVersion)) {
      caveats.push(`computed as flyte ${FLYTE_VERIFIED_VERSION} does; ${opts.flyteVersion} is newer than the newest release read`);
    }
    if (stage === 'declaration') return declaredUri(ctx, img, caveats);
    ctx.when = 'deploy';
    // _deploy.py:463-481: a ref name is substituted from image_refs.
    if (img.refName) {
      const refs = opts.imageRefs;
      if (!refs) throw new Unknowable('from_ref_name: the image comes from the config image_refs, which are not all known');
      const ref = needStr(img.refName);
      if (!(ref in refs)) {
        throw new PyException('InvalidImageNameError', FLYTE_ERRORS.refNotFound(ref, pyRepr({ kind: 'list', items: Object.keys(refs).map(str) })));
      }
      if (!img.layers.length) return { kind: 'uri', uri: refs[ref], built: false, caveats };
      img = clone(img, { base_image: str(refs[ref]) });
    }
    // resolve_code_bundle_layer (I:1599-1626): stripped unless the copy style is "none".
    if (img.layers.some((l) => l.type === 'CodeBundleLayer')) {
      if (!opts.copyStyle || opts.copyStyle === 'none') throw new Unknowable('with_code_bundle: what it adds depends on the deploy copy style');
      img = { ...img, layers: img.layers.filter((l) => l.type !== 'CodeBundleLayer') };
    }
    if (!img.isCloned) {
      if (img.baseImage.kind === 'unknown') throw new Unknowable(img.baseImage.reason);
      return { kind: 'uri', uri: pyStr(img.baseImage), built: false, caveats };
    }
    ctx.when = 'build';
    const remote = opts.builder === 'remote';
    if (remote && truthy(img.dockerfile)) {
      throw new PyException('ImageBuildError', FLYTE_ERRORS.remoteDockerfile());
    }
    // image_builder.py:305-307: the local builder fills in the push registry at build.
    let registry = img.registry;
    if (!remote && !truthy(registry)) {
      const push = opts.pushRegistry;
      if (push === undefined) throw new Unknowable('the image names no registry: the push registry comes from flyte.init, FLYTE_IMAGE_REGISTRY or the config');
      if (push) registry = str(push);
    }
    const tag = img.tag ?? hashImage(ctx, img);
    const name = pyStr(img.name);
    const uri = truthy(registry) ? `${pyStr(registry)}/${name}:${tag}` : `${name}:${tag}`;
    for (const layer of img.layers) layer.validate?.();
    if (remote) {
      // remote_builder.py:137-141: no registry, or ghcr.io/flyteorg, lets the backend choose.
      if (!truthy(registry) || pyStr(registry) === BASE_REGISTRY) throw new Unknowable('the remote builder pushes to a registry the backend chooses');
      caveats.push('the remote builder reports the final URI; this is the target it is asked to build');
    } else if (!truthy(registry)) {
      if (atLeast(opts.flyteVersion, '2.5.13')) {
        throw new PyException('ImageBuildError', FLYTE_ERRORS.noPushRegistry(name));
      }
      caveats.push('no registry: the local builder pushes to Docker Hub under this name');
    }
    return { kind: 'uri', uri, built: true, caveats };
  } catch (e) {
    if (e instanceof Unknowable) return { kind: 'unknown', reason: e.message, call: ctx.call };
    if (e instanceof PyException) return { kind: 'error', pyType: e.pyType, message: e.message, call: ctx.call, when: ctx.when };
    throw e;
  }
}

/** Image.uri with no flyte.init: no refs, no root .dockerignore, no push registry filled in. */
function declaredUri(ctx: Ctx, img: Img, caveats: string[]): UriResult {
  if (img.refName) throw new Unknowable('from_ref_name: the image exists only once deploy substitutes the ref');
  if (!img.isCloned) {
    if (img.baseImage.kind === 'unknown') throw new Unknowable(img.baseImage.reason);
    return { kind: 'uri', uri: pyStr(img.baseImage), built: false, caveats };
  }
  ctx.when = 'build';
  if (img.layers.some((l) => l.type === 'CodeBundleLayer')) throw new PyException('ValueError', FLYTE_ERRORS.codeBundleUnresolved());
  const tag = img.tag ?? hashImage(ctx, img, false);
  const name = pyStr(img.name);
  return { kind: 'uri', uri: truthy(img.registry) ? `${pyStr(img.registry)}/${name}:${tag}` : `${name}:${tag}`, built: true, caveats };
}

/** Image._get_hash_digest (I:1044-1084). `initialized`: flyte.init ran, so root_dir's .dockerignore is the fallback. */
function hashImage(ctx: Ctx, img: Img, initialized = true): string {
  let ignorePath: string | undefined;
  for (const l of img.layers) if (l.dockerignore !== undefined && l.dockerignore.trim()) ignorePath = l.dockerignore;
  const copies = img.layers.some((l) => l.copiesFile);
  if (ignorePath === undefined && initialized && copies) ignorePath = path.posix.join(ctx.opts.rootDir ?? ctx.abs('.'), '.dockerignore');
  // DockerfileIgnore(path.parent) reads `.dockerignore` in that folder, whatever the layer's file is called.
  const patterns = copies && ignorePath !== undefined && ctx.kind(ignorePath) === 'file' && hasPatterns(ctx, path.posix.join(path.posix.dirname(ignorePath), '.dockerignore'));
  const h = new Hashing(ctx, patterns);
  if (truthy(img.baseImage)) h.text(pyStr(img.baseImage));
  if (truthy(img.dockerfile)) h.bytes(ctx.read(pyStr(img.dockerfile)));
  for (const layer of img.layers) layer.hash(h);
  return h.hex() || 'latest';
}

/** A .dockerignore whose patterns could exclude files (DockerfileIgnore._load_matcher, _code_bundle/_ignore.py:229-245). */
function hasPatterns(ctx: Ctx, file: string): boolean {
  if (ctx.kind(file) !== 'file') return false; // no matcher: nothing is ignored
  const text = Buffer.from(ctx.read(file)).toString('utf8');
  return text.split('\n').some((line) => line.trim() && !line.trim().startsWith('#'));
}
