// What each flytekit release does with an ImageSpec, as data: one table
// (BEHAVIOURS), one row per release where behaviour changed, each row citing
// the release tag and file it was read from (flyteorg/flytekit, `git show
// TAG:PATH`). The rows cover every release from 1.11.0 to the newest one read
// (KNOWN_RELEASES); older releases are known by name only, and the tag is not
// computed for them. The facts behind each row were read with `git show
// TAG:flytekit/image_spec/image_spec.py` (and default_builder.py, __init__.py)
// at every release tag; test/golden/flytekit-tags.json holds tags recorded
// from that code (scripts/record-flytekit-golden.py).
//
// Rules, hover and the tag computation (./tag.ts) ask behaviourFor(version)
// and read the row; nothing else in the code branches on a version number.

/** Final releases read, oldest first: the release tags of flyteorg/flytekit from 1.10.0 to the newest 1.16.x fetched. */
export const KNOWN_RELEASES: readonly string[] = [
  '1.10.0', '1.10.1', '1.10.2', '1.10.3', '1.10.7',
  '1.11.0',
  '1.12.0', '1.12.2', '1.12.3',
  '1.13.0', '1.13.1', '1.13.2', '1.13.3', '1.13.4', '1.13.5', '1.13.6', '1.13.7', '1.13.8', '1.13.9', '1.13.10',
  '1.13.11', '1.13.12', '1.13.13', '1.13.14', '1.13.15',
  '1.14.0', '1.14.1', '1.14.2', '1.14.3', '1.14.4', '1.14.5', '1.14.6', '1.14.7', '1.14.8', '1.14.9',
  '1.15.0', '1.15.1', '1.15.2', '1.15.3', '1.15.4',
  '1.16.0', '1.16.1', '1.16.2', '1.16.3', '1.16.4', '1.16.5', '1.16.6', '1.16.7', '1.16.8', '1.16.9', '1.16.10',
  '1.16.11', '1.16.12', '1.16.13', '1.16.14', '1.16.15', '1.16.16', '1.16.17', '1.16.18', '1.16.19', '1.16.20',
  '1.16.21', '1.16.22', '1.16.23', '1.16.24',
];

/** The newest release read: what a project that pins nothing is judged against. */
export const NEWEST_KNOWN_RELEASE = KNOWN_RELEASES[KNOWN_RELEASES.length - 1];

/** The oldest release whose tag computation is mirrored. */
export const OLDEST_TAG_RELEASE = '1.11.0';

/** How `with_packages` and friends change a spec. */
export type UpdateMode =
  /**
   * 1.11.0-1.13.4: a deep copy; the list starts as [] when None; a `list`
   * extends it and anything else is appended as one item; __post_init__ does
   * not run again (so `_is_force_push` survives).
   */
  | 'copyAppend'
  /**
   * 1.13.5-1.15.3 (`_update_attribute`): `deepcopy(value) or []`; a str is
   * appended, a list extends, anything else is ignored; then
   * dataclasses.replace, which runs __post_init__ again.
   */
  | 'replace'
  /**
   * 1.15.4 on: as `replace`, and a dict updates a dict field (None starts as
   * {} for a dict argument); a str or list on a non-list, or a dict on a
   * non-dict, raises TypeError.
   */
  | 'replaceDict';

/** How a `base_image=ImageSpec(...)` enters the outer spec's tag. */
export type NestedBase =
  /** 1.11.0: `base_image` is typed str; an ImageSpec there is not supported. */
  | 'unsupported'
  /** Replaced by the nested spec's image_name() before hashing. */
  | 'imageName'
  /** 1.13.5 only: `dataclasses.replace(spec, base_image=spec.base_image)` keeps the spec, so asdict hashes its fields. */
  | 'fields';

export interface BuilderRegistration {
  name: string;
  priority: number;
  /** Where it registers: flytekit itself, or the package that must be installed. */
  provider: string;
}

