// The exceptions flyte-sdk raises for a wrong `flyte.Image` declaration,
// with their exact text and where they are raised (flyte-sdk v2.6.5; I =
// src/flyte/_image.py). uri.ts raises them while evaluating a chain; the
// IS7xx rules quote them. Messages marked "(rich repr)" embed a layer as
// rich.repr.auto prints it, which we do not reproduce: "…" stands for it.
//
// At declaration (importing the module runs the chain):
//   non-extendable      I:968-972   ValueError   layer on from_base / from_ref_name / from_dockerfile (IS701)
//   dockerfile          I:973-979   ValueError   layer on a Dockerfile image, even extendable (IS701)
//   nameless            I:984-987   ValueError   layer on an image with no name (IS702) (rich repr)
//   layerList           I:62-75     TypeError    a list where separate arguments are expected (IS703)
//   requirementsTxt     I:1139-1140 ValueError   with_requirements file without .txt (IS707)
//   duplicateFiles      I:1262-1269 ValueError   with_source_file list with two files of one name
//   noAttribute         -           AttributeError  `.name` of a str in with_source_folder / a with_source_file list (IS706, I:1246, 1263)
//   pluginName          I:1568-1569 ValueError   with_local_v2_plugins name not flyteplugins-*
//   secretMount         _secret.py:47-49 ValueError  Secret(mount=) other than /etc/flyte/secrets
//   secretEnvName       _secret.py:50-53 ValueError  Secret whose env var name (from key/group) is not [A-Z_][A-Z0-9_]*
//   directImage         I:671-675   TypeError    Image(...) called directly
//   envImage            _environment.py:126-128 TypeError  Environment(image=) neither str nor Image (IS713)
// Python's own TypeErrors for a wrong call are worded in bind.ts.
// At deploy / build: see the *Build / deploy* block below.

import { reprStr } from '../model/pyStr';

const HINT = "Hint: Pass items as separate arguments, e.g., 'vim', 'git' instead of ['vim', 'git'].";

export const FLYTE_ERRORS = {
  nonExtendable: () => 'Cannot add additional layers to a non-extendable image. Please create the image with extendable=True in the clone() call.',
  dockerfile: () => 'Flyte current cannot add additional layers to a Dockerfile-based Image. Please amend the dockerfile directly.',
  /** `layer` is rich's repr of the layer; uri.ts passes `Type(…)`. */
  nameless: (layer: string) => `Cannot add additional layer ${layer} to an image without name. Please first clone().`,
  layerIsList: (layerType: string, field: string, valueRepr: string) => `${layerType} field '${field}' is a list: ${valueRepr}. ${HINT}`,
  layerHoldsList: (layerType: string, field: string, index: number, itemRepr: string) => `${layerType} field '${field}' contains a list at index ${index}: ${itemRepr}. ${HINT}`,
  requirementsTxt: (file: string) => `Requirements file ${file} must have a .txt extension`,
  duplicateFiles: (dst: string, namesRepr: string) => `Multiple files with the same name would overwrite each other at destination '${dst}': ${namesRepr}`,
  noAttribute: (typeName: string, attr: string) => `'${typeName}' object has no attribute '${attr}'`,
  pluginName: (plugin: string) => `Plugin ${plugin} must start with 'flyteplugins-'`,
  secretMount: () => 'Only /etc/flyte/secrets is supported as secret mount path today.',
  secretEnvName: (name: string) => `Invalid environment variable name: ${name}, must match ^[A-Z_][A-Z0-9_]*$`,
  directImage: () => 'Direct instantiation of Image not allowed, please use one of the various from_...() methods instead',
  /** `typeRepr` is Python's repr of the type: `<class 'dict'>`. */
  envImage: (typeRepr: string) => `Expected image to be of type str or Image, got ${typeRepr}`,

  // Build / deploy ------------------------------------------------------------
  /** open() of a missing file while hashing (I:1080, 190, 216-217, ...): before validate() runs (image_builder.py:314-322). */
  fileNotFound: (pathAsGiven: string) => `[Errno 2] No such file or directory: ${reprStr(pathAsGiven)}`,
  isADirectory: (pathAsGiven: string) => `[Errno 21] Is a directory: ${reprStr(pathAsGiven)}`,
  /** CopyConfig.validate (I:430-435), ImageBuildError; `abs` is Path.absolute(). */
  sourceMissing: (abs: string) => `Source folder ${abs} does not exist`,
  sourceNotDir: (abs: string) => `Source folder ${abs} is not a directory`,
  sourceNotFile: (abs: string) => `Source file ${abs} is not a file`,
  /** uv_script_parser.py:40 */
  noUvBlock: () => 'No uv metadata block found',
  /** image_builder.py:337-345, ImageBuildError: the local builder with no push registry (since 2.5.13). */
  noPushRegistry: (name: string) =>
    `Cannot build image '${name}': no container registry is configured to push to. ` +
    'The default base registry (ghcr.io/flyteorg) is read-only for pulls and cannot be pushed to. ' +
    'Set a push registry via any of:\n' +
    '  - add `registry: <your-registry>` under the `image:` section of your config.yaml\n' +
    '  - re-run `flyte create config` and add `--registry <your-registry>`\n' +
    '  - set the FLYTE_IMAGE_REGISTRY environment variable to <your-registry>\n' +
    "  - flyte.Image(...): pass registry='<your-registry>' (e.g. registry='docker.io/<user>')",
  /** remote_builder.py:226-229, ImageBuildError (IS712). The missing space is the SDK's. */
  remoteDockerfile: () => 'Custom Dockerfile is not supported with remote image builder.You can use local image builder instead.',
  /** _deploy.py:474-477, InvalidImageNameError (IS711). */
  refNotFound: (name: string, availableRepr: string) => `Image name '${name}' not found in config. Available: ${availableRepr}`,
  /** I:477: Image.uri of an image still holding a with_code_bundle layer, outside deploy. */
  codeBundleUnresolved: () => 'root_dir not set for CodeBundleLayer',
} as const;
