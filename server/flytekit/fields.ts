// flytekit's ImageSpec as data: the dataclass fields in declaration order
// (positional arguments bind in this order), the chainable builder methods,
// the known builders, and flytekit's registry check (with the normalized
// registry IS101 offers, which must pass it). Rules, hover and completion
// read this table instead of hard-coding field facts.
// IMAGE_SPEC_FIELDS is the newest release's field list (NEWEST_KNOWN_RELEASE,
// every field any mirrored release has); which fields a given release has,
// and how it hashes them, is in ./versions.ts (fieldNamesFor).

import type { Value } from '../model/decl';
import { stripRegistryNoise } from '../model/registry';
import { BEHAVIOURS, behaviourFor, type Behaviour } from './versions';

/**
 * How a field's value is validated.
 * - `str`: a string.
 * - `strList`: a list of strings (flytekit rejects a bare string for most of these).
 * - `strDict`: a dict of string to string (`env`).
 * - `strPairList`: a list of (str, str) tuples (`pip_secret_mounts`).
 * - `baseImage`: a string image reference or a nested `ImageSpec(...)`.
 * - `dict`: a dict with string keys and any values.
 * - `enum`: a member of a flytekit enum (`CopyFileDetection`), never a literal.
 */
export type FieldKind = 'str' | 'strList' | 'strDict' | 'strPairList' | 'baseImage' | 'dict' | 'enum';

/**
 * How the newest release read feeds the field into the image tag
 * (ImageSpec.tag / ImageSpec.id); older releases differ (./versions.ts).
 * - `plain`: its value is part of the hashed dict when not None.
 * - `excluded`: never hashed (`pip_secret_mounts`, `builder` and `runtime_packages` are dropped by `id`, `registry_config` is reset to None by `tag`).
 * - `fileDigest`: replaced by the sha1 of the file's stripped bytes (`requirements`).
 * - `dirDigest`: replaced by a digest of files on disk (`source_root` with a copy mode, `copy`).
 * - `imageName`: a nested ImageSpec is replaced by its full image name (`base_image`).
 */
export type HashRole = 'plain' | 'excluded' | 'fileDigest' | 'dirDigest' | 'imageName';

export interface FieldInfo {
  name: string;
  /** The annotation as flytekit writes it. */
  pyType: string;
  kind: FieldKind;
  /** The default as Python source text in the newest release (`None`, `"flytekit"`). */
  defaultText: string;
  /** The default as a JavaScript value: a string, or null for None. */
  default: string | null;
  /** True when flytekit marks the field deprecated. None is, in any release read. */
  deprecated: boolean;
  /** True when `ImageSpec.__post_init__` raises ValueError unless the value is None or a list of strings. */
  checkedStrList: boolean;
  hash: HashRole;
  /** The first release read that has the field (`1.11.0` for the fields every mirrored release has). */
  since: string;
  /** One to three sentences of Markdown, for hover and completion. */
  doc: string;
}

function f(
  name: string,
  pyType: string,
  kind: FieldKind,
  defaultText: string,
  doc: string,
  extra: Partial<Pick<FieldInfo, 'checkedStrList' | 'hash'>> = {},
): FieldInfo {
  const def = defaultText === 'None' ? null : JSON.parse(defaultText);
  return {
    name,
    pyType,
    kind,
    defaultText,
    default: def,
    deprecated: false,
    checkedStrList: extra.checkedStrList ?? false,
    hash: extra.hash ?? 'plain',
    since: BEHAVIOURS.find((b) => b.fields.includes(name))?.since ?? '?',
    doc,
  };
}