export interface DefaultBuilderFacts {
  /** `cuda` or `cudnn` set: create_docker_context raises ValueError. */
  rejectsCuda: boolean;
  /** Basenames of `requirements` handled as lock files (with a pyproject.toml beside them, without `packages`). */
  lockFiles: readonly string[];
  /** `python_exec` together with conda_packages / conda_channels raises ValueError. */
  pythonExecRejectsConda: boolean;
  /** _SUPPORTED_IMAGE_SPEC_PARAMETERS: anything else set makes it warn "unsupported and ignored" (it still uses some of them). */
  supported: readonly string[];
}

export interface Behaviour {
  /** The first release of the row. */
  since: string;
  /** Where the row was read: `tag:path:line` of the change. */
  source: string;
  /** What changed at this release, in one sentence. */
  change: string;
  /** ImageSpec's dataclass fields, in declaration order (positional arguments bind in this order). */
  fields: readonly string[];
  /** `platform`'s default: a string, or `machine` when __post_init__ fills it (1.16.4: linux/arm64 for a localhost registry on an arm64 machine, else linux/amd64). */
  platformDefault: 'linux/amd64' | 'machine';
  /** The chainable builder methods that exist. */
  methods: readonly string[];
  update: UpdateMode;
  /** __post_init__ validates the registry against flytekit's pattern. */
  validatesRegistry: boolean;
  /** Fields __post_init__ requires to be None or a list of str (ValueError). */
  strLists: readonly string[];
  /** __post_init__ checks pip_secret_mounts (a list of (str, str) tuples) and builder_options (a dict). */
  validatesPipSecretMounts: boolean;
  validatesBuilderOptions: boolean;
  /** A source_root implies source_copy_mode=LOADED_MODULES. */
  sourceRootImpliesCopyMode: boolean;
  /** __post_init__ fills an unset `builder` with the highest-priority registered builder. */
  fillsBuilder: boolean;
  hash: {
    /** Fields whose None value is left out of the hashed dict (1.13.5: the `id` dict_factory). False: every field is hashed, None included. */
    dropNone: boolean;
    /** Fields never hashed (the `id` dict_factory's parameters_to_exclude). */
    excluded: readonly string[];
    /** An unset (falsy) source_root is hashed as `b''` (1.11.0) rather than as itself. */
    emptySourceRootAsBytes: boolean;
    /** The requirements file's bytes are stripped before sha1. */
    stripRequirements: boolean;
    nestedBase: NestedBase;
    /** The digest that replaces a set source_root: `os.walk` order (1.11.0), compute_digest (1.12.0), ls_files of the copy mode (1.13.6). */
    sourceRootDigest: 'hash_directory' | 'compute_digest' | 'ls_files';
  };
  /** Builders flytekit itself registers, with ImageBuildEngine.register's priorities. */
  registered: readonly BuilderRegistration[];
  /** The `default` builder (undefined before 1.13.0: flytekit had none). */
  defaultBuilder?: DefaultBuilderFacts;
}

const F_1_11 = [
  'name', 'python_version', 'builder', 'source_root', 'env', 'registry', 'packages', 'conda_packages', 'conda_channels',
  'requirements', 'apt_packages', 'cuda', 'cudnn', 'base_image', 'platform', 'pip_index', 'registry_config', 'commands',
] as const;

function insertAfter(list: readonly string[], after: string, ...names: string[]): string[] {
  const i = list.indexOf(after);
  if (i < 0) throw new Error(`no field ${after}`);
  return [...list.slice(0, i + 1), ...names, ...list.slice(i + 1)];
}

const F_1_12 = insertAfter(insertAfter(F_1_11, 'pip_index', 'pip_extra_index_url'), 'commands', 'tag_format');
const F_1_13_1 = insertAfter(F_1_12, 'registry_config', 'entrypoint');
const F_1_13_6 = [...F_1_13_1, 'source_copy_mode', 'copy'];
const F_1_15_0 = [...insertAfter(F_1_13_6, 'pip_extra_index_url', 'pip_secret_mounts', 'pip_extra_args'), 'python_exec'];
const F_1_15_4 = [...F_1_15_0, 'runtime_packages', 'builder_options'];
const F_1_16_0 = [...F_1_15_4, 'builder_config'];

const STR_LISTS = ['packages', 'conda_channels', 'conda_packages', 'apt_packages', 'pip_extra_index_url', 'entrypoint', 'commands'];

