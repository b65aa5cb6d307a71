// The one module that talks to Artifact Registry (issue 3). Rules see only
// the GarService interface (service.ts); everything about cost and safety
// lives here:
//
// - Lazy loading: @google-cloud/artifact-registry (and google-gax, protobufjs,
//   grpc-js under it) is `require`d on the first request, never at import
//   time. A run without deep checks, or with deep checks but nothing to ask,
//   never loads it (test/gar-lazy.test.ts checks require.cache).
// - Only the configured endpoint: requests are built from RepoRef parts
//   that are validated against the API's id syntax (refs.ts), and the channel is
//   opened to `config.gar.endpoint` (or the default API host). No host from
//   a linted file can reach the client.
// - Credentials: plaintext `http://` endpoints get insecure channel
//   credentials and no auth at all (the library never even looks for ADC:
//   the universe domain is given, so gax does not ask google-auth-library);
//   TLS endpoints get ADC from the file credentials.ts detected.
// - Cost: one request per distinct question per run (in-flight and recent
//   answers are shared), at most `concurrency` requests at a time, each
//   question bounded by `timeoutMs` in total including retries (timing.ts), answers
//   cached on disk (cache.ts): positive 10 min, NOT_FOUND / denied 1 min,
//   transient failures only in memory for a few seconds.

import { createRequire } from 'node:module';
import type { ArtifactRegistryClient as ArClient } from '@google-cloud/artifact-registry';
import { DiskCache, defaultCacheDir, type CacheKey } from './cache';
import {
  PLAINTEXT_CREDENTIALS,
  detectCredentials,
  parseEndpoint,
  type CredentialInfo,
  type GarEndpoint,
} from './credentials';
import { Code, mapGarError, sanitize, statusCode } from './errors';
import {
  LOGIN_HINT,
  UPLOAD_PERMISSION,
  apiProjectId,
  repositoryName,
  type GarAnswer,
  type GarFailure,
  type GarService,
  type GarSettings,
  type IamBinding,
  type RepoInfo,
  type RepoRef,
} from './service';
import { compareText } from '../model/compare';
import { checkRef, invalid, toRepoInfo } from './refs';
import { formatMs, limiter, sleep, TimerExpired, withTimer } from './timing';

const CLIENT_PACKAGE = '@google-cloud/artifact-registry';

export interface GarServiceOptions {
  /** CLI `--deep` / `--no-deep`; overrides config.deep. */
  deep?: 'auto' | boolean;
  /** false = `--no-cache`: neither read nor write the disk cache (requests are still shared within the run). */
  cache?: boolean;
  /** Cache folder; default defaultCacheDir(env) ($IMAGESPEC_CACHE_DIR, $XDG_CACHE_HOME/imagespec-lint, ...). */
  cacheDir?: string;
  /** Environment for credential and cache folder lookup (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Requests in flight at once (default 32: 20 repositories x two questions fit in about two round trips). */
  concurrency?: number;
  /** Attempts per question for UNAVAILABLE / server-side DEADLINE_EXCEEDED, within timeoutMs (default 3). */
  attempts?: number;
  /** Total time a createRepository may take, including waiting for the operation (default 120 s). */
  createTimeoutMs?: number;
  positiveTtlMs?: number;
  negativeTtlMs?: number;
  /** How long a timeout / unavailable answer is reused in memory before asking again (default 15 s). */
  transientTtlMs?: number;
}

export type GarSetup =
  | { status: 'ready'; service: ArtifactRegistryService }
  /** deep = false (config or --no-deep). */
  | { status: 'off'; message: string }
  /**
   * No credentials found for a TLS endpoint. With deep = "auto" the caller
   * skips deep checks; with deep = true (`required`) it exits 2 with `message`.
   */
  | { status: 'no-credentials'; required: boolean; message: string }
  /** `gar.endpoint` is not an endpoint. A configuration error: exit 2. */
  | { status: 'invalid-endpoint'; message: string };

/**
 * Decides whether deep checks run and builds the service. Loads nothing
 * heavy and makes no request: the client library loads on the first call.
 */
export function createGarService(config: GarSettings, options: GarServiceOptions = {}): GarSetup {
  const deep = options.deep ?? config.deep;
  if (deep === false) return { status: 'off', message: 'deep checks are off' };
  let endpoint: GarEndpoint;
  try {
    endpoint = parseEndpoint(config.gar.endpoint);
  } catch (e) {
    return { status: 'invalid-endpoint', message: (e as Error).message };
  }
  let credentials: CredentialInfo;
  if (endpoint.plaintext) credentials = PLAINTEXT_CREDENTIALS;
  else {
    const found = detectCredentials(options.env ?? process.env);
    if (!found.found) return { status: 'no-credentials', required: deep === true, message: `${found.message}; ${LOGIN_HINT}` };
    credentials = found.credentials;
  }
  return { status: 'ready', service: new ArtifactRegistryService(endpoint, credentials, config.gar.timeoutMs, options) };
}

