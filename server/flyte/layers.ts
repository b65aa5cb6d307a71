// The layers each `with_*` call appends (src/flyte/_image.py at v2.6.5),
// built and checked as the SDK builds them (Layer.__post_init__'s list check,
// path coercions, defaults read from disk at declaration), each with the
// bytes it feeds the image hash (its update_hash) and, for copied files, its
// build-time validate().

import * as path from 'node:path';
import { NONE, str, type Ctx, type Layer } from './context';
import { FLYTE_ERRORS } from './errors';
import { secretRepr } from './secret';
import { purePath, pyRepr, pyStr, PyException, truthy, typeName, Unknowable, type ArgValue } from './value';

/** A str value, or Unknowable / the TypeError Python raises concatenating it to a str. */
export function needStr(v: ArgValue): string {
  if (v.kind === 'str') return v.value;
  if (v.kind === 'unknown') throw new Unknowable(v.reason);
  throw new PyException('TypeError', `can only concatenate str (not "${typeName(v)}") to str`);
}

/** _ensure_tuple (I:34-44): list -> tuple, tuple stays, anything else -> 1-tuple. */
export function ensureTuple(v: ArgValue): ArgValue[] {
  if (v.kind === 'list' || v.kind === 'tuple') return v.items;
  if (v.kind === 'unknown') throw new Unknowable(v.reason);
  return [v];
}

/** `x if x else None` after _ensure_tuple, as most with_* do for extra_index_urls / secret_mounts. */
export function optTuple(v: ArgValue | undefined): ArgValue {
  return v && truthy(v) ? { kind: 'tuple', items: ensureTuple(v) } : NONE;
}

/** Layer.__post_init__ (I:55-75): no field may be a list or hold one. Fields in dataclass order. */
function checkNoLists(type: string, fields: Array<[string, ArgValue]>): void {
  for (const [name, v] of fields) {
    if (v.kind === 'list') {
      throw new PyException('TypeError', FLYTE_ERRORS.layerIsList(type, name, pyRepr(v)));
    }
    if (v.kind === 'tuple') {
      v.items.forEach((x, i) => {
        if (x.kind === 'list') {
          throw new PyException('TypeError', FLYTE_ERRORS.layerHoldsList(type, name, i, pyRepr(x)));
        }
      });
    }
  }
}

/** str(secret) for each mount: a str as is, a Secret as its repr (I:131-133). */
function secretsText(mounts: ArgValue): string {
  if (!truthy(mounts)) return '';
  return ensureTuple(mounts)
    .map((s) => (s.kind === 'secret' ? secretRepr(s.args, s.kwargs) : pyStr(s)))
    .join('');
}

/** Evaluates Secret(...) values early, as Python does when the module runs (their errors are import errors). */
export function evalSecrets(v: ArgValue | undefined): void {
  if (!v) return;
  if (v.kind === 'secret') secretRepr(v.args, v.kwargs);
  else if (v.kind === 'list' || v.kind === 'tuple') v.items.forEach(evalSecrets);
}

export interface PipOpts {
  index_url: ArgValue;
  extra_index_urls: ArgValue;
  pre: ArgValue;
  extra_args: ArgValue;
  secret_mounts: ArgValue;
}

/** PipOption.update_hash (I:117-135). */
export function pipText(o: PipOpts): string {
  let s = '';
  if (truthy(o.index_url)) s += needStr(o.index_url);
  if (truthy(o.extra_index_urls)) {
    const urls = o.extra_index_urls;
    // A str iterates by character: the same text as the str itself.
    if (urls.kind === 'str') s += urls.value;
    else for (const u of ensureTuple(urls)) s += needStr(u);
  }
  if (truthy(o.pre)) s += pyStr(o.pre);
  if (truthy(o.extra_args)) s += needStr(o.extra_args);
  return s + secretsText(o.secret_mounts);
}

function pipFields(o: PipOpts): Array<[string, ArgValue]> {
  return [
    ['index_url', o.index_url],
    ['extra_index_urls', o.extra_index_urls],
    ['pre', o.pre],
    ['extra_args', o.extra_args],
    ['secret_mounts', o.secret_mounts],
  ];
}

/** Path(x) for a str or Path; Python's TypeError otherwise. */
export function asPath(v: ArgValue): string {
  if (v.kind === 'str' || v.kind === 'path') return purePath(v.value).str;
  if (v.kind === 'unknown') throw new Unknowable(v.reason);
  throw new PyException('TypeError', `expected str, bytes or os.PathLike object, not ${typeName(v)}`);
}

/** An attribute only pathlib.Path has (`.name`, `.suffix`, `.parent`): AttributeError on anything else. */
function needPath(v: ArgValue, attr: string): string {
  if (v.kind === 'path') return purePath(v.value).str;
  if (v.kind === 'unknown') throw new Unknowable(v.reason);
  throw new PyException('AttributeError', FLYTE_ERRORS.noAttribute(typeName(v), attr));
}