const DEFAULT_ONLY: readonly BuilderRegistration[] = [{ name: 'default', priority: 1, provider: 'flytekit' }];
const DEFAULT_AND_NOOP: readonly BuilderRegistration[] = [...DEFAULT_ONLY, { name: 'noop', priority: 0, provider: 'flytekit' }];

const SUPPORTED_1_13_0 = [
  'name', 'python_version', 'builder', 'source_root', 'env', 'registry', 'packages', 'conda_packages', 'conda_channels',
  'requirements', 'apt_packages', 'platform', 'cuda', 'cudnn', 'base_image', 'pip_index', 'commands',
];
const SUPPORTED_1_13_5 = [...SUPPORTED_1_13_0, 'pip_extra_index_url'];
const SUPPORTED_1_13_6 = ['id', ...SUPPORTED_1_13_5, 'source_copy_mode', 'copy'];
const SUPPORTED_1_15_0 = [...SUPPORTED_1_13_6, 'pip_secret_mounts'];
const SUPPORTED_1_16_0 = [...SUPPORTED_1_15_0, 'builder_config'];
const SUPPORTED_1_16_16 = [...SUPPORTED_1_16_0, 'python_exec'];

const DB_1_13_0: DefaultBuilderFacts = { rejectsCuda: true, lockFiles: [], pythonExecRejectsConda: false, supported: SUPPORTED_1_13_0 };

const BASE_1_11: Behaviour = {
  since: '1.11.0',
  source: 'v1.11.0:flytekit/image_spec/image_spec.py:248-262',
  change:
    'First row mirrored: the tag is urlsafe-base64(md5(str(asdict(spec)))) with the "=" padding stripped (1.10.x replaced it with "."); every field is hashed, None included; an unset source_root is hashed as b\'\'.',
  fields: F_1_11,
  platformDefault: 'linux/amd64',
  methods: ['with_commands', 'with_packages', 'with_apt_packages'],
  update: 'copyAppend',
  validatesRegistry: false,
  strLists: [],
  validatesPipSecretMounts: false,
  validatesBuilderOptions: false,
  sourceRootImpliesCopyMode: false,
  fillsBuilder: false,
  hash: {
    dropNone: false,
    excluded: [],
    emptySourceRootAsBytes: true,
    stripRequirements: false,
    nestedBase: 'unsupported',
    sourceRootDigest: 'hash_directory',
  },
  registered: [],
};

function row(prev: Behaviour, next: Partial<Omit<Behaviour, 'hash'>> & { hash?: Partial<Behaviour['hash']> } & Pick<Behaviour, 'since' | 'source' | 'change'>): Behaviour {
  return { ...prev, ...next, hash: { ...prev.hash, ...(next.hash ?? {}) } };
}

const B_1_12_0 = row(BASE_1_11, {
  since: '1.12.0',
  source: 'v1.12.0:flytekit/image_spec/image_spec.py:69-72,91-92,279-291',
  change:
    'New fields pip_extra_index_url and tag_format (so every tag changes: unset fields are hashed); base_image may be an ImageSpec, hashed as its image_name(); an unset source_root is hashed as None; force_push() added.',
  fields: F_1_12,
  methods: ['with_commands', 'with_packages', 'with_apt_packages', 'force_push'],
  hash: { emptySourceRootAsBytes: false, nestedBase: 'imageName', sourceRootDigest: 'compute_digest' },
});

const B_1_13_0 = row(B_1_12_0, {
  since: '1.13.0',
  source: 'v1.13.0:flytekit/image_spec/__init__.py:22',
  change: 'flytekit registers its own `default` builder (Dockerfile + docker build) at priority 1, below plugins (5); cuda/cudnn are rejected by it. The tag is unchanged.',
  registered: DEFAULT_ONLY,
  defaultBuilder: DB_1_13_0,
});

const B_1_13_1 = row(B_1_13_0, {
  since: '1.13.1',
  source: 'v1.13.1:flytekit/image_spec/image_spec.py:72',
  change: 'New field entrypoint; since unset fields are hashed, every tag changes.',
  fields: F_1_13_1,
});