/** ImageSpec's fields in dataclass order: the n-th positional argument binds to IMAGE_SPEC_FIELDS[n]. */
export const IMAGE_SPEC_FIELDS: readonly FieldInfo[] = [
  f('name', 'str', 'str', '"flytekit"',
    'The image name, the part between the registry and the tag. flytekit lowercases it, so the pushed name is always lowercase.'),
  f('python_version', 'str', 'str', 'None',
    'The Python version to install in the image, as a string such as `"3.11"`. When unset, the default builder uses the Python version of the machine that builds.'),
  f('builder', 'Optional[str]', 'str', 'None',
    'The name of the image builder plugin (`default`, `envd`, `noop`, `union`, ...). When unset, flytekit uses the registered builder with the highest priority.',
    { hash: 'excluded' }),
  f('source_root', 'Optional[str]', 'str', 'None',
    'A local folder whose files are copied into the image. Setting it turns on copying of the loaded Python modules unless `source_copy_mode` says otherwise, and the files then take part in the image tag.'),
  f('env', 'Optional[typing.Dict[str, str]]', 'strDict', 'None',
    'Environment variables set in the image, as a dict of name to value. Values become an `ENV` line of the generated Dockerfile.'),
  f('registry', 'Optional[str]', 'str', 'None',
    'The registry to push to, such as `ghcr.io/owner` or `us-east1-docker.pkg.dev/project/repository`. flytekit lowercases it and checks it against its registry pattern; without a registry the image stays local.'),
  f('packages', 'Optional[List[str]]', 'strList', 'None',
    'Python packages to install, as a list of requirement strings (`["pandas==2.2", "numpy"]`). A bare string is rejected; use `requirements=` for a file.',
    { checkedStrList: true }),
  f('conda_packages', 'Optional[List[str]]', 'strList', 'None',
    'Conda packages to install with micromamba, as a list of strings.', { checkedStrList: true }),
  f('conda_channels', 'Optional[List[str]]', 'strList', 'None',
    'Extra conda channels to install `conda_packages` from, as a list of strings.', { checkedStrList: true }),
  f('requirements', 'Optional[str]', 'str', 'None',
    'Path of a `requirements.txt`, `uv.lock` or `poetry.lock` file, relative to where pyflyte runs. Its content takes part in the image tag; a lock file needs a `pyproject.toml` beside it and excludes `packages`.',
    { hash: 'fileDigest' }),
  f('apt_packages', 'Optional[List[str]]', 'strList', 'None',
    'Debian packages to install with apt, as a list of strings.', { checkedStrList: true }),
  f('cuda', 'Optional[str]', 'str', 'None',
    'A CUDA version to install (envd builder). The default builder rejects it: install CUDA from PyPI or conda, or start from a CUDA base image.'),
  f('cudnn', 'Optional[str]', 'str', 'None',
    'A cuDNN version to install (envd builder). The default builder rejects it, like `cuda`.'),
  f('base_image', 'Optional[Union[str, "ImageSpec"]]', 'baseImage', 'None',
    'The image to build on: an image reference string, or another `ImageSpec` that is built first. The default builder starts from `debian:bookworm-slim` when unset.',
    { hash: 'imageName' }),
  f('platform', 'Optional[str]', 'str', 'None',
    'The target platform(s) of the build, `os/arch[/variant]`, comma separated for several (`"linux/amd64,linux/arm64"`). When unset, flytekit uses `linux/amd64`, or `linux/arm64` for a `localhost:` registry on an arm64 machine (1.16.4 on; `"linux/amd64"` before).'),
  f('pip_index', 'Optional[str]', 'str', 'None', 'A custom PyPI index URL, passed to the installer as `--index-url`.'),
  f('pip_extra_index_url', 'Optional[List[str]]', 'strList', 'None',
    'Additional PyPI index URLs, as a list of strings, each passed as `--extra-index-url`.', { checkedStrList: true }),
  f('pip_secret_mounts', 'Optional[List[Tuple[str, str]]]', 'strPairList', 'None',
    'Secrets mounted while packages install, as a list of `(local_path, mount_path)` tuples. Experimental; it does not change the image tag.',
    { hash: 'excluded' }),
  f('pip_extra_args', 'Optional[str]', 'str', 'None', 'Extra arguments for the package installer, as one space-separated string.'),
  f('registry_config', 'Optional[str]', 'str', 'None',
    'Path of a JSON registry config file for the builder. Changing it does not change the image tag.', { hash: 'excluded' }),
  f('entrypoint', 'Optional[List[str]]', 'strList', 'None',
    'Overrides the base image\'s entrypoint, as a list of strings; `[]` removes it.', { checkedStrList: true }),
  f('commands', 'Optional[List[str]]', 'strList', 'None',
    'Shell commands run while the image builds, as a list of strings (joined with `&&`).', { checkedStrList: true }),
  f('tag_format', 'Optional[str]', 'str', 'None',
    'A `str.format` template for the tag; `{spec_hash}` is the computed hash, as in `"{spec_hash}-dev"`. Without `{spec_hash}` every build gets the same tag.'),
  f('source_copy_mode', 'Optional[CopyFileDetection]', 'enum', 'None',
    'Which local files to copy into the image (`CopyFileDetection.LOADED_MODULES`, `ALL`, `NO_COPY`). Set implicitly to loaded modules when `source_root` is given.',
    { hash: 'dirDigest' }),
  f('copy', 'Optional[List[str]]', 'strList', 'None',
    'Files or folders to copy to `/root` in the image, as relative paths (`["src/file1.txt"]`). Absolute paths and `..` are rejected; their content takes part in the image tag.',
    { hash: 'dirDigest' }),
  f('python_exec', 'Optional[str]', 'str', 'None',
    'The Python executable to install packages with, for base images that bring their own Python. Incompatible with `conda_packages` and `conda_channels`.'),
  f('runtime_packages', 'Optional[List[str]]', 'strList', 'None',
    'Python packages installed when the task starts rather than at build time; the base image needs `pip`. They do not change the image tag.',
    { checkedStrList: true, hash: 'excluded' }),
  f('builder_options', 'Optional[Dict[str, Any]]', 'dict', 'None',
    'Builder-specific options as a dict, passed to the builder as is (for example an image pull secret for the Union builder).'),
  f('builder_config', 'Optional[Dict[str, Any]]', 'dict', 'None',
    'Images the builder uses for its own tooling, such as `uv_image` and `micromamba_image`, for builds without internet access.'),
];

