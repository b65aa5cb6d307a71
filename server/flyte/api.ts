// The `flyte.Image` API as flyte-sdk defines it: constructors, `clone`, the
// `with_*` layer methods with their exact Python signatures (so calls can be
// bound as Python binds them, see bind.ts), the layer each adds, the
// release that introduced each, the Image fields and the config `image:` keys.
//
// Read at flyte-sdk v2.6.5, src/flyte/_image.py (cited as I:line); "since"
// from the signature of every tagged release v2.0.0 .. v2.6.5 (a parameter
// or method missing before its "since" is a TypeError / AttributeError there).

import { atLeast } from './version';

export type ParamKind = 'positional' | 'varargs' | 'keyword';

export interface Param {
  name: string;
  /** positional-or-keyword, `*name`, or keyword-only (after `*`). */
  kind: ParamKind;
  /** No default: Python raises "missing ... argument" without it. */
  required?: boolean;
  /** The default as written in the source (`None`, `"dependencies_only"`). */
  default?: string;
  /** The annotation as written, for hover and completion. */
  type: string;
  /** The first release with this parameter, when later than its method's. */
  since?: string;
}

export type MethodKind = 'constructor' | 'clone' | 'layer' | 'internal';

export interface MethodInfo {
  name: string;
  kind: MethodKind;
  /** A classmethod (`Image.from_base(...)`) or an instance method (`img.with_*`). */
  classmethod: boolean;
  params: Param[];
  /** The first release with the method. */
  since: string;
  /** The Layer class it appends (one per call; `with_source_file([...])` adds one per file). */
  layer?: string;
  /** Where it is defined at v2.6.5. */
  source: string;
  doc: string;
}

const P = (name: string, type: string, def?: string, extra: Partial<Param> = {}): Param => ({
  name,
  kind: 'positional',
  type,
  ...(def === undefined ? { required: true } : { default: def }),
  ...extra,
});
const K = (name: string, type: string, def?: string, extra: Partial<Param> = {}): Param => ({ ...P(name, type, def, extra), kind: 'keyword' });
const V = (name: string, type: string): Param => ({ name, kind: 'varargs', type });

/** index_url, extra_index_urls, pre, extra_args, secret_mounts: PipOption's fields (I:95-100). */
const pipOptions = (kind: ParamKind, since?: string): Param[] =>
  [
    { ...P('index_url', 'Optional[str]', 'None'), kind },
    { ...P('extra_index_urls', 'Union[str, List[str], Tuple[str, ...], None]', 'None'), kind },
    { ...P('pre', 'bool', 'False'), kind },
    { ...P('extra_args', 'Optional[str]', 'None'), kind },
    { ...P('secret_mounts', 'Optional[SecretRequest]', 'None'), kind },
  ].map((p) => (since ? { ...p, since } : p));

