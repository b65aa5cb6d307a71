// On-disk cache of Artifact Registry answers, so that linting the same
// project twice within a few minutes (pre-commit, CI retries, an editor
// restart) makes no requests.
//
// - One JSON file per question, named by a SHA-256 of
//   (format version, endpoint, identity fingerprint, method, resource): two
//   users or two endpoints never share answers, and a file name reveals
//   nothing.
// - A file holds the method, the resource name, the expiry and the answer.
//   Never a token, never credential text (answers are built from API data
//   and sanitised messages only).
// - Writes go to a temporary file in the same folder and are renamed into
//   place, so a reader sees the old file or the new one, never half of one.
// - Anything unreadable, unparsable, of the wrong shape, for another key, or
//   expired is a miss; cache problems never fail a lint.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from '../util/hashes';
import type { GarAnswer } from './service';

const FORMAT = 1;

export { defaultCacheDir } from '../util/cacheDir';

export interface CacheKey {
  endpoint: string;
  identity: string;
  method: string;
  resource: string;
}

interface Entry {
  v: number;
  method: string;
  resource: string;
  storedAt: number;
  expiresAt: number;
  answer: GarAnswer<unknown>;
}

export class DiskCache {
  readonly dir: string;

  constructor(dir: string, private readonly now: () => number = Date.now) {
    this.dir = path.join(dir, `gar-v${FORMAT}`);
  }

  fileFor(key: CacheKey): string {
    const h = createHash('sha256')
      .update(JSON.stringify([FORMAT, key.endpoint, key.identity, key.method, key.resource]))
      .digest('hex');
    return path.join(this.dir, `${h}.json`);
  }

  get<T>(key: CacheKey): GarAnswer<T> | undefined {
    const file = this.fileFor(key);
    let e: Entry;
    try {
      e = JSON.parse(fs.readFileSync(file, 'utf8')) as Entry;
    } catch {
      return undefined;
    }
    const now = this.now();
    if (
      e === null ||
      typeof e !== 'object' ||
      e.v !== FORMAT ||
      e.method !== key.method ||
      e.resource !== key.resource ||
      typeof e.expiresAt !== 'number' ||
      typeof e.storedAt !== 'number' ||
      !isAnswer(e.answer)
    )
      return undefined;
    // Expired, or written "in the future" (clock moved back): ask again.
    if (e.expiresAt <= now || e.storedAt > now + 60_000) return undefined;
    return e.answer as GarAnswer<T>;
  }

  set(key: CacheKey, answer: GarAnswer<unknown>, ttlMs: number): void {
    const now = this.now();
    const entry: Entry = { v: FORMAT, method: key.method, resource: key.resource, storedAt: now, expiresAt: now + ttlMs, answer };
    const file = this.fileFor(key);
    // Unique per process and write (node:crypto's random bytes would cost start-up time to load).
    const tmp = `${file}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}.tmp`;
    try {
      fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      fs.writeFileSync(tmp, JSON.stringify(entry), { mode: 0o600 });
      fs.renameSync(tmp, file);
    } catch {
      // Read-only home, full disk: run without a cache.
      try {
        fs.unlinkSync(tmp);
      } catch {
        /* not created */
      }
    }
  }

  delete(key: CacheKey): void {
    try {
      fs.unlinkSync(this.fileFor(key));
    } catch {
      /* absent */
    }
  }
}

function isAnswer(a: unknown): boolean {
  if (a === null || typeof a !== 'object') return false;
  const x = a as Record<string, unknown>;
  if (x.ok === true) return 'value' in x;
  if (x.ok === false) {
    const f = x.failure as Record<string, unknown> | undefined;
    return !!f && typeof f === 'object' && typeof f.kind === 'string' && typeof f.message === 'string';
  }
  return false;
}
