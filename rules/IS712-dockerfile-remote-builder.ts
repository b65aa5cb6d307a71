// remote_builder.py:226-229 raises before anything is sent. The builder is
// the config's (FLYTE_IMAGE_BUILDER, image.builder); `--image-builder` and
// flyte.init(image_builder=) override it and cannot be seen.

import type { OfflineRule, RuleFinding } from '../server/engine/types';
import { FLYTE_ERRORS } from '../server/flyte/errors';
import { flyteSettingsOf } from './shared/flyte2';
import { flyteSince, ownConstructor } from './shared/flyteView';

export const rule: OfflineRule = {
  code: 'IS712',
  name: 'dockerfile-remote-builder',
  severity: 'error',
  summary: '`Image.from_dockerfile` with the remote image builder (config `image.builder: remote`)',
  docs: {
    whatItDoes:
      'Reports `Image.from_dockerfile(...)` when the Flyte config selects the remote image builder (`image.builder: remote` in the config ' +
      'file flyte finds, or `FLYTE_IMAGE_BUILDER=remote`).',
    why:
      'The remote (Union) image builder builds from flyte\'s layers, not from Dockerfiles: it refuses a Dockerfile-based image, so ' +
      '`flyte deploy` fails when the image is built. Build it with the local builder (`image.builder: local`), or express it as layers on `from_base`.',
    runtimeError: { when: 'build', error: `ImageBuildError: ${FLYTE_ERRORS.remoteDockerfile()}` },
    example: '# config.yaml: image: {builder: remote}\nimage = flyte.Image.from_dockerfile(Path("Dockerfile"), registry="ghcr.io/acme", name="etl")',
  },
  fixSafety: { kind: 'none' },
  appliesTo: [flyteSince('2.0.0', 'the remote builder refuses Dockerfile-based images', 'v2.6.5:src/flyte/_internal/imagebuild/remote_builder.py:226-229')],
  declKinds: ['flyte2'],
  check(decl, ctx) {
    const own = ownConstructor(decl, ctx);
    if (!own) return [];
    const { view, call: call } = own;
    if (!call || call.method !== 'from_dockerfile') return [];
    const { config } = flyteSettingsOf(ctx, decl.file);
    if (config.builder !== 'remote') return [];
    const builder = config.image.builder;
    const out: RuleFinding = {
      range: view.nameRange(0),
      message: `The remote image builder (${builder.from}) does not build Dockerfiles: building this image raises ImageBuildError: ${FLYTE_ERRORS.remoteDockerfile()}`,
    };
    return [out];
  },
};