const FIELD_BY_NAME = new Map(IMAGE_SPEC_FIELDS.map((x) => [x.name, x]));

export function fieldInfo(name: string): FieldInfo | undefined {
  return FIELD_BY_NAME.get(name);
}

export const FIELD_NAMES: readonly string[] = IMAGE_SPEC_FIELDS.map((x) => x.name);

/**
 * The field names a release's ImageSpec accepts, in dataclass order, or
 * undefined when the release's behaviour is not known (older than 1.11, or
 * not a release read): callers then say nothing about field names.
 */
export function fieldNamesFor(version: string): readonly string[] | undefined {
  const b = behaviourFor(version);
  return b.ok ? b.behaviour.fields : undefined;
}

/** The fields of one behaviour row, as FieldInfo in that release's dataclass order. */
export function fieldsOf(b: Behaviour): readonly FieldInfo[] {
  return b.fields.map((n) => FIELD_BY_NAME.get(n)!);
}

// ---------------------------------------------------------------------------
// Checking a value against a field's kind (drives IS502 and friends).

export type KindCheck =
  | { ok: true }
  | { ok: false; problem: 'bareString' | 'notList' | 'nonStringItem' | 'notDict' | 'nonStringEntry' | 'badPair' | 'notString' | 'notBaseImage'; value: Value }
  /** The value (or the part of it that decides) is not statically known. */
  | { ok: 'unknown' };

/**
 * Checks a resolved value against a field's kind. None is accepted for every
 * field whose default is None. An unknown value (or a dict with `**rest`)
 * gives `{ ok: 'unknown' }`: no rule reports on it. For a bad list item the
 * returned value is the item.
 */