/** Whether the client library has been loaded into this process (for tests and diagnostics). */
export function clientLibraryLoaded(): boolean {
  return Object.keys(require.cache).some((k) => /[\\/]@google-cloud[\\/]artifact-registry[\\/]/.test(k));
}

interface CallOpts {
  timeout: number;
  maxRetries: number;
}

interface Memo {
  promise: Promise<GarAnswer<unknown>>;
  /** undefined while in flight. */
  expiresAt?: number;
}

export interface GarStats {
  /** RPC attempts made (retries included). */
  requests: number;
  /** Questions answered from the disk cache. */
  cacheHits: number;
  /** Questions answered by sharing an in-flight or recent answer. */
  shared: number;
}

export class ArtifactRegistryService implements GarService {
  readonly identity: string;
  readonly stats: GarStats = { requests: 0, cacheHits: 0, shared: 0 };
  readonly timeoutMs: number;
  readonly cacheDir: string | undefined;
  private client: ArClient | undefined;
  private gax: GaxModule | undefined;
  private readonly disk: DiskCache | undefined;
  private readonly memo = new Map<string, Memo>();
  private readonly creating = new Map<string, Promise<GarAnswer<RepoInfo>>>();
  private readonly limit: <T>(fn: () => Promise<T>) => Promise<T>;
  private readonly attempts: number;
  private readonly createTimeoutMs: number;
  private readonly ttl: { positive: number; negative: number; transient: number };

  constructor(
    readonly endpoint: GarEndpoint,
    readonly credentials: CredentialInfo,
    timeoutMs: number | undefined,
    options: GarServiceOptions = {},
  ) {
    this.identity = credentials.identity;
    this.timeoutMs = timeoutMs && timeoutMs > 0 ? timeoutMs : 5000;
    this.attempts = Math.max(1, options.attempts ?? 3);
    this.createTimeoutMs = options.createTimeoutMs ?? 120_000;
    this.ttl = {
      positive: options.positiveTtlMs ?? 10 * 60_000,
      negative: options.negativeTtlMs ?? 60_000,
      transient: options.transientTtlMs ?? 15_000,
    };
    this.limit = limiter(Math.max(1, options.concurrency ?? 32));
    if (options.cache !== false) {
      this.cacheDir = options.cacheDir ?? defaultCacheDir(options.env ?? process.env);
      this.disk = new DiskCache(this.cacheDir);
    }
  }

  getRepository(ref: RepoRef): Promise<GarAnswer<RepoInfo>> {
    const bad = checkRef(ref);
    if (bad) return Promise.resolve(invalid(bad));
    const name = repositoryName(ref);
    return this.ask('getRepository', name, async (client, opts) => {
      const [repo] = await client.getRepository({ name }, opts);
      return toRepoInfo(repo, ref);
    });
  }

  listRepositories(project: string, location: string): Promise<GarAnswer<RepoInfo[]>> {
    const bad = checkRef({ project, location, repository: 'x' });
    if (bad) return Promise.resolve(invalid(bad));
    const parent = `projects/${apiProjectId(project)}/locations/${location}`;
    return this.ask('listRepositories', parent, async (client, opts) => {
      // autoPaginate follows nextPageToken; each page gets the remaining budget.
      const [repos] = await client.listRepositories({ parent }, { ...opts, autoPaginate: true });
      return repos
        .map((r) => toRepoInfo(r, { project, location, repository: '' }))
        .sort((a, b) => compareText(a.repository, b.repository));
    });
  }

  canUpload(ref: RepoRef): Promise<GarAnswer<boolean>> {
    const bad = checkRef(ref);
    if (bad) return Promise.resolve(invalid(bad));
    const resource = repositoryName(ref);
    return this.ask('testIamPermissions', resource, async (client, opts) => {
      const [res] = await client.testIamPermissions({ resource, permissions: [UPLOAD_PERMISSION] }, opts);
      return (res.permissions ?? []).includes(UPLOAD_PERMISSION);
    });
  }

