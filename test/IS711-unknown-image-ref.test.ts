import { describe, expect, it } from 'vitest';
import { missingRef, refName } from '../rules/IS711-unknown-image-ref';
import { imageUri } from '../server/flyte/uri';
import { bound, call } from './helpers/flyteChain';

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
