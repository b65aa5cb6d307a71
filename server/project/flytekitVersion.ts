// The flytekit release a project runs, from the first source that says:
// config `flytekit-version`; the nearest `.venv` that has flytekit
// installed; the nearest lock file that locks it (uv.lock, poetry.lock); an
// exact pin (`flytekit==1.14.6`, poetry `flytekit = "1.14.6"`), nearest
// folder first; a range (the newest known release inside it); an unpinned
// dependency or nothing at all (the newest known release). flytekit
// installed from a path or URL has no version we can read: unknown.

import * as path from 'node:path';
import { KNOWN_RELEASES, NEWEST_KNOWN_RELEASE, newestKnownSatisfying } from '../flytekit/versions';
import type { Dependency } from './dependencies';

export interface PinnedFlytekit {
  /** The release (`1.14.6`); undefined when it cannot be known. */
  version?: string;
  /** Where it came from, for hover and messages: "uv.lock locks flytekit 1.13.5". */
  source: string;
  /** `pinned`: the project names this release; `range`: the newest known inside a range; `newest`: nothing pins it. */
  how: 'pinned' | 'range' | 'newest' | 'unknown';
}

const FLYTEKIT = 'flytekit';

/** `==1.14.6` (also `===1.14.6`, `==1.14.6.post1` is not a release we know): the exact version, else undefined. */
function exactOf(spec: string): string | undefined {
  const m = /^===?\s*v?(\d+\.\d+(?:\.\d+)?)$/.exec(spec.trim());
  if (!m) return undefined;
  const parts = m[1].split('.');
  while (parts.length < 3) parts.push('0');
  return parts.join('.');
}

/** A range's clauses without pre-release, post and dev suffixes on the bounds (`>=1.13.1a2` → `>=1.13.1`), which the known (final) releases never carry. */
function finalBounds(spec: string): string {
  return spec
    .split(',')
    .map((c) => c.trim().replace(/^(>=|>|<=|<|~=|==|!=)\s*(\d+(?:\.\d+)*)(?:[.-]?(?:a|b|rc|c|alpha|beta|pre|preview|post|dev)\d*)+$/i, '$1$2'))
    .join(',');
}

function fromVersion(version: string, source: string): PinnedFlytekit {
  return { version, source, how: 'pinned' };
}

export function pinnedFlytekit(configVersion: string | undefined, deps: readonly Dependency[], show: (abs: string) => string): PinnedFlytekit {
  if (configVersion) {
    const exact = exactOf(configVersion) ?? exactOf(`==${configVersion}`);
    if (exact) return fromVersion(exact, `config \`flytekit-version\``);
    const v = newestKnownSatisfying(finalBounds(configVersion));
    return v
      ? { version: v, source: `config \`flytekit-version\` ${configVersion} (the newest known release inside it)`, how: 'range' }
      : { source: `config \`flytekit-version\` ${configVersion} matches no known release`, how: 'unknown' };
  }
  const fk = deps.filter((d) => d.name === FLYTEKIT);
  const installed = fk.find((d) => d.kind === 'installed');
  if (installed) return fromVersion(exactOf(installed.spec) ?? installed.spec.slice(2), `${show(path.dirname(path.dirname(path.dirname(path.dirname(installed.file)))))} has flytekit ${installed.spec.slice(2)} installed`);
  const locked = fk.find((d) => d.kind === 'locked');
  if (locked) return fromVersion(locked.spec.slice(2), `${show(locked.file)} locks flytekit ${locked.spec.slice(2)}`);
  const direct = fk.find((d) => d.direct);
  if (direct) return { source: `${show(direct.file)} installs flytekit from a path or URL`, how: 'unknown' };
  for (const d of fk) {
    const exact = exactOf(d.spec);
    if (exact) return fromVersion(exact, `${show(d.file)} pins flytekit ${exact}`);
  }
  for (const d of fk) {
    if (d.spec === '') continue;
    const v = newestKnownSatisfying(finalBounds(d.spec));
    if (v) return { version: v, source: `${show(d.file)} asks for flytekit ${d.spec}: the newest known release inside it`, how: 'range' };
    return { source: `${show(d.file)} asks for flytekit ${d.spec}, which no known release satisfies`, how: 'unknown' };
  }
  const unpinned = fk[0];
  if (unpinned) return { version: NEWEST_KNOWN_RELEASE, source: `${show(unpinned.file)} does not pin flytekit: the newest known release`, how: 'newest' };
  return { version: NEWEST_KNOWN_RELEASE, source: 'nothing in the project pins flytekit: the newest known release', how: 'newest' };
}

/** True when the release is one whose behaviour was read (server/flytekit/versions.ts). */
export function isKnownRelease(version: string | undefined): boolean {
  return version !== undefined && KNOWN_RELEASES.includes(version);
}