  getIamBindings(ref: RepoRef): Promise<GarAnswer<IamBinding[]>> {
    const bad = checkRef(ref);
    if (bad) return Promise.resolve(invalid(bad));
    const resource = repositoryName(ref);
    return this.ask('getIamPolicy', resource, async (client, opts) => {
      const [policy] = await client.getIamPolicy({ resource, options: { requestedPolicyVersion: 3 } }, opts);
      return (policy.bindings ?? []).map((b) => ({ role: b.role ?? '', members: [...(b.members ?? [])] }));
    });
  }

  createRepository(ref: RepoRef): Promise<GarAnswer<RepoInfo>> {
    const bad = checkRef(ref);
    if (bad) return Promise.resolve(invalid(bad));
    const name = repositoryName(ref);
    const pending = this.creating.get(name);
    if (pending) return pending;
    const p = this.create(ref, name).finally(() => this.creating.delete(name));
    this.creating.set(name, p);
    return p;
  }

  async close(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (c) await c.close().catch(() => undefined);
  }

  /** Forgets in-memory answers (an editor's "re-check"); the disk cache stays. */
  clearMemory(): void {
    this.memo.clear();
  }

  private async create(ref: RepoRef, name: string): Promise<GarAnswer<RepoInfo>> {
    const parent = name.replace(/\/repositories\/[^/]+$/, '');
    const deadline = Date.now() + this.createTimeoutMs;
    let answer: GarAnswer<RepoInfo>;
    try {
      const client = this.load();
      const gax = this.gax!;
      this.stats.requests++;
      // Not retried: creation is not idempotent. ALREADY_EXISTS (someone was
      // faster, or an earlier attempt got through) is read back as success.
      const [operation] = await client.createRepository(
        { parent, repositoryId: ref.repository, repository: { format: 'DOCKER', mode: 'STANDARD_REPOSITORY' } },
        {
          timeout: this.timeoutMs,
          maxRetries: 0,
          longrunning: gax.createBackoffSettings(200, 1.5, 2000, this.timeoutMs, 1, this.timeoutMs, this.createTimeoutMs),
        },
      );
      const [repo] = await withTimer(operation.promise(), Math.max(1, deadline - Date.now()), 'creating the repository');
      answer = { ok: true, value: toRepoInfo(repo as Parameters<typeof toRepoInfo>[0], ref) };
    } catch (err) {
      if (statusCode(err) !== Code.ALREADY_EXISTS) return { ok: false, failure: mapGarError(err, this.endpoint) };
      this.forget('getRepository', name);
      return this.getRepository(ref);
    }
    // What the next lint asks must see the new repository, not a cached NOT_FOUND.
    this.remember('getRepository', name, answer, this.ttl.positive);
    this.forget('listRepositories', parent);
    return answer;
  }

  private cacheKey(method: string, resource: string): CacheKey {
    return { endpoint: this.endpoint.key, identity: this.credentials.fingerprint, method, resource };
  }

  private remember(method: string, resource: string, answer: GarAnswer<unknown>, ttl: number): void {
    this.memo.set(`${method} ${resource}`, { promise: Promise.resolve(answer), expiresAt: Date.now() + ttl });
    this.disk?.set(this.cacheKey(method, resource), answer, ttl);
  }

  private forget(method: string, resource: string): void {
    this.memo.delete(`${method} ${resource}`);
    this.disk?.delete(this.cacheKey(method, resource));
  }

  /** How long an answer may be reused: [in memory, on disk (0 = not stored)]. */
  private ttlFor(answer: GarAnswer<unknown>): [number, number] {
    if (answer.ok) return [this.ttl.positive, this.ttl.positive];
    switch (answer.failure.kind) {
      // Answers the API gave about the resource: short negative caching, so a
      // repository created in the console is seen within a minute.
      case 'not-found':
      case 'permission-denied':
      case 'service-disabled':
        return [this.ttl.negative, this.ttl.negative];
      // Transport trouble and credentials: never on disk, briefly in memory so
      // that one run asks once per repository.
      default:
        return [this.ttl.transient, 0];
    }
  }