const B_1_13_3 = row(B_1_13_1, {
  since: '1.13.3',
  source: 'v1.13.3:flytekit/image_spec/image_spec.py:82-97',
  change: '__post_init__ raises ValueError unless packages, conda_channels, conda_packages, apt_packages, pip_extra_index_url, entrypoint and commands are None or lists of str.',
  strLists: STR_LISTS,
});

const B_1_13_5 = row(B_1_13_3, {
  since: '1.13.5',
  source: 'v1.13.5:flytekit/image_spec/image_spec.py:101-150,236-247',
  change:
    'The tag becomes ImageSpec.tag over ImageSpec.id: None values are left out of the hash (so adding a field no longer changes tags); the requirements bytes are stripped; a nested base_image is hashed by its fields (a bug fixed in 1.13.6); with_* go through _update_attribute and dataclasses.replace.',
  update: 'replace',
  hash: { dropNone: true, stripRequirements: true, nestedBase: 'fields' },
  defaultBuilder: { ...DB_1_13_0, supported: SUPPORTED_1_13_5 },
});

const B_1_13_6 = row(B_1_13_5, {
  since: '1.13.6',
  source: 'v1.13.6:flytekit/image_spec/image_spec.py:87-106,160-188',
  change:
    'New fields source_copy_mode and copy (digests of files in the tag); the registry is validated; a source_root implies source_copy_mode=LOADED_MODULES; a nested base_image is hashed as its image_name() again; with_copy() added.',
  fields: F_1_13_6,
  methods: ['with_commands', 'with_packages', 'with_apt_packages', 'with_copy', 'force_push'],
  validatesRegistry: true,
  sourceRootImpliesCopyMode: true,
  hash: { nestedBase: 'imageName', sourceRootDigest: 'ls_files' },
  defaultBuilder: { ...DB_1_13_0, supported: SUPPORTED_1_13_6 },
});

const B_1_14_0 = row(B_1_13_6, {
  since: '1.14.0',
  source: 'v1.14.0:flytekit/image_spec/default_builder.py:131-175',
  change: 'The default builder installs from a uv.lock (pyproject.toml beside it, no packages); ImageSpec.from_env() added. The tag is unchanged.',
  defaultBuilder: { ...DB_1_13_0, supported: SUPPORTED_1_13_6, lockFiles: ['uv.lock'] },
});

const B_1_15_0 = row(B_1_14_0, {
  since: '1.15.0',
  source: 'v1.15.0:flytekit/image_spec/image_spec.py:89-97,134-141,158',
  change:
    'New fields pip_secret_mounts (validated, never hashed), pip_extra_args and python_exec; the default builder also takes poetry.lock and rejects conda with python_exec.',
  fields: F_1_15_0,
  validatesPipSecretMounts: true,
  hash: { excluded: ['pip_secret_mounts'] },
  defaultBuilder: { rejectsCuda: true, lockFiles: ['uv.lock', 'poetry.lock'], pythonExecRejectsConda: true, supported: SUPPORTED_1_15_0 },
});

const B_1_15_1 = row(B_1_15_0, {
  since: '1.15.1',
  source: 'v1.15.1:flytekit/image_spec/image_spec.py:117-120',
  change: '__post_init__ fills an unset builder with the highest-priority registered builder, and that name is hashed: the tag depends on which builders are installed.',
  fillsBuilder: true,
});

const B_1_15_3 = row(B_1_15_1, {
  since: '1.15.3',
  source: 'v1.15.3:flytekit/image_spec/image_spec.py:163',
  change: '`builder` is no longer hashed.',
  hash: { excluded: ['pip_secret_mounts', 'builder'] },
});

const B_1_15_4 = row(B_1_15_3, {
  since: '1.15.4',
  source: 'v1.15.4:flytekit/image_spec/image_spec.py:105-106,139,158-159,176,326-350,388-398; v1.15.4:flytekit/image_spec/__init__.py:25',
  change:
    'New fields runtime_packages (a list of str, never hashed) and builder_options (a dict, hashed); with_runtime_packages() and with_builder_options(); _update_attribute merges dicts and raises TypeError on a kind mismatch; flytekit registers the `noop` builder at priority 0.',
  fields: F_1_15_4,
  methods: ['with_commands', 'with_packages', 'with_apt_packages', 'with_copy', 'force_push', 'with_runtime_packages', 'with_builder_options'],
  update: 'replaceDict',
  strLists: [...STR_LISTS, 'runtime_packages'],
  validatesBuilderOptions: true,
  hash: { excluded: ['pip_secret_mounts', 'builder', 'runtime_packages'] },
  registered: DEFAULT_AND_NOOP,
});