export function checkKind(info: FieldInfo, v: Value): KindCheck {
  if (v.kind === 'unknown') return { ok: 'unknown' };
  if (v.kind === 'none') return info.default === null ? { ok: true } : { ok: false, problem: 'notString', value: v };
  switch (info.kind) {
    case 'str':
      return v.kind === 'str' ? { ok: true } : { ok: false, problem: 'notString', value: v };
    case 'baseImage':
      return v.kind === 'str' || v.kind === 'spec' ? { ok: true } : { ok: false, problem: 'notBaseImage', value: v };
    case 'strList': {
      if (v.kind === 'str') return { ok: false, problem: 'bareString', value: v };
      // flytekit checks isinstance(attr, list): a tuple or set is rejected too.
      if (v.kind !== 'list' || (v.form && v.form !== 'list')) return { ok: false, problem: 'notList', value: v };
      let unknown = false;
      for (const item of v.items) {
        if (item.kind === 'unknown') unknown = true;
        else if (item.kind !== 'str') return { ok: false, problem: 'nonStringItem', value: item };
      }
      return unknown ? { ok: 'unknown' } : { ok: true };
    }
    case 'strDict': {
      if (v.kind !== 'dict') return { ok: false, problem: 'notDict', value: v };
      let unknown = !!v.open;
      for (const e of v.entries) {
        for (const part of [e.key, e.value]) {
          if (part.kind === 'unknown') unknown = true;
          else if (part.kind !== 'str') return { ok: false, problem: 'nonStringEntry', value: part };
        }
      }
      return unknown ? { ok: 'unknown' } : { ok: true };
    }
    case 'dict':
      return v.kind === 'dict' ? { ok: true } : { ok: false, problem: 'notDict', value: v };
    case 'strPairList': {
      if (v.kind !== 'list' || (v.form && v.form !== 'list')) return { ok: false, problem: 'notList', value: v };
      let unknown = false;
      for (const item of v.items) {
        if (item.kind === 'unknown') {
          unknown = true;
          continue;
        }
        if (item.kind !== 'list' || item.form !== 'tuple' || item.items.length !== 2) return { ok: false, problem: 'badPair', value: item };
        for (const part of item.items) {
          if (part.kind === 'unknown') unknown = true;
          else if (part.kind !== 'str') return { ok: false, problem: 'badPair', value: item };
        }
      }
      return unknown ? { ok: 'unknown' } : { ok: true };
    }
    case 'enum':
      // Enum members are attribute accesses, which extractors leave unknown;
      // a literal string or number here is a mistake.
      return { ok: false, problem: 'notString', value: v };
  }
}

// ---------------------------------------------------------------------------
// Builder methods chained on an ImageSpec.

export interface BuilderMethod {
  name: string;
  /** The field the method changes; undefined for force_push. */
  field?: string;
  /** `extend`: a string is appended, a list extends (anything else is ignored); `merge`: dict update; `flag`: no field. */
  mode: 'extend' | 'merge' | 'flag';
  /** The parameter name as flytekit writes it, for keyword calls. */
  param?: string;
  pySignature: string;
  since?: string;
  doc: string;
}

export const BUILDER_METHODS: readonly BuilderMethod[] = [
  { name: 'with_packages', field: 'packages', mode: 'extend', param: 'packages',
    pySignature: 'with_packages(packages: Union[str, List[str]]) -> ImageSpec',
    doc: 'Returns a copy of the spec with more Python packages: a string is appended to `packages`, a list extends it.' },
  { name: 'with_apt_packages', field: 'apt_packages', mode: 'extend', param: 'apt_packages',
    pySignature: 'with_apt_packages(apt_packages: Union[str, List[str]]) -> ImageSpec',
    doc: 'Returns a copy of the spec with more apt packages appended to `apt_packages`.' },
  { name: 'with_commands', field: 'commands', mode: 'extend', param: 'commands',
    pySignature: 'with_commands(commands: Union[str, List[str]]) -> ImageSpec',
    doc: 'Returns a copy of the spec with more build commands appended to `commands`.' },
  { name: 'with_copy', field: 'copy', mode: 'extend', param: 'src',
    pySignature: 'with_copy(src: Union[str, List[str]]) -> ImageSpec', since: '1.13.6',
    doc: 'Returns a copy of the spec with more files or folders appended to `copy`, copied to `/root` in the image.' },
  { name: 'with_runtime_packages', field: 'runtime_packages', mode: 'extend', param: 'runtime_packages',
    pySignature: 'with_runtime_packages(runtime_packages: List[str]) -> ImageSpec', since: '1.15.4',
    doc: 'Returns a copy of the spec with packages installed when the task starts, appended to `runtime_packages`.' },
  { name: 'with_builder_options', field: 'builder_options', mode: 'merge', param: 'builder_options',
    pySignature: 'with_builder_options(builder_options: Dict[str, Any]) -> ImageSpec', since: '1.15.4',
    doc: 'Returns a copy of the spec whose `builder_options` are updated with the given dict.' },
  { name: 'force_push', mode: 'flag',
    pySignature: 'force_push() -> ImageSpec', since: '1.12.0',
    doc: 'Returns a copy of the spec that is rebuilt and pushed even when the image exists. From flytekit 1.13.5 any later `with_*` call makes a fresh spec and drops the flag, so call it last.' },
];