export const IMAGE_METHODS: readonly MethodInfo[] = [
  {
    name: 'from_debian_base',
    kind: 'constructor',
    classmethod: true,
    since: '2.0.0',
    source: 'src/flyte/_image.py:786-826',
    doc:
      'The default image: `ghcr.io/flyteorg/flyte:py{M}.{m}-v{flyte version}` (used as is), or with `install_flyte=False` ' +
      '`python:{M}.{m}-slim-bookworm` plus the flyte user, workdir, env and apt layers. With `registry` or `name` it is cloned ' +
      '(extendable); without either, `registry_secret` is dropped.',
    params: [
      P('python_version', 'Optional[Tuple[int, int]]', 'None'),
      P('flyte_version', 'Optional[str]', 'None'),
      P('install_flyte', 'bool', 'True'),
      P('registry', 'Optional[str]', 'None'),
      P('registry_secret', 'Optional[str | Secret]', 'None'),
      P('name', 'Optional[str]', 'None'),
      P('platform', 'Optional[Tuple[Architecture, ...]]', 'None'),
    ],
  },
  {
    name: 'from_base',
    kind: 'constructor',
    classmethod: true,
    since: '2.0.0',
    source: 'src/flyte/_image.py:829-852',
    doc: 'A pre-built image, used as is (its URI is `image_uri`). Not extendable and nameless: `.clone(name=..., extendable=True)` before any layer.',
    params: [P('image_uri', 'str')],
  },
  {
    name: 'from_ref_name',
    kind: 'constructor',
    classmethod: true,
    since: '2.0.0',
    source: 'src/flyte/_image.py:855-859',
    doc: 'An image named in the config `image.image_refs` (or `--image name=uri`), substituted at deploy. Not extendable.',
    params: [P('name', 'str', '_DEFAULT_IMAGE_REF_NAME')],
  },
  {
    name: 'from_uv_script',
    kind: 'constructor',
    classmethod: true,
    since: '2.0.0',
    layer: 'UVScript',
    source: 'src/flyte/_image.py:862-931',
    doc: '`from_debian_base(install_flyte=False, ...)` plus the dependencies of a uv script header (`# /// script`).',
    params: [
      P('script', 'Path | str'),
      K('name', 'str'),
      K('registry', 'str | None', 'None'),
      K('registry_secret', 'Optional[str | Secret]', 'None'),
      K('python_version', 'Optional[Tuple[int, int]]', 'None'),
      ...pipOptions('keyword').slice(0, 4),
      K('platform', 'Optional[Tuple[Architecture, ...]]', 'None'),
      K('secret_mounts', 'Optional[SecretRequest]', 'None'),
    ],
  },
  {
    name: 'from_dockerfile',
    kind: 'constructor',
    classmethod: true,
    since: '2.0.0',
    source: 'src/flyte/_image.py:1006-1042',
    doc: 'An image built from a Dockerfile (context: its folder). Never extendable; the local builder only.',
    params: [
      P('file', 'Union[Path, str]'),
      P('registry', 'str'),
      P('name', 'str'),
      P('platform', 'Union[Architecture, Tuple[Architecture, ...], None]', 'None'),
    ],
  },
  {
    name: 'clone',
    kind: 'clone',
    classmethod: false,
    since: '2.0.0',
    source: 'src/flyte/_image.py:933-1003',
    doc: 'A copy with another registry, name, base image or python version; `extendable=True` allows layers on it.',
    params: [
      P('registry', 'Optional[str]', 'None'),
      P('registry_secret', 'Optional[str | Secret]', 'None'),
      P('name', 'Optional[str]', 'None'),
      P('base_image', 'Optional[str]', 'None'),
      P('python_version', 'Optional[Tuple[int, int]]', 'None'),
      P('addl_layer', 'Optional[Layer]', 'None'),
      P('extendable', 'Optional[bool]', 'None'),
      P('platform', 'Union[Architecture, Tuple[Architecture, ...], None]', 'None', { since: '2.5.2' }),
    ],
  },
  {
    name: 'with_workdir',
    kind: 'layer',
    classmethod: false,
    since: '2.0.0',
    layer: 'WorkDir',
    source: 'src/flyte/_image.py:1105-1114',
    doc: 'Sets the working directory.',
    params: [P('workdir', 'str')],
  },
  {
    name: 'with_requirements',
    kind: 'layer',
    classmethod: false,
    since: '2.0.0',
    layer: 'Requirements',
    source: 'src/flyte/_image.py:1116-1152',
    doc: 'Installs a requirements file (must end in `.txt`).',
    params: [P('file', 'str | Path'), ...pipOptions('positional').slice(0, 4).map((p) => ({ ...p, since: '2.0.7' })), P('secret_mounts', 'Optional[SecretRequest]', 'None')],
  },
  {
    name: 'with_pip_packages',
    kind: 'layer',
    classmethod: false,
    since: '2.0.0',
    layer: 'PipPackages',
    source: 'src/flyte/_image.py:1154-1215',
    doc: 'Installs pip packages, each a separate argument.',
    params: [V('packages', 'str'), ...pipOptions('keyword')],
  },
  {
    name: 'with_env_vars',
    kind: 'layer',
    classmethod: false,
    since: '2.0.0',
    layer: 'Env',
    source: 'src/flyte/_image.py:1217-1229',
    doc: 'Sets environment variables (a dict).',
    params: [P('env_vars', 'Dict[str, str]')],
  },
  {
    name: 'with_source_folder',
    kind: 'layer',
    classmethod: false,
    since: '2.0.0',
    layer: 'CopyConfig',
    source: 'src/flyte/_image.py:1231-1248',
    doc: 'Copies a local folder into the image (a `pathlib.Path`; `./<name>` unless `copy_contents_only=True`).',
    params: [P('src', 'Path'), P('dst', 'str', '"."'), P('copy_contents_only', 'bool', 'False')],
  },
  {
    name: 'with_source_file',
    kind: 'layer',
    classmethod: false,
    since: '2.0.0',
    layer: 'CopyConfig',
    source: 'src/flyte/_image.py:1250-1274',
    doc: 'Copies a local file, or a list of `pathlib.Path` files (list since 2.0.3), into the image.',
    params: [P('src', 'typing.Union[Path, typing.List[Path]]'), P('dst', 'str', '"."')],
  },
  {
    name: 'with_code_bundle',
    kind: 'layer',
    classmethod: false,
    since: '2.0.3',
    layer: 'CodeBundleLayer',
    source: 'src/flyte/_image.py:1276-1296',
    doc: 'Bakes the code bundle into the image when the deploy copy style is "none"; a no-op otherwise.',
    params: [P('copy_style', 'Literal["loaded_modules", "all"]', '"loaded_modules"'), P('dst', 'str', '"."')],
  },
  {
    name: 'with_dockerignore',
    kind: 'layer',
    classmethod: false,
    since: '2.0.0',
    layer: 'DockerIgnore',
    source: 'src/flyte/_image.py:1298-1305',
    doc: 'A .dockerignore that filters copied files (the last one wins).',
    params: [P('path', 'Path')],
  },
  {
    name: 'with_uv_project',
    kind: 'layer',
    classmethod: false,
    since: '2.0.0',
    layer: 'UVProject',
    source: 'src/flyte/_image.py:1307-1361',
    doc: 'Installs a uv project from its pyproject.toml and uv.lock (found beside it when `uvlock` is not given).',
    params: [
      P('pyproject_file', 'str | Path'),
      P('uvlock', 'Path | None', 'None'),
      P('index_url', 'Optional[str]', 'None'),
      P('extra_index_urls', 'Union[List[str], Tuple[str, ...], None]', 'None'),
      P('pre', 'bool', 'False'),
      P('extra_args', 'Optional[str]', 'None'),
      P('secret_mounts', 'Optional[SecretRequest]', 'None'),
      P('project_install_mode', 'typing.Literal["dependencies_only", "install_project"]', '"dependencies_only"'),
    ],
  },
  {
    name: 'with_poetry_project',
    kind: 'layer',
    classmethod: false,
    since: '2.0.0',
    layer: 'PoetryProject',
    source: 'src/flyte/_image.py:1363-1407',
    doc: 'Installs a Poetry project from its pyproject.toml and poetry.lock (beside it unless given).',
    params: [
      P('pyproject_file', 'str | Path'),
      P('poetry_lock', 'Path | None', 'None'),
      P('extra_args', 'Optional[str]', 'None'),
      P('secret_mounts', 'Optional[SecretRequest]', 'None'),
      P('project_install_mode', 'typing.Literal["dependencies_only", "install_project"]', '"dependencies_only"'),
    ],
  },
  {
    name: 'with_pixi_project',
    kind: 'layer',
    classmethod: false,
    since: '2.5.12',
    layer: 'PixiProject',
    source: 'src/flyte/_image.py:1409-1485',
    doc: 'Installs a pixi environment from pixi.toml / pyproject.toml (or their folder) and pixi.lock.',
    params: [
      P('manifest_file', 'str | Path'),
      P('pixi_lock', 'Path | None', 'None'),
      P('environment', 'str', '"default"'),
      P('extra_args', 'Optional[str]', 'None'),
      P('secret_mounts', 'Optional[SecretRequest]', 'None'),
      P('project_install_mode', 'typing.Literal["dependencies_only", "install_project"]', '"dependencies_only"'),
    ],
  },
  {
    name: 'with_apt_packages',
    kind: 'layer',
    classmethod: false,
    since: '2.0.0',
    layer: 'AptPackages',
    source: 'src/flyte/_image.py:1487-1504',
    doc: 'Installs apt packages, each a separate argument.',
    params: [V('packages', 'str'), K('secret_mounts', 'Optional[SecretRequest]', 'None')],
  },
  {
    name: 'with_commands',
    kind: 'layer',
    classmethod: false,
    since: '2.0.0',
    layer: 'Commands',
    source: 'src/flyte/_image.py:1506-1524',
    doc: 'Runs shell commands (a list; each becomes `RUN <command>`, so no `RUN ` prefix).',
    params: [P('commands', 'List[str]'), P('secret_mounts', 'Optional[SecretRequest]', 'None')],
  },
  {
    name: 'with_local_v2',
    kind: 'internal',
    classmethod: false,
    since: '2.0.0',
    layer: 'PythonWheels',
    source: 'src/flyte/_image.py:1526-1537',
    doc: 'flyte-sdk development: installs the wheels of a local flyte-sdk checkout (dist/).',
    params: [],
  },
  {
    name: 'with_local_rs_controller',
    kind: 'internal',
    classmethod: false,
    since: '2.3.0',
    layer: 'PythonWheels',
    source: 'src/flyte/_image.py:1539-1548',
    doc: 'flyte-sdk development: installs a locally built Rust controller wheel.',
    params: [],
  },
  {
    name: 'with_local_v2_plugins',
    kind: 'internal',
    classmethod: false,
    since: '2.0.10',
    layer: 'PythonWheels',
    source: 'src/flyte/_image.py:1550-1574',
    doc: 'flyte-sdk development: installs local plugin wheels (names must start with `flyteplugins-`).',
    params: [P('plugins', 'str | list[str] | None', 'None')],
  },
];

