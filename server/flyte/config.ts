// The `image:` settings Flyte 2 ends up with, from the config file it finds
// and the environment, as flyte-sdk v2.6.5 combines them
// (flyte/config/_reader.py:35-90, _config.py:151-173 and 231-265,
// _initialize.py:361-444, _image.py:534-567). Pure: the caller finds the
// file (api.ts CONFIG_SEARCH_ORDER) and parses its YAML.
//
// What the SDK does, and this reproduces:
//  - each key reads FLYTE_IMAGE_<KEY> first; a set variable wins even when
//    empty (it then hides the file's value and counts as unset);
//  - a file value counts when it is a bool or truthy;
//  - builder and image_refs come through Config.auto(), which returns bare
//    defaults when no config file exists: then the environment is ignored
//    for them (builder "local", no refs);
//  - the push registry is also read through ImageConfig.auto() directly,
//    which reads FLYTE_IMAGE_REGISTRY even when there is no file;
//  - FLYTE_IMAGE_IMAGE_REFS is taken as a raw string, not parsed.
// The CLI's --image-builder / --image and flyte.init(...) arguments override
// all of this and are not visible here.

export interface ConfigSource<T> {
  value: T;
  /** Where it came from, for messages: `FLYTE_IMAGE_REGISTRY`, `image.registry in <file>`, `default`. */
  from: string;
}

export interface ImageSettings {
  builder: ConfigSource<string>;
  /** null: no push registry configured. */
  registry: ConfigSource<string | null>;
  /** A mapping; a string when FLYTE_IMAGE_IMAGE_REFS is set (flyte then mishandles it). */
  imageRefs: ConfigSource<Record<string, unknown> | string>;
}

/** Python truthiness of a YAML-parsed value. */
function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

/** ConfigFile._get_from_yaml for `image.<key>`: undefined on a missing key or a non-mapping on the way. */
function fromYaml(doc: unknown, key: string): unknown {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  const image = (doc as Record<string, unknown>)['image'];
  if (!image || typeof image !== 'object' || Array.isArray(image)) return undefined;
  return (image as Record<string, unknown>)[key];
}

/**
 * The settings for a project.
 * @param file the parsed YAML of the config file flyte finds, with its path; null when none exists.
 * @param env the environment flyte runs with.
 */
export function imageSettings(file: { path: string; yaml: unknown } | null, env: Readonly<Record<string, string | undefined>>): ImageSettings {
  // ConfigEntry.read: the environment first, then the file; set_if_exists keeps bools and truthy values.
  const read = (key: string, useFile: boolean): ConfigSource<unknown> | undefined => {
    const name = `FLYTE_IMAGE_${key.toUpperCase()}`;
    const fromEnv = env[name];
    if (fromEnv !== undefined) return truthy(fromEnv) ? { value: fromEnv, from: name } : undefined;
    if (!useFile || !file) return undefined;
    const v = fromYaml(file.yaml, key);
    return typeof v === 'boolean' || truthy(v) ? { value: v, from: `image.${key} in ${file.path}` } : undefined;
  };
  const builder = file ? read('builder', true) : undefined;
  const refs = file ? read('image_refs', true) : undefined;
  const registry = read('registry', true);
  return {
    builder: builder ? { value: String(builder.value), from: builder.from } : { value: 'local', from: 'default' },
    registry: registry ? { value: String(registry.value), from: registry.from } : { value: null, from: 'default' },
    imageRefs: refs ? { value: refs.value as Record<string, unknown> | string, from: refs.from } : { value: {}, from: 'default' },
  };
}
