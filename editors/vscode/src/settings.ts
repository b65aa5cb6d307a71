// The `imagespec.*` settings of VS Code, translated into what the language
// server reads (server/lsp/settings.ts): the config file's keys (`select`,
// `ignore`, `severity`, `exclude`, `specs`, `deep`, `dataplane`, `gar`,
// `workdir`, `builder`, `flytekit-version`) and
// the editor options (`diagnosticMode`, `lintWorkspace`, `debounceMs`,
// `deepDebounceMs`). Pure: no `vscode` import, so tests run it under Node.
//
// The server applies these over the project's own config file, key by key.
// A setting left at its "unset" default (null, "", "project", {}) is
// therefore not sent at all: sending `ignore: []` would wipe the `ignore`
// of the project's pyproject.toml. Values the user did set are passed as
// they are, wrong types included: the server validates them and says what
// is wrong, naming the `imagespec.` key.
//
// The same translation serves the three ways settings reach the server:
// initializationOptions, workspace/configuration answers and (through the
// latter) didChangeConfiguration.

/** What VS Code gives for `workspace.getConfiguration('imagespec')`, as plain JSON. */
export type RawSettings = Record<string, unknown>;

/** The `imagespec` section the server reads. */
export type ServerSettings = Record<string, unknown>;

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isSet = (v: unknown): boolean => v !== undefined && v !== null && v !== '';

/** `imagespec.deep`: the project's `deep` unless the user picks one. */
const DEEP: Record<string, 'auto' | boolean> = { auto: 'auto', on: true, off: false };

/** VS Code's key → the config file's key, inside `dataplane` and `gar`. */
const DATAPLANE_KEYS: Record<string, string> = { provider: 'provider', project: 'project', region: 'region', nodeServiceAccount: 'node-service-account' };
const GAR_KEYS: Record<string, string> = { endpoint: 'endpoint', timeout: 'timeout', repositories: 'repositories' };

/** Editor options the server takes as they are. */
const EDITOR_OPTIONS = ['diagnosticMode', 'lintWorkspace', 'debounceMs', 'deepDebounceMs'];

/** Config-file keys whose unset value is null. */
const LIST_KEYS = ['select', 'ignore', 'exclude', 'specs'];

/** VS Code's key → the config file's key, for strings whose unset value is "". */
const STRING_KEYS: Record<string, string> = { workdir: 'workdir', builder: 'builder', flytekitVersion: 'flytekit-version' };

function table(raw: unknown, keys: Record<string, string>): Record<string, unknown> | undefined {
  if (!isObject(raw)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [from, to] of Object.entries(keys)) if (isSet(raw[from])) out[to] = raw[from];
  return Object.keys(out).length ? out : undefined;
}

export function toServerSettings(raw: RawSettings | null | undefined): ServerSettings {
  const out: ServerSettings = {};
  if (!isObject(raw)) return out;
  for (const k of LIST_KEYS) if (isSet(raw[k])) out[k] = raw[k];
  for (const [from, to] of Object.entries(STRING_KEYS)) if (isSet(raw[from])) out[to] = raw[from];
  if (isObject(raw.severity) ? Object.keys(raw.severity).length : isSet(raw.severity)) out.severity = raw.severity;
  const deep = raw.deep;
  if (typeof deep === 'string' && Object.hasOwn(DEEP, deep)) out.deep = DEEP[deep];
  else if (isSet(deep) && deep !== 'project') out.deep = deep;
  const dataplane = table(raw.dataplane, DATAPLANE_KEYS);
  if (dataplane) out.dataplane = dataplane;
  const gar = table(raw.gar, GAR_KEYS);
  if (gar) out.gar = gar;
  for (const k of EDITOR_OPTIONS) if (isSet(raw[k])) out[k] = raw[k];
  // `trace.server` is read by the language client itself, never sent.
  return out;
}