const METHOD_BY_NAME = new Map(BUILDER_METHODS.map((m) => [m.name, m]));

export function builderMethod(name: string): BuilderMethod | undefined {
  return METHOD_BY_NAME.get(name);
}

// ---------------------------------------------------------------------------
// Builders.

export interface BuilderInfo {
  name: string;
  /** Where it comes from. */
  provider: string;
  /** Registration priority; when `builder` is unset flytekit picks the highest registered one. */
  priority?: number;
  /** True when the builder pushes the image to `registry`. */
  pushes: boolean;
  doc: string;
}

export const KNOWN_BUILDERS: readonly BuilderInfo[] = [
  { name: 'default', provider: 'flytekit', priority: 1, pushes: true,
    doc: 'flytekit\'s own builder (1.13.0 on): writes a Dockerfile and runs `docker build`, pushing when `registry` is set.' },
  { name: 'noop', provider: 'flytekit', priority: 0, pushes: false,
    doc: 'Builds nothing (1.15.4 on): the task runs on `base_image` exactly as given, which must be a string.' },
  { name: 'envd', provider: 'flytekitplugins-envd', priority: 5, pushes: true,
    doc: 'The envd plugin builder; takes precedence over `default` when the plugin is installed.' },
  { name: 'union', provider: 'union', priority: 10, pushes: false,
    doc: 'Union\'s remote image builder: the image is built and stored by Union. It registers at priority 10 for a Union Serverless endpoint and 0 otherwise, so on BYOC it is used only when named.' },
  { name: 'unionai', provider: 'union, unionai', priority: 10, pushes: false,
    doc: 'The same remote image builder under the name the older `unionai` package used.' },
];

export const BUILDER_NAMES: readonly string[] = KNOWN_BUILDERS.map((b) => b.name);

/** The builder used when `builder` is unset and only flytekit is installed (the highest-priority registered builder). */
export const DEFAULT_BUILDER = 'default';

/** Builders that push to `registry` (IS109). */
export const PUSHING_BUILDERS: readonly string[] = KNOWN_BUILDERS.filter((b) => b.pushes).map((b) => b.name);

export const DEFAULT_NAME = 'flytekit';
export const DEFAULT_PLATFORM = 'linux/amd64';
/** Lock files the default builder recognises by the basename of `requirements`. */
export const LOCK_FILE_NAMES: readonly string[] = ['uv.lock', 'poetry.lock'];

// ---------------------------------------------------------------------------
// Registry check.

/** flytekit's pattern, as written in validate_container_registry_name (Python `re` syntax). */
export const FLYTEKIT_REGISTRY_PATTERN = String.raw`^(localhost:\d{1,5}|([a-z\d\._-]+)(:\d{1,5})?)(/[\w\.-]+)*$`;

/**
 * The same pattern with Python's semantics in JavaScript: Python's `\d` is any
 * Unicode decimal digit and `\w` any Unicode letter, number or underscore, and
 * Python's `$` also matches before one final newline.
 */
export const FLYTEKIT_REGISTRY_RE = /^(localhost:\p{Nd}{1,5}|([a-z\p{Nd}._-]+)(:\p{Nd}{1,5})?)(\/[\p{L}\p{N}_.-]+)*\n?$/u;

/**
 * Mirrors ImageSpec.__post_init__: an empty registry is skipped (it is falsy),
 * anything else is lowercased and then checked by validate_container_registry_name.
 */
export function isValidRegistry(registry: string): boolean {
  if (registry === '') return true;
  return FLYTEKIT_REGISTRY_RE.test(registry.toLowerCase());
}

/**
 * The registry an IS101 quick fix offers: the value with its noise removed
 * (model/registry `stripRegistryNoise`: scheme, quotes, whitespace around it,
 * trailing `/` and `.`, tag, digest, doubled slashes, the IAM colon of a
 * domain-scoped project), provided flytekit then accepts it. The input itself
 * when it is already clean and accepted. Undefined when nothing confident can
 * be offered. Case is kept: uppercase is IS102's business.
 */
export function normalizeRegistry(input: string): string | undefined {
  const out = stripRegistryNoise(input);
  // Never '' (which flytekit would skip rather than check).
  return out !== undefined && isValidRegistry(out) ? out : undefined;
}