/** "install_project" hashes the project folder in os.walk order: not knowable here. */
function dependenciesOnly(mode: ArgValue): void {
  if (mode.kind === 'str' && mode.value === 'dependencies_only') return;
  if (mode.kind === 'unknown') throw new Unknowable(mode.reason);
  throw new Unknowable('project_install_mode other than "dependencies_only" hashes the whole project folder (os.walk order)');
}

function copyLayer(ctx: Ctx, pathType: 0 | 1, src: ArgValue, dst: ArgValue): Layer {
  const p = asPath(src); // CopyConfig.__post_init__ makes it a Path (since 2.2.4)
  return {
    type: 'CopyConfig',
    copiesFile: true,
    hash(h) {
      const k = ctx.kind(p);
      if (k === 'dir') throw new Unknowable(`'${p}' is a folder: its files are hashed in os.walk order`);
      if (k === 'file') {
        if (h.ignoreMayApply) throw new Unknowable(`a .dockerignore may exclude '${p}' from the hash`);
        h.bytes(ctx.read(p));
        h.text(path.posix.basename(p));
      }
      if (truthy(dst)) h.text(needStr(dst));
    },
    validate: () => validateCopy(ctx, pathType, p),
  };
}

/** CopyConfig.validate (I:423-435). */
function validateCopy(ctx: Ctx, pathType: 0 | 1, p: string): void {
  const k = ctx.kind(p);
  const abs = ctx.abs(p);
  if (k === 'missing') throw new PyException('ImageBuildError', FLYTE_ERRORS.sourceMissing(abs));
  if (k !== 'dir' && pathType === 1) throw new PyException('ImageBuildError', FLYTE_ERRORS.sourceNotDir(abs));
  if (k !== 'file' && pathType === 0) throw new PyException('ImageBuildError', FLYTE_ERRORS.sourceNotFile(abs));
}

export type Args = Map<string, ArgValue>;
export const get = (a: Args, k: string): ArgValue => a.get(k) ?? NONE;

export function pipOpts(a: Args, tupleUrls = true): PipOpts {
  evalSecrets(a.get('secret_mounts'));
  return {
    index_url: get(a, 'index_url'),
    extra_index_urls: tupleUrls ? optTuple(a.get('extra_index_urls')) : get(a, 'extra_index_urls'),
    pre: a.get('pre') ?? { kind: 'bool', value: false },
    extra_args: get(a, 'extra_args'),
    secret_mounts: optTuple(a.get('secret_mounts')),
  };
}