  private ask<T>(method: string, resource: string, fetch: (client: ArClient, opts: CallOpts) => Promise<T>): Promise<GarAnswer<T>> {
    const key = `${method} ${resource}`;
    const now = Date.now();
    const memo = this.memo.get(key);
    if (memo && (memo.expiresAt === undefined || memo.expiresAt > now)) {
      this.stats.shared++;
      return memo.promise as Promise<GarAnswer<T>>;
    }
    const entry: Memo = { promise: Promise.resolve(undefined as never) };
    entry.promise = (async (): Promise<GarAnswer<unknown>> => {
      const ckey = this.cacheKey(method, resource);
      const hit = this.disk?.get<T>(ckey);
      if (hit) {
        this.stats.cacheHits++;
        entry.expiresAt = Date.now() + this.ttlFor(hit)[0];
        return hit;
      }
      let client: ArClient;
      try {
        client = this.load();
      } catch (e) {
        return { ok: false, failure: { kind: 'other', message: sanitize(`cannot load ${CLIENT_PACKAGE}: ${(e as Error).message}`) } };
      }
      // The budget starts when the question is asked (after the one-time,
      // synchronous library load), not when a concurrency slot frees up: a
      // hung endpoint then costs a run timeoutMs, however many repositories
      // are queued behind the limit.
      const deadline = Date.now() + this.timeoutMs;
      const answer = await this.limit(() => this.call(client, deadline, fetch));
      const [memoTtl, diskTtl] = this.ttlFor(answer);
      if (diskTtl > 0) this.disk?.set(ckey, answer, diskTtl);
      entry.expiresAt = Date.now() + memoTtl;
      return answer;
    })();
    this.memo.set(key, entry);
    return entry.promise as Promise<GarAnswer<T>>;
  }

  /** One question: attempts until the deadline (timeoutMs after it was asked). */
  private async call<T>(client: ArClient, deadline: number, fetch: (client: ArClient, opts: CallOpts) => Promise<T>): Promise<GarAnswer<T>> {
    for (let attempt = 1; ; attempt++) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return { ok: false, failure: this.timeoutFailure() };
      this.stats.requests++;
      let failure: GarFailure;
      try {
        // gax turns `timeout` into the gRPC deadline; the outer timer is a
        // backstop for time spent before the call starts (channel setup,
        // fetching a token), which the deadline does not cover.
        const value = await withTimer(fetch(client, { timeout: remaining, maxRetries: 0 }), remaining + 250, 'the request');
        return { ok: true, value };
      } catch (err) {
        failure = err instanceof TimerExpired ? this.timeoutFailure() : mapGarError(err, this.endpoint);
        if (failure.kind === 'timeout' && !(err instanceof TimerExpired) && deadline - Date.now() <= 50) failure = this.timeoutFailure();
      }
      // Bounded retry: UNAVAILABLE, and a DEADLINE_EXCEEDED the server sent
      // back early; never past our own deadline.
      const retryable = failure.kind === 'unavailable' || failure.kind === 'timeout';
      const backoff = Math.round(100 * 2 ** (attempt - 1) * (0.75 + Math.random() / 2));
      if (!retryable || attempt >= this.attempts || deadline - Date.now() < backoff + 50) return { ok: false, failure };
      await sleep(backoff);
    }
  }

  private timeoutFailure(): GarFailure {
    return { kind: 'timeout', message: `no answer from ${this.endpoint.host} within ${formatMs(this.timeoutMs)}` };
  }

  private load(): ArClient {
    if (this.client) return this.client;
    // Resolved here, not at import, so that a run without deep checks never
    // pays for (or depends on) the gRPC stack. google-gax is taken from the
    // client package's own dependency tree so that the grpc-js whose
    // credentials we pass is the one the client uses.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require(CLIENT_PACKAGE) as typeof import('@google-cloud/artifact-registry');
    const gax = createRequire(require.resolve(CLIENT_PACKAGE))('google-gax') as GaxModule;
    this.gax = gax;
    const common = { apiEndpoint: this.endpoint.host.replace(/^\[|\]$/g, ''), port: this.endpoint.port };
    if (this.endpoint.plaintext) {
      this.client = new lib.ArtifactRegistryClient({
        ...common,
        sslCreds: gax.grpc.credentials.createInsecure(),
        // Given explicitly, so gax does not ask google-auth-library (which
        // would read ADC files or probe the metadata server) for it.
        universeDomain: 'googleapis.com',
      } as ConstructorParameters<typeof lib.ArtifactRegistryClient>[0]);
    } else {
      this.client = new lib.ArtifactRegistryClient({
        ...common,
        // The file we detected is the file used (not whatever the library
        // would find with a different environment).
        ...(this.credentials.file ? { keyFilename: this.credentials.file } : {}),
      });
    }
    return this.client;
  }
}

interface GaxModule {
  grpc: { credentials: { createInsecure(): unknown } };
  createBackoffSettings(
    initialRetryDelayMillis: number,
    retryDelayMultiplier: number,
    maxRetryDelayMillis: number,
    initialRpcTimeoutMillis: number | null,
    rpcTimeoutMultiplier: number | null,
    maxRpcTimeoutMillis: number | null,
    totalTimeoutMillis: number | null,
  ): NonNullable<import('google-gax').CallOptions['longrunning']>;
}

