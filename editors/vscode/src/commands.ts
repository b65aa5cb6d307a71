// The palette side of the server's commands, as pure functions (no
// `vscode` import): reading the arguments a user types, and offering the
// ones the server's own quick fixes carry.

export const CREATE_REPOSITORY = 'imagespec.createRepository';
export const CONFIGURE_DOCKER = 'imagespec.configureDocker';
export const FIX_ALL_KIND = 'source.fixAll.imagespec';

export interface RepositoryArgs {
  project: string;
  location: string;
  repository: string;
}

/**
 * `LOCATION-docker.pkg.dev/PROJECT/REPOSITORY` (what a registry string
 * holds) as the arguments of imagespec.createRepository, or what is wrong
 * with it. The server validates the ids again.
 */
export function parseRepositoryPath(text: string): { args: RepositoryArgs } | { error: string } {
  const t = text.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
  const m = /^([a-z0-9-]+)-docker\.pkg\.dev\/([^/\s]+)\/([^/\s]+)$/.exec(t);
  if (!m) return { error: 'expected LOCATION-docker.pkg.dev/PROJECT/REPOSITORY, e.g. us-east1-docker.pkg.dev/my-project/images' };
  return { args: { location: m[1], project: m[2], repository: m[3] } };
}

/** A registry host for imagespec.configureDocker (no scheme, no path), or what is wrong with it. */
export function parseRegistryHost(text: string): { host: string } | { error: string } {
  const t = text.trim().toLowerCase();
  if (/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/.test(t)) return { host: t };
  return { error: 'expected a registry host such as us-east1-docker.pkg.dev (no scheme, no path)' };
}

interface ActionLike {
  title?: string;
  command?: { command?: string; arguments?: unknown[] } | string;
}

export interface CommandChoice {
  label: string;
  args: unknown[];
}

/**
 * The quick fixes the server offers for a document that run `command`,
 * one choice per distinct argument list, for the palette to list before
 * asking the user to type.
 */
export function commandChoices(actions: readonly ActionLike[] | null | undefined, command: string): CommandChoice[] {
  const out: CommandChoice[] = [];
  const seen = new Set<string>();
  for (const a of actions ?? []) {
    const c = a.command;
    if (!c || typeof c === 'string' || c.command !== command) continue;
    const args = c.arguments ?? [];
    const key = JSON.stringify(args);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ label: a.title ?? command, args });
  }
  return out;
}

/** The range of a whole document with `lineCount` lines, for a code action request. */
export function wholeDocument(lineCount: number): { start: { line: number; character: number }; end: { line: number; character: number } } {
  return { start: { line: 0, character: 0 }, end: { line: Math.max(0, lineCount), character: 0 } };
}
