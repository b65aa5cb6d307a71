// A fast non-cryptographic 128-bit hash of a string, for cache keys: the
// lint cache's content hashes, run fingerprints and index file names.
// node:crypto would do, but loading it costs ~2.5 ms of every CLI start and
// a cache key needs no resistance to attack, only to accident (for 128 bits,
// a collision among a billion keys has odds around 1 in 10^20).
//
// Four 32-bit lanes, each a multiply-xorshift over the UTF-16 code units with
// its own odd multiplier and rotation, then MurmurHash3's finalizer with the
// lanes mixed into each other so every output bit depends on every lane.

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

/** 32 hex characters; equal strings give equal hashes in every process and Node version. */
export function quickHash(s: string): string {
  let a = 0x243f6a88 ^ s.length;
  let b = 0x85a308d3;
  let c = 0x13198a2e;
  let d = 0x03707344;
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    a = Math.imul(a ^ u, 0x01000193);
    a = (a << 13) | (a >>> 19);
    b = Math.imul(b ^ u, 0xcc9e2d51);
    b = (b << 15) | (b >>> 17);
    c = Math.imul(c ^ u, 0x1b873593);
    c = (c << 17) | (c >>> 15);
    d = Math.imul(d ^ u, 0x9e3779b1);
    d = (d << 19) | (d >>> 13);
  }
  a = (a + b + c + d) | 0;
  b = (b + a) | 0;
  c = (c + a) | 0;
  d = (d + a) | 0;
  a = fmix32(a);
  b = fmix32(b);
  c = fmix32(c);
  d = fmix32(d);
  a = (a + b + c + d) | 0;
  b = (b + a) | 0;
  c = (c + a) | 0;
  d = (d + a) | 0;
  return hex8(a) + hex8(b) + hex8(c) + hex8(d);
}
