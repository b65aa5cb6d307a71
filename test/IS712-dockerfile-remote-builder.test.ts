import { describe, expect, it } from 'vitest';
import { covered, lintSource, only } from './helpers/lint';

const SRC = 'import flyte\nimage = flyte.Image.from_dockerfile("Dockerfile", registry="ghcr.io/acme", name="etl")\n';

describe('IS712 Dockerfile with the remote builder', () => {
  it('reports from_dockerfile when the config selects the remote builder', () => {
    const out = lintSource(SRC, { select: ['IS712'], files: { 'config.yaml': 'image:\n  builder: remote\n' } });
    const [f] = only(out, 'IS712');
    expect(covered(out, f)).toBe('from_dockerfile');
    expect(f.message).toBe(
      'The remote image builder (image.builder in config.yaml) does not build Dockerfiles: building this image raises ImageBuildError: ' +
        'Custom Dockerfile is not supported with remote image builder.You can use local image builder instead.',
    );
  });

  it('stays silent with the local builder or no config (near-miss)', () => {
    expect(only(lintSource(SRC, { select: ['IS712'], files: { 'config.yaml': 'image:\n  builder: local\n' } }), 'IS712')).toEqual([]);
    expect(only(lintSource(SRC, { select: ['IS712'] }), 'IS712')).toEqual([]);
  });
});
