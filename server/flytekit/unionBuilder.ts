// What Union's image builder (`UCImageSpecBuilder`, union.ucimage._image_builder
// in the `union` package; registered as `union` and `unionai`) does with an
// ImageSpec, read from its source at the releases we found. Its
// _validate_configuration:
//  - warns "The following parameters are unsupported and ignored: [...]" for
//    every set field outside its supported set, and builds without them;
//  - parses python_version (the local interpreter's when unset): 2 or 3
//    dot-separated parts, major and minor ints, else ValueError "python_version
//    must be in the form major.minor"; a version outside its range raises
//    ValueError "Only python versions between 3.X to 3.12 are supported".
//
// The generations read, oldest first (the union release of each is not
// known to us, so rules judge against what every generation agrees on, or
// the newest):
//  1. unionai's first builder: registers `unionai` only, supports name,
//     builder, python_version, source_root, env, packages, requirements,
//     apt_packages, cuda, cudnn, platform, pip_index, commands; python 3.11 only.
//  2. union: + pip_extra_index_url; a field counts when it is not None;
//     python 3.8-3.12. (The set RULES.md lists.)
//  3. union: fields count when truthy; a universal set plus, without a
//     base_image, python_version, cuda, cudnn, platform, or with one,
//     base_image; adds conda_packages, conda_channels, source_copy_mode;
//     python 3.9-3.12; a registry raises ValueError in should_build.
//  4. union (newest read): + builder_options, pip_extra_args, registry, copy;
//     registry allowed (pushed there).

/** Fields the newest Union builder read supports for every spec. */
const UNIVERSAL = [
  'name', 'builder', 'builder_options', 'source_root', 'env', 'packages', 'requirements', 'apt_packages', 'pip_index',
  'pip_extra_index_url', 'pip_extra_args', 'commands', 'conda_packages', 'conda_channels', 'source_copy_mode', 'registry', 'copy',
];

/** Supported on top of UNIVERSAL when the image starts from Union's base image (no base_image). */
export const UNION_BASE_ONLY = ['python_version', 'cuda', 'cudnn', 'platform'];

/**
 * Fields that take effect without the builder: tag_format shapes the tag
 * flytekit computes before the builder runs, runtime_packages are installed
 * by flytekit's entrypoint when the task starts. The builder lists them as
 * unsupported, yet they are not lost, so they are never reported.
 */
export const OUTSIDE_THE_BUILDER = ['tag_format', 'runtime_packages'];

/** The newest Union builder's supported fields, given whether the spec sets a base_image. */
export function unionSupported(hasBaseImage: boolean): readonly string[] {
  return hasBaseImage ? [...UNIVERSAL, 'base_image'] : [...UNIVERSAL, ...UNION_BASE_ONLY];
}

/** The python versions each generation accepts (major 3, minor inclusive). */
export const UNION_PYTHON = {
  /** Accepted by some union release read (generation 2: 3.8-3.12). */
  anyRelease: { min: 8, max: 12 },
  /** Accepted by the newest union release read. */
  newest: { min: 9, max: 12 },
} as const;

export type UnionPythonVerdict =
  | { ok: true }
  /** Every union release read raises ValueError with this text. */
  | { ok: false; always: true; error: string }
  /** The newest release read raises ValueError; an older one accepted it. */
  | { ok: false; always: false; error: string };

/** How Union's builder judges a python_version string. */
export function unionPythonVersion(v: string): UnionPythonVerdict {
  const parts = v.split('.');
  const form = 'python_version must be in the form major.minor. For example: 3.12';
  if (parts.length < 2 || parts.length > 3) return { ok: false, always: true, error: form };
  // Python's int() takes surrounding whitespace, a sign and underscores between digits.
  const toInt = (s: string): number | undefined => {
    const t = s.trim();
    return /^[+-]?\d+(?:_\d+)*$/.test(t) ? Number(t.replace(/_/g, '')) : undefined;
  };
  const major = toInt(parts[0]);
  const minor = toInt(parts[1]);
  if (major === undefined || minor === undefined) return { ok: false, always: true, error: form };
  const range = (r: { min: number; max: number }) => major === 3 && minor >= r.min && minor <= r.max;
  const got = `${major}.${minor}`;
  if (!range(UNION_PYTHON.anyRelease)) {
    return { ok: false, always: true, error: `Only python versions between 3.${UNION_PYTHON.newest.min} to 3.${UNION_PYTHON.newest.max} are supported, got ${got}` };
  }
  if (!range(UNION_PYTHON.newest)) {
    return { ok: false, always: false, error: `Only python versions between 3.${UNION_PYTHON.newest.min} to 3.${UNION_PYTHON.newest.max} are supported, got ${got}` };
  }
  return { ok: true };
}
