// The default images `Image.from_debian_base()` starts from
// (Image._get_default_image_for, src/flyte/_image.py:692-783 at v2.6.5).
//
// install_flyte=True (the default): the released image
//   ghcr.io/flyteorg/flyte:py{M}.{m}-v{version}
// where version is `flyte_version` (a leading "v" kept, else added) or the
// installed flyte's __version__ with "+" turned into "-". It is returned
// uncloned: used as is, never built, its URI is that string (I:712-724).
// The release workflow publishes it for Python 3.10-3.14
// (.github/workflows/publish.yml:327-333; the same list since v2.0.0).
//
// install_flyte=False: `python:{M}.{m}-slim-bookworm` plus five layers, its
// tag preset to `py{M}.{m}` (I:725-781); a clone drops that tag.
//
// A development build of flyte (a version containing "dev", no
// flyte_version, install_flyte=True) builds from local wheels instead: not
// modelled.

/** Python versions the default image is published for. */
export const PUBLISHED_PYTHON_VERSIONS: ReadonlyArray<readonly [number, number]> = [
  [3, 10],
  [3, 11],
  [3, 12],
  [3, 13],
  [3, 14],
];

export const BASE_REGISTRY = 'ghcr.io/flyteorg'; // I:518
export const DEFAULT_IMAGE_NAME = 'flyte'; // I:520
export const DEFAULT_IMAGE_REF_NAME = 'default'; // I:521
export const LOCALHOST_REGISTRY = 'localhost:30000'; // I:519: the push registry when the endpoint is localhost

export function isPublishedPython(major: number, minor: number): boolean {
  return PUBLISHED_PYTHON_VERSIONS.some(([a, b]) => a === major && b === minor);
}

/** The tag suffix: `v` + version, unless it already starts with `v` (I:708-711). */
export function flyteTagSuffix(version: string): string {
  return version.startsWith('v') ? version : `v${version}`;
}

/**
 * The released default image for a python version, as flyte formats it:
 * `py{python_version[0]}.{python_version[1]}`, which for a str "3.12" is
 * "py3.." (each index is one character).
 */
export function defaultImageUri(pythonTagPart: string, flyteVersion: string): string {
  return `${BASE_REGISTRY}/${DEFAULT_IMAGE_NAME}:${pythonTagPart}-${flyteTagSuffix(flyteVersion.replace(/\+/g, '-'))}`;
}

/** The base of `install_flyte=False` images. */
export function slimBaseUri(pythonTagPart: string): string {
  return `python:${pythonTagPart}-slim-bookworm`;
}

/** The command that creates the non-root `flyte` user (I:525-531), a Commands layer of the slim image. */
export const CREATE_FLYTE_USER_CMD =
  'if ! id -u flyte >/dev/null 2>&1; then useradd --create-home --shell /bin/bash flyte; fi && ' +
  'mkdir -p /home/flyte && chown -R flyte:flyte /home/flyte && chown -R flyte:flyte /root';

/** The layers of the `install_flyte=False` image, in order, as hash inputs (I:733-754). */
export const SLIM_LAYERS: ReadonlyArray<{ layer: string; hashText: string }> = [
  {
    layer: '_DockerLines',
    hashText:
      "LABEL org.opencontainers.image.authors='Union.AI <info@union.ai>'" + 'LABEL org.opencontainers.image.source=https://github.com/flyteorg/flyte',
  },
  { layer: 'Commands', hashText: CREATE_FLYTE_USER_CMD },
  { layer: 'WorkDir', hashText: '/home/flyte' },
  { layer: 'Env', hashText: 'VIRTUAL_ENV=/opt/venv PATH=/opt/venv/bin:$PATH PYTHONPATH=/root UV_LINK_MODE=copy' },
  { layer: 'AptPackages', hashText: 'build-essentialca-certificates' },
];
