// Which flytekit release the linter judges a project against when nothing
// says otherwise. The per-release behaviour itself is in ./versions.ts; phase
// B (the project model) will pass each project's pinned release instead.

import { NEWEST_KNOWN_RELEASE } from './versions';

/** The release used when a project's own flytekit version is not known: the newest release read. */
export const DEFAULT_FLYTEKIT_VERSION = NEWEST_KNOWN_RELEASE;
