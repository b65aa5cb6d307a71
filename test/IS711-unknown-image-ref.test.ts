import { describe, expect, it } from 'vitest';
import { missingRef, refName } from '../rules/IS711-unknown-image-ref';
import { imageUri } from '../server/flyte/uri';
import { bound, call } from './helpers/flyteChain';
import { applyFix, covered, lintSource, only } from './helpers/lint';

describe('IS711 unknown image ref: pure check', () => {
  it('the ref asked for, and the deploy error uri.ts gives too', () => {
    expect(refName(bound(call('from_ref_name'))[0])).toBe('default');
    expect(refName(bound(call('from_ref_name', ['gpu']))[0])).toBe('gpu');
    expect(refName(bound(call('from_ref_name', [{ unknown: 'N' }]))[0])).toBeUndefined();
    const refs = { default: 'ghcr.io/a/b:1', gpu: 'ghcr.io/a/gpu:1' };
    expect(missingRef('gpu', refs)).toBeUndefined();
    const calls = [call('from_ref_name', ['trainer'])];
    const res = imageUri({ calls }, { flyteVersion: '2.6.5', files: { kind: () => undefined, read: () => undefined }, imageRefs: refs });
    expect(res).toMatchObject({ kind: 'error', pyType: 'InvalidImageNameError', message: missingRef('trainer', refs) });
    expect(missingRef('trainer', refs)).toBe("Image name 'trainer' not found in config. Available: ['default', 'gpu']");
  });
});

const HEAD = 'import flyte\n';
const CONFIG = 'image:\n  image_refs:\n    default: ghcr.io/acme/base:1\n    gpu: ghcr.io/acme/gpu:1\n';

describe('IS711 through the linter', () => {
  it('reports a ref the config does not have, with the deploy error, and offers the closest', () => {
    const out = lintSource(HEAD + 'image = flyte.Image.from_ref_name("gpus")\n', { select: ['IS711'], files: { 'config.yaml': CONFIG } });
    const [f] = only(out, 'IS711');
    expect(covered(out, f)).toBe('"gpus"');
    expect(f.message).toBe(
      "No image ref `gpus` in image.image_refs in config.yaml: deploying an environment with this image raises InvalidImageNameError: Image name 'gpus' not found in config. Available: ['default', 'gpu']",
    );
    expect(applyFix(out, f.fixes[0])).toBe(HEAD + 'image = flyte.Image.from_ref_name("gpu")\n');
  });

  it('stays silent on a known ref, without a config, and when flyte.init passes images (near-miss)', () => {
    expect(only(lintSource(HEAD + 'image = flyte.Image.from_ref_name("gpu")\n', { select: ['IS711'], files: { 'config.yaml': CONFIG } }), 'IS711')).toEqual([]);
    expect(only(lintSource(HEAD + 'image = flyte.Image.from_ref_name("gpus")\n', { select: ['IS711'] }), 'IS711')).toEqual([]);
    const init = HEAD + 'flyte.init(images={"gpus": "ghcr.io/acme/g:1"})\nimage = flyte.Image.from_ref_name("gpus")\n';
    expect(only(lintSource(init, { select: ['IS711'], files: { 'config.yaml': CONFIG } }), 'IS711')).toEqual([]);
  });
});
