// The `imagespec.configureDocker` command (IS601's fix): adds
// `"credHelpers": {HOST: HELPER}` to the Docker client config, as
// `gcloud auth configure-docker HOST` does. Only an editor or an explicit
// CLI flag runs it.
//
// The write is atomic (temp file + rename in the same folder), keeps every
// other key, the key order, the indentation and the file mode, follows a
// symlinked config to its target, and creates the folder (0700) and the
// file (0600, like the docker CLI) when missing. A config that is not valid
// JSON is never overwritten: the command fails and says why.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../util/atomicWrite';
import { dockerConfigPath } from './dockerConfigFile';

export interface ConfigureDockerArgs {
  host: string;
  helper: string;
}

export interface ConfigureDockerResult {
  /** The file written (the symlink target when the config is a symlink). */
  path: string;
  /** False when the entry was already there: nothing was written. */
  changed: boolean;
  /** The helper the host had before, if another one. */
  previous?: string;
  /** One line for the user. */
  message: string;
}

export class ConfigureDockerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigureDockerError';
  }
}

/** Validates the command's arguments as the client passes them back (verbatim, untrusted JSON). */
export function parseConfigureDockerArgs(args: unknown): ConfigureDockerArgs {
  const a = (Array.isArray(args) ? args[0] : args) as Record<string, unknown> | undefined;
  const host = typeof a?.host === 'string' ? a.host.trim().toLowerCase() : '';
  const helper = typeof a?.helper === 'string' ? a.helper.trim() : '';
  // A registry host, optionally with a port: no scheme, path or whitespace.
  if (!/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/.test(host)) throw new ConfigureDockerError(`not a registry host: ${JSON.stringify(a?.host)}`);
  // The docker CLI runs `docker-credential-HELPER`: keep it a plain program-name suffix.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(helper)) throw new ConfigureDockerError(`not a credential helper name: ${JSON.stringify(a?.helper)}`);
  return { host, helper };
}

function detectIndent(text: string): string {
  const m = /\n([ \t]+)"/.exec(text);
  return m ? m[1] : '\t';
}

/** Adds (or replaces) the credential helper for a host in the Docker config of `env`. */
export function configureDocker(args: unknown, env: NodeJS.ProcessEnv = process.env): ConfigureDockerResult {
  const { host, helper } = parseConfigureDockerArgs(args);
  let file = dockerConfigPath(env);
  try {
    file = fs.realpathSync(file);
  } catch {
    /* missing: written where the docker CLI looks */
  }
  let text: string | undefined;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new ConfigureDockerError(`cannot read ${file}: ${code ?? (e as Error).message}`);
  }
  let doc: Record<string, unknown> = {};
  const bom = text?.startsWith('\uFEFF') ? '\uFEFF' : '';
  if (text !== undefined && text.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text.slice(bom.length));
    } catch (e) {
      throw new ConfigureDockerError(`${file} is not valid JSON (${(e as Error).message}); fix it first, it was left unchanged`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigureDockerError(`${file} is not a JSON object; it was left unchanged`);
    doc = parsed as Record<string, unknown>;
  }
  const existing = doc.credHelpers;
  if (existing !== undefined && (existing === null || typeof existing !== 'object' || Array.isArray(existing))) {
    throw new ConfigureDockerError(`${file}: "credHelpers" is not an object; it was left unchanged`);
  }
  const helpers = (existing ?? {}) as Record<string, unknown>;
  const previous = typeof helpers[host] === 'string' ? (helpers[host] as string) : undefined;
  if (previous === helper) {
    return { path: file, changed: false, message: `${file} already uses the ${helper} credential helper for ${host}` };
  }
  helpers[host] = helper;
  doc.credHelpers = helpers;
  const out = bom + JSON.stringify(doc, null, text ? detectIndent(text) : '\t') + '\n';
  if (text === undefined) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileAtomic(file, out, { mode: 0o600 });
  } else {
    writeFileAtomic(file, out);
  }
  return {
    path: file,
    changed: true,
    ...(previous !== undefined ? { previous } : {}),
    message: `Docker now uses the ${helper} credential helper for ${host} (${file}${previous ? `; it was ${previous}` : ''})`,
  };
}