const B_1_16_0 = row(B_1_15_4, {
  since: '1.16.0',
  source: 'v1.16.0:flytekit/image_spec/image_spec.py:111',
  change: 'New field builder_config (images the default builder uses for uv and micromamba), hashed.',
  fields: F_1_16_0,
  defaultBuilder: { rejectsCuda: true, lockFiles: ['uv.lock', 'poetry.lock'], pythonExecRejectsConda: true, supported: SUPPORTED_1_16_0 },
});

const B_1_16_4 = row(B_1_16_0, {
  since: '1.16.4',
  source: 'v1.16.4:flytekit/image_spec/image_spec.py:98,130-139',
  change:
    '`platform` defaults to None and __post_init__ fills it: linux/arm64 for a localhost: registry on an arm64/aarch64 machine, else linux/amd64 (an explicit platform=None is no longer dropped from the hash).',
  platformDefault: 'machine',
});

const B_1_16_16 = row(B_1_16_4, {
  since: '1.16.16',
  source: 'v1.16.16:flytekit/image_spec/default_builder.py:78-93,307-331,489-517',
  change: 'The default builder installs into a venv when python_exec is set and lists python_exec as supported. The tag is unchanged.',
  defaultBuilder: { rejectsCuda: true, lockFiles: ['uv.lock', 'poetry.lock'], pythonExecRejectsConda: true, supported: SUPPORTED_1_16_16 },
});

/** The behaviour table, oldest first. A release uses the last row whose `since` is not newer than it. */
export const BEHAVIOURS: readonly Behaviour[] = [
  BASE_1_11, B_1_12_0, B_1_13_0, B_1_13_1, B_1_13_3, B_1_13_5, B_1_13_6, B_1_14_0,
  B_1_15_0, B_1_15_1, B_1_15_3, B_1_15_4, B_1_16_0, B_1_16_4, B_1_16_16,
];

// ---------------------------------------------------------------------------
// Versions

export type Version = readonly [number, number, number];

/** A final release number `X.Y.Z` (also `X.Y`, read as `X.Y.0`); undefined for anything else (pre-releases, local versions). */
export function parseVersion(text: string): Version | undefined {
  const m = /^\s*v?(\d+)\.(\d+)(?:\.(\d+))?\s*$/.exec(text);
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2]), m[3] === undefined ? 0 : Number(m[3])];
}

export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

function cmp(a: string, b: string): number {
  return compareVersions(parseVersion(a)!, parseVersion(b)!);
}

export type BehaviourLookup =
  | { ok: true; version: string; behaviour: Behaviour }
  | { ok: false; version: string; reason: string };

const LOOKUP_CACHE = new Map<string, BehaviourLookup>();

/**
 * The behaviour of one flytekit release. Only releases read are answered: an
 * older one (1.10.x) says the tag is not computed; one that is not in
 * KNOWN_RELEASES (a newer release, a pre-release, a number never released)
 * says it was not read, rather than guessing from its neighbours.
 */
export function behaviourFor(version: string): BehaviourLookup {
  const hit = LOOKUP_CACHE.get(version);
  if (hit) return hit;
  const out = lookup(version);
  LOOKUP_CACHE.set(version, out);
  return out;
}

function lookup(version: string): BehaviourLookup {
  const v = parseVersion(version);
  if (!v) return { ok: false, version, reason: `\`${version}\` is not a flytekit release number` };
  const text = `${v[0]}.${v[1]}.${v[2]}`;
  if (compareVersions(v, parseVersion(OLDEST_TAG_RELEASE)!) < 0) {
    return { ok: false, version: text, reason: `the tag is not computed for flytekit ${text}: only ${OLDEST_TAG_RELEASE} and newer are mirrored` };
  }
  if (!KNOWN_RELEASES.includes(text)) {
    const newer = compareVersions(v, parseVersion(NEWEST_KNOWN_RELEASE)!) > 0;
    return {
      ok: false,
      version: text,
      reason: newer
        ? `flytekit ${text} is newer than the newest release read (${NEWEST_KNOWN_RELEASE}); its behaviour is not known`
        : `flytekit ${text} is not a release that was read (no such release tag)`,
    };
  }
  let found = BEHAVIOURS[0];
  for (const b of BEHAVIOURS) if (cmp(b.since, text) <= 0) found = b;
  return { ok: true, version: text, behaviour: found };
}