const BY_NAME = new Map(IMAGE_METHODS.map((m) => [m.name, m]));

/** The method as it exists in `version` (parameters newer than it dropped), or undefined. */
export function imageMethod(name: string, version: string): MethodInfo | undefined {
  const m = BY_NAME.get(name);
  if (!m || !atLeast(version, m.since)) return undefined;
  if (m.params.every((p) => !p.since || atLeast(version, p.since))) return m;
  return { ...m, params: m.params.filter((p) => !p.since || atLeast(version, p.since)) };
}

/** Every method name an Image has in `version` (for completion and IS501 did-you-mean). */
export function imageMethodNames(version: string): string[] {
  return IMAGE_METHODS.filter((m) => atLeast(version, m.since)).map((m) => m.name);
}

/** Other public members of Image (not calls that build a chain). */
export const IMAGE_OTHER_MEMBERS = ['uri', 'validate'] as const;

/**
 * The fields of the frozen dataclass `Image` (I:635-654) with their defaults.
 * Registry, name, platform and python_version are never hashed.
 */
export const IMAGE_FIELDS = [
  { name: 'base_image', default: 'None', doc: 'Hashed first (its UTF-8 bytes); the URI of an uncloned image.' },
  { name: 'dockerfile', default: 'None', doc: 'A Path; its bytes are hashed after base_image.' },
  { name: 'registry', default: 'None', doc: 'Not validated or lowercased by flyte; `registry/name:tag`.' },
  { name: 'name', default: 'None', doc: 'Required before any layer (ValueError at I:984-987).' },
  { name: 'platform', default: '("linux/amd64",)', doc: 'from_debian_base / from_uv_script default to ("linux/amd64", "linux/arm64") (I:722, 730).' },
  { name: 'python_version', default: 'the running interpreter (I:580-587)', doc: 'Enters the URI only through the default base image tag.' },
  { name: 'extendable', default: 'False', doc: 'Layers need it (ValueError at I:968-972).' },
  { name: '_is_cloned', default: 'False', doc: 'False: the image is used as is (uri = base_image); clone() sets it.' },
  { name: '_ref_name', default: 'None', doc: 'Set by from_ref_name.' },
  { name: '_layers', default: '()', doc: 'Hashed in order after base_image and the Dockerfile.' },
  { name: '_tag', default: 'None (init=False)', doc: 'Set only on the install_flyte=False preset (`py{M}.{m}`); clone() drops it.' },
  { name: '_image_registry_secret', default: 'None', doc: 'Not hashed; a str becomes Secret(key=...) in clone().' },
] as const;

