// md5 / sha1 for what flytekit and flyte-sdk hash (image tags). node:crypto
// costs ~10 ms of start-up to load (it loads the TLS and cipher bindings),
// which a run that computes no tag never needs: it is loaded on the first
// hash. Cache keys use quickHash.ts instead.

import type * as Crypto from 'node:crypto';

let crypto: typeof Crypto | undefined;

export function createHash(algorithm: 'md5' | 'sha1' | 'sha256'): Crypto.Hash {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (start-up time)
  crypto ??= require('node:crypto') as typeof Crypto;
  return crypto.createHash(algorithm);
}