/** The behaviour of the newest release read. */
export function newestBehaviour(): Behaviour {
  return BEHAVIOURS[BEHAVIOURS.length - 1];
}

// ---------------------------------------------------------------------------
// Version specifiers (PEP 440, the subset dependency files use)

function specifierMatches(v: Version, clause: string): boolean | undefined {
  const m = /^\s*(===|==|!=|~=|>=|<=|>|<)\s*v?([0-9]+(?:\.[0-9]+)*)(\.\*)?\s*$/.exec(clause);
  if (!m) return undefined;
  const [, op, num, star] = m;
  const parts = num.split('.').map(Number);
  if (star) {
    if (op !== '==' && op !== '!=') return undefined;
    const prefix = parts.every((p, i) => v[i] === p);
    return op === '==' ? prefix : !prefix;
  }
  const w: Version = [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];
  if (parts.length > 3) return undefined;
  const c = compareVersions(v, w);
  switch (op) {
    case '==':
    case '===':
      return c === 0;
    case '!=':
      return c !== 0;
    case '>=':
      return c >= 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '<':
      return c < 0;
    case '~=': {
      // ~=X.Y means >=X.Y, ==X.*; ~=X.Y.Z means >=X.Y.Z, ==X.Y.*
      if (parts.length < 2 || c < 0) return false;
      const fixed = parts.length - 1;
      return parts.slice(0, fixed).every((p, i) => v[i] === p);
    }
  }
  return undefined;
}

/**
 * The newest known release that satisfies a PEP 440 specifier set such as
 * `>=1.14,<1.16` or `~=1.15.0` (empty: any release). Undefined when the
 * specifier cannot be read or no known release satisfies it.
 */
export function newestKnownSatisfying(specifier: string): string | undefined {
  const clauses = specifier.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (let i = KNOWN_RELEASES.length - 1; i >= 0; i--) {
    const v = parseVersion(KNOWN_RELEASES[i])!;
    let all = true;
    for (const c of clauses) {
      const ok = specifierMatches(v, c);
      if (ok === undefined) return undefined;
      if (!ok) {
        all = false;
        break;
      }
    }
    if (all) return KNOWN_RELEASES[i];
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Builders outside flytekit (their registration, read from their own source)

/**
 * Builders that plugins and Union's packages register. flytekit picks the
 * highest priority among the registered ones when `builder` is unset
 * (ImageBuildEngine.build before 1.15.1, ImageSpec.__post_init__ from 1.15.1).
 */
export const PLUGIN_BUILDERS: readonly (BuilderRegistration & { note: string })[] = [
  {
    name: 'envd',
    priority: 5,
    provider: 'flytekitplugins-envd',
    note:
      'plugins/flytekit-envd/flytekitplugins/envd/image_builder.py registers "envd" with ImageBuildEngine.register\'s default priority 5 when the plugin is imported (flytekit imports every `flytekit.plugins` entry point at `import flytekit`). It accepts cuda/cudnn (needs python_version) and conda; from 1.15.0 it rejects python_exec.',
  },
  {
    name: 'union',
    priority: 10,
    provider: 'union',
    note:
      'union.ucimage._image_builder._register_union_image_builder registers "union" and "unionai" with the priority union._config._get_image_builder_priority(endpoint) gives: 10 for a Union Serverless endpoint, 0 (below `default`) for any other (BYOC). It registers when pyflyte/union reads its config or a UnionRemote is made, so with BYOC `default` stays the effective builder unless builder="union" is set.',
  },
  {
    name: 'unionai',
    priority: 10,
    provider: 'union or unionai',
    note: 'The same builder under its older name; the `unionai` package registered only this name, and only for Serverless endpoints.',
  },
];
