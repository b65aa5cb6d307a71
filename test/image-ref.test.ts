import { describe, expect, it } from 'vitest';
import { checkDigest, checkDomain, checkImagePath, checkTag, normalizeImagePath, parseImageRef } from '../server/model/imageRef';

const HEX64 = 'a'.repeat(64);

describe('image reference grammar', () => {
  it('accepts valid repository paths with every separator form', () => {
    for (const p of ['etl', 'my-org/etl', 'a.b', 'a_b', 'a__b', 'a---b', 'flyte/flytekit2', 'a0/b1/c2']) {
      expect(checkImagePath(p), p).toBeUndefined();
    }
  });

  it('locates the first problem of a path', () => {
    expect(checkImagePath('my app')).toEqual({ start: 2, end: 3, message: expect.stringContaining('a space is not allowed') });
    expect(checkImagePath('etl:v1')).toMatchObject({ start: 3, end: 4, message: expect.stringContaining('":" is not allowed') });
    expect(checkImagePath('a..b')).toEqual({ start: 1, end: 3, message: '".." is not a separator (allowed: ".", "_", "__" or dashes)' });
    expect(checkImagePath('a___b')).toMatchObject({ start: 1, end: 4 });
    expect(checkImagePath('-etl')).toEqual({ start: 0, end: 1, message: 'a path component must start with a letter or digit, not "-"' });
    expect(checkImagePath('etl_')).toMatchObject({ start: 3, end: 4 });
    expect(checkImagePath('org/')).toEqual({ start: 3, end: 4, message: 'a trailing "/" leaves an empty path component' });
    expect(checkImagePath('/org')).toEqual({ start: 0, end: 1, message: 'a leading "/" leaves an empty path component' });
    expect(checkImagePath('a//b')).toMatchObject({ start: 1, end: 2, message: '"//" leaves an empty path component' });
    expect(checkImagePath('Etl')).toEqual({ start: 0, end: 1, message: 'the repository path must be lowercase' });
    expect(checkImagePath('')).toMatchObject({ message: 'the image name is empty' });
    expect(checkImagePath('x y', 10)).toMatchObject({ start: 11, end: 12 });
  });

  it('normalizes to a valid path or gives up', () => {
    expect(normalizeImagePath('My App:v1')).toBe('my-app-v1');
    expect(normalizeImagePath('a..b/-c_/')).toBe('a.b/c');
    expect(normalizeImagePath('a-_b')).toBe('a-b');
    expect(normalizeImagePath('!!!')).toBeUndefined();
    expect(normalizeImagePath('')).toBeUndefined();
  });

  it('checks tags: [\\w][\\w.-]{0,127}', () => {
    expect(checkTag('3.11-slim')).toBeUndefined();
    expect(checkTag('_x')).toBeUndefined();
    expect(checkTag('a'.repeat(128))).toBeUndefined();
    expect(checkTag('a'.repeat(129))).toMatchObject({ start: 128, end: 129 });
    expect(checkTag('.x')).toMatchObject({ start: 0, end: 1 });
    expect(checkTag('3.11 slim')).toMatchObject({ start: 4, end: 5 });
  });

  it('checks digests, with exact lengths for the registered algorithms', () => {
    expect(checkDigest(`sha256:${HEX64}`)).toBeUndefined();
    expect(checkDigest(`sha256:${'A'.repeat(64)}`)).toMatchObject({ start: 7, end: 71, message: '"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" is not lowercase hexadecimal' });
    expect(checkDigest('sha256:abc')).toMatchObject({ message: 'a sha256 digest has 64 hex digits, this one 3' });
    expect(checkDigest(`multihash+base58:${'0'.repeat(32)}`)).toBeUndefined();
    expect(checkDigest('nohex')).toMatchObject({ start: 0, end: 5 });
  });

  it('checks registry hosts', () => {
    for (const d of ['ghcr.io', 'localhost:5000', 'us-east1-docker.pkg.dev', '[::1]:5000', 'Registry.Example.com']) expect(checkDomain(d), d).toBeUndefined();
    expect(checkDomain('ghcr..io')).toMatchObject({ start: 4, end: 5 });
    expect(checkDomain('-bad.io')).toMatchObject({ message: 'the registry host label "-bad" must not start or end with "-"' });
    expect(checkDomain('host:port')).toMatchObject({ start: 5, end: 9, message: 'the port "port" is not a number' });
  });

  it('parses references into parts, deciding the domain as docker does', () => {
    const r = parseImageRef(`ghcr.io/org/img:1.0@sha256:${HEX64}`);
    expect(r.problem).toBeUndefined();
    expect(r.parts.domain).toEqual({ text: 'ghcr.io', start: 0, end: 7 });
    expect(r.parts.path).toEqual({ text: 'org/img', start: 8, end: 15 });
    expect(r.parts.tag).toEqual({ text: '1.0', start: 16, end: 19 });
    expect(r.parts.digest?.text).toBe(`sha256:${HEX64}`);
    expect(parseImageRef('python:3.11-slim').parts.domain).toBeUndefined();
    expect(parseImageRef('localhost/img').parts.domain?.text).toBe('localhost');
    expect(parseImageRef('localhost:30000/img:tag').parts).toMatchObject({ domain: { text: 'localhost:30000' }, path: { text: 'img' }, tag: { text: 'tag' } });
    expect(parseImageRef('org/img').parts.domain).toBeUndefined();
    for (const ok of ['debian:bookworm-slim', 'nvidia/cuda:12.1.1-runtime-ubuntu22.04', 'Registry.io/org/img', `img@sha256:${HEX64}`]) {
      expect(parseImageRef(ok).problem, ok).toBeUndefined();
    }
  });

  it('reports the first problem of a reference with its offsets', () => {
    expect(parseImageRef('https://ghcr.io/org/img').problem).toMatchObject({ start: 0, end: 8 });
    expect(parseImageRef('Python:3.11').problem).toMatchObject({ start: 0, end: 1, message: 'the repository path must be lowercase' });
    expect(parseImageRef('python:').problem).toMatchObject({ start: 6, end: 7, message: 'the ":" is followed by an empty tag' });
    expect(parseImageRef('ghcr.io/').problem).toEqual({ start: 7, end: 8, message: 'no repository path follows the registry host' });
    expect(parseImageRef('org/').problem).toMatchObject({ start: 3, end: 4, message: 'a trailing "/" leaves an empty path component' });
    expect(parseImageRef(' python').problem).toMatchObject({ start: 0, end: 1 });
    expect(parseImageRef('img@sha256:abc').problem).toMatchObject({ start: 11, end: 14 });
    expect(parseImageRef(`a@sha256:${HEX64}@x`).problem).toMatchObject({ message: 'a reference has at most one "@" digest' });
    expect(parseImageRef('').problem).toMatchObject({ message: 'the image reference is empty' });
    const long = `a/${'b'.repeat(260)}`;
    expect(parseImageRef(long).problem).toMatchObject({ start: 255, end: 262 });
  });
});
