// The flyte-sdk (Flyte 2, PyPI `flyte`) behaviour this folder mirrors, and
// how far it reaches across releases.
//
// Source read: flyteorg/flyte-sdk tag v2.6.5 (b8f7fbdd, 2026-08-21), the
// newest tag in the snapshot we could fetch; file:line references in this
// folder are into that tag unless they name another. The research notes say
// the newest release on PyPI is 2.12.1; releases after 2.6.5 were not in the
// snapshot and are unverified.
//
// Across releases (scripts/record-flyte-golden.py run on every tag v2.0.0 to
// v2.6.5, compared with test/oracle/flyte_image_uri.py):
//   - 2.2.4 and later compute the image URI as modelled here. Before 2.2.4 a
//     str `with_source_file` source fails at hash time (CopyConfig.src became
//     a Path in __post_init__ in flyte-sdk#1040), before 2.2.3 the
//     `install_flyte=False` layers differ (non-root `flyte` user, #1016), and
//     before 2.1.6 the default image is marked differently (#957); those are
//     reported as unknown, not guessed.
//   - Before 2.5.13 (#1304) the default image's registry is the config
//     registry or `ghcr.io/flyteorg`; since, the config registry or none.
//   - `clone(platform=)` since 2.5.2, `with_pixi_project` since 2.5.12,
//     `with_requirements` pip options since 2.0.7, `with_code_bundle` since
//     2.0.3 (see api.ts).
//   - `from_pixi_script` is on the main branch after v2.6.5 (7e2d4231,
//     flyte-sdk#1468), in no tagged release we have.

/** The newest flyte release whose source was read and whose URIs the goldens check. */
export const FLYTE_VERIFIED_VERSION = '2.6.5';
/** The commit of that tag. */
export const FLYTE_VERIFIED_COMMIT = 'b8f7fbdd8296affb6eafd02a813c4d1628764600';
/** The oldest release whose image URI is computed the way uri.ts does. */
export const FLYTE_OLDEST_MODELLED = '2.2.4';
/** The newest release on PyPI according to the research notes (not read). */
export const FLYTE_NEWEST_KNOWN_RELEASE = '2.12.1';

/**
 * Image methods not in FLYTE_VERIFIED_VERSION that flyte-sdk's main branch
 * has after it (see the header): releases newer than the one read may have
 * them, so they are judged only for a project pinned to a release read.
 */
export const METHODS_AFTER_VERIFIED: readonly string[] = ['from_pixi_script'];

export type Version = readonly [number, number, number];

/**
 * The release part of a flyte version string (`2.6.5`, `v2.6.5`, `2.6.5rc1`,
 * `2.7.0.dev3+g1234`), or undefined when it is not one.
 */
export function parseVersion(text: string): Version | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** a >= b for version strings; false when either does not parse. */
export function atLeast(version: string, since: string): boolean {
  const a = parseVersion(version);
  const b = parseVersion(since);
  return !!a && !!b && compareVersions(a, b) >= 0;
}

/** A development build (`2.7.0.dev3+g1234`): flyte builds its default image from local wheels then. */
export function isDevVersion(version: string): boolean {
  return version.includes('dev');
}