/**
 * The config `image:` section (flyte/config/_internal.py:76-88, _config.py:151-173).
 * Each key is read from `FLYTE_IMAGE_<KEY>` first (the env var wins even when
 * empty: an empty FLYTE_IMAGE_REGISTRY hides the file's registry), then the file.
 */
export const CONFIG_IMAGE_KEYS = [
  { key: 'builder', env: 'FLYTE_IMAGE_BUILDER', doc: '`local` (docker buildx on this machine, the default) or `remote` (the Union image builder); another name loads an entry point of group `flyte.plugins.image_builders`.' },
  { key: 'registry', env: 'FLYTE_IMAGE_REGISTRY', doc: 'The registry images without one are pushed to.' },
  { key: 'image_refs', env: 'FLYTE_IMAGE_IMAGE_REFS', doc: 'A mapping name -> image URI for `Image.from_ref_name(name)` (`default` replaces the "auto" image). The env var is taken as a raw string, not parsed.' },
] as const;

/**
 * Where flyte looks for its config file when none is given
 * (flyte/config/_reader.py:148-194), in order; the first that exists wins.
 * Relative entries are relative to the folder flyte runs in.
 */
export const CONFIG_SEARCH_ORDER = [
  './config.yaml',
  './.flyte/config.yaml',
  '<git root>/.flyte/config.yaml',
  '$UCTL_CONFIG',
  '$FLYTECTL_CONFIG',
  '~/.union/config.yaml',
  '~/.flyte/config.yaml',
] as const;