/** The layers a with_* call appends, built (and checked) as the SDK builds them. */
export function layersFor(ctx: Ctx, method: string, a: Args): Layer[] {
  switch (method) {
    case 'with_workdir': {
      const w = get(a, 'workdir');
      checkNoLists('WorkDir', [['workdir', w]]);
      return [{ type: 'WorkDir', hash: (h) => h.text(needStr(w)) }];
    }
    case 'with_pip_packages': {
      const pkgs = get(a, 'packages');
      const packages: ArgValue = pkgs.kind === 'tuple' && pkgs.items.length ? pkgs : NONE;
      const o = pipOpts(a);
      checkNoLists('PipPackages', [...pipFields(o), ['packages', packages]]);
      return [{ type: 'PipPackages', hash: (h) => h.text(pipText(o) + (packages.kind === 'tuple' ? packages.items.map((x) => needStr(x)).join('') : '')) }];
    }
    case 'with_requirements': {
      const file = get(a, 'file');
      const p = file.kind === 'str' ? purePath(file.value).str : needPath(file, 'suffix');
      if (purePath(p).suffix !== '.txt') throw new PyException('ValueError', FLYTE_ERRORS.requirementsTxt(p));
      const o = pipOpts(a);
      checkNoLists('Requirements', [...pipFields(o), ['packages', NONE], ['file', file]]);
      return [{ type: 'Requirements', hash: (h) => { h.text(pipText(o)); h.bytes(ctx.read(p)); } }];
    }
    case 'with_env_vars': {
      const env = get(a, 'env_vars');
      if (env.kind === 'unknown') throw new Unknowable(env.reason);
      if (env.kind !== 'dict') throw new PyException('AttributeError', `'${typeName(env)}' object has no attribute 'items'`);
      return [{ type: 'Env', hash: (h) => h.text(env.entries.map(([k, v]) => `${pyStr(k)}=${pyStr(v)}`).join(' ')) }];
    }
    case 'with_source_folder': {
      const src = get(a, 'src');
      let dst = a.get('dst') ?? str('.');
      const contentsOnly = a.get('copy_contents_only');
      if (!(contentsOnly && truthy(contentsOnly))) {
        const name = purePath(needPath(src, 'name')).name;
        if (dst.kind === 'unknown') throw new Unknowable(dst.reason);
        if (dst.kind === 'str' && dst.value === '.') dst = str('./' + name);
      }
      return [copyLayer(ctx, 1, src, dst)];
    }
    case 'with_source_file': {
      const src = get(a, 'src');
      const dst = a.get('dst') ?? str('.');
      if (src.kind === 'list') {
        const names = src.items.map((x) => purePath(needPath(x, 'name')).name);
        const dups = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))].sort();
        if (dups.length) {
          throw new PyException('ValueError', FLYTE_ERRORS.duplicateFiles(pyStr(dst), pyRepr({ kind: 'list', items: dups.map(str) })));
        }
        return src.items.map((x) => copyLayer(ctx, 0, x, dst));
      }
      return [copyLayer(ctx, 0, src, dst)];
    }
    case 'with_code_bundle':
      return [{ type: 'CodeBundleLayer', hash: () => { throw new Unknowable('a code bundle layer is resolved at deploy'); } }];
    case 'with_dockerignore': {
      const p = pyStr(get(a, 'path'));
      return [
        {
          type: 'DockerIgnore',
          dockerignore: p,
          hash: (h) => (ctx.kind(p) === 'missing' ? h.text(p) : h.bytes(ctx.read(p))),
        },
      ];
    }
    case 'with_uv_project': {
      const pyproject = asPath(get(a, 'pyproject_file'));
      let uvlock = get(a, 'uvlock');
      if (uvlock.kind === 'none') {
        const def = path.posix.join(purePath(pyproject).parent, 'uv.lock');
        uvlock = ctx.kind(def) === 'missing' ? NONE : { kind: 'path', value: def };
      }
      const o = pipOpts(a, false); // extra_index_urls is passed on as given: a list fails the list check
      const mode = a.get('project_install_mode') ?? str('dependencies_only');
      checkNoLists('UVProject', [...pipFields(o), ['pyproject', { kind: 'path', value: pyproject }], ['uvlock', uvlock], ['project_install_mode', mode]]);
      return [
        {
          type: 'UVProject',
          hash: (h) => {
            h.text(pipText(o));
            dependenciesOnly(mode);
            if (uvlock.kind !== 'none') h.bytes(ctx.read(pyStr(uvlock)));
            h.bytes(ctx.read(pyproject));
          },
        },
      ];
    }
    case 'with_poetry_project': {
      const pyproject = asPath(get(a, 'pyproject_file'));
      const given = get(a, 'poetry_lock');
      const lock = truthy(given) ? pyStr(given) : path.posix.join(purePath(pyproject).parent, 'poetry.lock');
      const extra = get(a, 'extra_args');
      evalSecrets(a.get('secret_mounts'));
      const secrets = optTuple(a.get('secret_mounts'));
      const mode = a.get('project_install_mode') ?? str('dependencies_only');
      checkNoLists('PoetryProject', [['extra_args', extra], ['project_install_mode', mode], ['secret_mounts', secrets]]);
      return [
        {
          type: 'PoetryProject',
          hash: (h) => {
            h.text((truthy(extra) ? needStr(extra) : '') + secretsText(secrets));
            dependenciesOnly(mode);
            h.bytes(ctx.read(lock));
            h.bytes(ctx.read(pyproject));
          },
        },
      ];
    }
    case 'with_pixi_project': {
      let manifest = asPath(get(a, 'manifest_file'));
      if (ctx.kind(manifest) === 'dir') {
        const toml = path.posix.join(manifest, 'pixi.toml');
        manifest = ctx.kind(toml) !== 'missing' ? toml : path.posix.join(manifest, 'pyproject.toml');
      }
      let lock = get(a, 'pixi_lock');
      if (lock.kind === 'none') {
        const def = path.posix.join(purePath(manifest).parent, 'pixi.lock');
        lock = ctx.kind(def) === 'missing' ? NONE : { kind: 'path', value: def };
      }
      const env = a.get('environment') ?? str('default');
      const extra = get(a, 'extra_args');
      evalSecrets(a.get('secret_mounts'));
      const secrets = optTuple(a.get('secret_mounts'));
      const mode = a.get('project_install_mode') ?? str('dependencies_only');
      checkNoLists('PixiProject', [['environment', env], ['extra_args', extra], ['project_install_mode', mode], ['secret_mounts', secrets]]);
      return [
        {
          type: 'PixiProject',
          hash: (h) => {
            h.text(needStr(env) + (truthy(extra) ? needStr(extra) : '') + secretsText(secrets));
            dependenciesOnly(mode);
            if (lock.kind !== 'none') h.bytes(ctx.read(pyStr(lock)));
            h.bytes(ctx.read(manifest));
          },
        },
      ];
    }
    case 'with_apt_packages':
    case 'with_commands': {
      const apt = method === 'with_apt_packages';
      const items: ArgValue = apt ? get(a, 'packages') : { kind: 'tuple', items: ensureTuple(get(a, 'commands')) };
      evalSecrets(a.get('secret_mounts'));
      const secrets = optTuple(a.get('secret_mounts'));
      const type = apt ? 'AptPackages' : 'Commands';
      checkNoLists(type, [[apt ? 'packages' : 'commands', items], ['secret_mounts', secrets]]);
      const list = items.kind === 'tuple' ? items.items : [];
      return [{ type, hash: (h) => h.text(list.map((x) => needStr(x)).join('') + secretsText(secrets)) }];
    }
    default:
      // with_local_v2, with_local_rs_controller, with_local_v2_plugins: wheels of a flyte-sdk checkout.
      throw new Unknowable(`\`${method}\` installs wheels built from a flyte-sdk checkout`);
  }
}
