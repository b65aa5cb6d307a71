// server/flyte/config.ts: the image settings Flyte 2 derives from its config
// file and environment (flyte-sdk v2.6.5 config/_reader.py, _config.py).

import { describe, expect, it } from 'vitest';
import { imageSettings } from '../server/flyte/config';

const file = (yaml: unknown) => ({ path: '/p/.flyte/config.yaml', yaml });

describe('imageSettings', () => {
  it('reads builder, registry and image_refs from the file', () => {
    const s = imageSettings(file({ image: { builder: 'remote', registry: 'ghcr.io/acme', image_refs: { gpu: 'x:1' } } }), {});
    expect(s).toEqual({
      builder: { value: 'remote', from: 'image.builder in /p/.flyte/config.yaml' },
      registry: { value: 'ghcr.io/acme', from: 'image.registry in /p/.flyte/config.yaml' },
      imageRefs: { value: { gpu: 'x:1' }, from: 'image.image_refs in /p/.flyte/config.yaml' },
    });
  });

  it('the environment wins over the file; an empty variable hides the file value', () => {
    const f = file({ image: { builder: 'remote', registry: 'ghcr.io/acme' } });
    expect(imageSettings(f, { FLYTE_IMAGE_REGISTRY: 'us-docker.pkg.dev/p/r', FLYTE_IMAGE_BUILDER: 'local' })).toMatchObject({
      builder: { value: 'local', from: 'FLYTE_IMAGE_BUILDER' },
      registry: { value: 'us-docker.pkg.dev/p/r', from: 'FLYTE_IMAGE_REGISTRY' },
    });
    expect(imageSettings(f, { FLYTE_IMAGE_REGISTRY: '' }).registry).toEqual({ value: null, from: 'default' });
  });

  it('without a config file only FLYTE_IMAGE_REGISTRY is honoured', () => {
    const s = imageSettings(null, { FLYTE_IMAGE_REGISTRY: 'r.io/x', FLYTE_IMAGE_BUILDER: 'remote', FLYTE_IMAGE_IMAGE_REFS: 'a=b' });
    expect(s).toEqual({ builder: { value: 'local', from: 'default' }, registry: { value: 'r.io/x', from: 'FLYTE_IMAGE_REGISTRY' }, imageRefs: { value: {}, from: 'default' } });
  });

  it('FLYTE_IMAGE_IMAGE_REFS is a raw string; odd YAML counts as unset', () => {
    expect(imageSettings(file({}), { FLYTE_IMAGE_IMAGE_REFS: 'gpu=x:1' }).imageRefs).toEqual({ value: 'gpu=x:1', from: 'FLYTE_IMAGE_IMAGE_REFS' });
    for (const yaml of [null, 'text', { image: null }, { image: ['x'] }, { image: { registry: '' } }, { image: { image_refs: {} } }]) {
      expect(imageSettings(file(yaml), {})).toEqual({ builder: { value: 'local', from: 'default' }, registry: { value: null, from: 'default' }, imageRefs: { value: {}, from: 'default' } });
    }
  });
});
