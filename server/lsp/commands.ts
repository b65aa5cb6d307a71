// workspace/executeCommand: the fixes that are actions rather than text
// edits. `imagespec.createRepository` (IS201) creates the Docker repository
// through Artifact Registry and re-lints; `imagespec.configureDocker`
// (IS601) adds the credential helper to the Docker config (the executor
// lives in server/engine/dockerConfigWrite.ts, shared with the CLI);
// `imagespec.createFile` writes a file for clients without CreateFile
// resource operations (IS401).

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GarService, RepoRef } from '../gar/service';
import { configureDocker, ConfigureDockerError } from '../engine/dockerConfigWrite';
import { isInside } from './settings';

const CREATE_REPOSITORY = 'imagespec.createRepository';
const CONFIGURE_DOCKER = 'imagespec.configureDocker';
export const CREATE_FILE = 'imagespec.createFile';
export const COMMANDS = [CREATE_REPOSITORY, CONFIGURE_DOCKER, CREATE_FILE];

export interface CommandResult {
  ok: boolean;
  message: string;
}

export interface CommandDeps {
  /** The GarService for deep checks, or why there is none. */
  gar(): GarService | string;
  /** Folders a created file may live in (workspace folders, project roots). */
  roots(): string[];
  /** Re-lint open documents; `deep` drops remembered Artifact Registry answers. */
  relint(opts: { deep?: boolean }): void;
  /** The Docker config changed. */
  dockerConfigChanged(): void;
}

function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

async function createRepository(arg: Record<string, unknown>, deps: CommandDeps): Promise<CommandResult> {
  const ref: Partial<RepoRef> = { project: str(arg.project), location: str(arg.location), repository: str(arg.repository) };
  if (!ref.project || !ref.location || !ref.repository) return { ok: false, message: 'imagespec.createRepository needs { project, location, repository }' };
  const gar = deps.gar();
  if (typeof gar === 'string') return { ok: false, message: `Cannot create the repository: ${gar}` };
  const key = `${ref.location}-docker.pkg.dev/${ref.project}/${ref.repository}`;
  const res = await gar.createRepository(ref as RepoRef);
  if (!res.ok) return { ok: false, message: `Could not create ${key}: ${res.failure.message}` };
  deps.relint({ deep: true });
  return { ok: true, message: `Created the Docker repository ${key}` };
}

function configureDockerCommand(arg: Record<string, unknown>, deps: CommandDeps): CommandResult {
  try {
    const res = configureDocker(arg);
    deps.dockerConfigChanged();
    deps.relint({});
    return { ok: true, message: res.message };
  } catch (e) {
    const msg = e instanceof ConfigureDockerError ? e.message : `could not update the Docker config: ${(e as Error).message}`;
    return { ok: false, message: `Cannot configure Docker: ${msg}` };
  }
}

function createFile(arg: Record<string, unknown>, deps: CommandDeps): CommandResult {
  const p = str(arg.path);
  const content = typeof arg.content === 'string' ? arg.content : '';
  if (!p || !path.isAbsolute(p)) return { ok: false, message: 'imagespec.createFile needs an absolute path' };
  if (!deps.roots().some((r) => isInside(p, r))) return { ok: false, message: `Refusing to create ${p}: it is outside the workspace` };
  try {
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content, { flag: 'wx' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return { ok: true, message: `${p} already exists` };
    return { ok: false, message: `Could not create ${p}: ${code ?? (e as Error).message}` };
  }
  deps.relint({});
  return { ok: true, message: `Created ${p}` };
}

export async function executeCommand(command: string, args: unknown[] | undefined, deps: CommandDeps): Promise<CommandResult> {
  const arg = obj(args?.[0]);
  switch (command) {
    case CREATE_REPOSITORY:
      return createRepository(arg, deps);
    case CONFIGURE_DOCKER:
      return configureDockerCommand(arg, deps);
    case CREATE_FILE:
      return createFile(arg, deps);
    default:
      return { ok: false, message: `Unknown command ${command}` };
  }
}
