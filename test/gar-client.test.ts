// The GAR client layer through the real @google-cloud/artifact-registry
// client against the local gRPC server (test/garServer.ts). Nothing here
// reaches anything but 127.0.0.1 (vitest.config sets
// METADATA_SERVER_DETECTION=none; plaintext endpoints never look up ADC).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCacheDir } from '../server/gar/cache';
import { createGarService } from '../server/gar/client';
import { detectCredentials, parseEndpoint } from '../server/gar/credentials';
import { mapGarError, normalizeFormat, normalizeMode, sanitize } from '../server/gar/errors';
import { gcrRepoRef, repositoryName, type RepoRef } from '../server/gar/service';
import { GarTestServer, startBrokenEndpoint } from './garServer';
import { L, P, useGarServer } from './helpers/deep';
import { tmpDir } from './helpers/tmp';

const env = useGarServer();
const gar = env.gar;
const service = env.service;
const ref = (repository: string, project = P, location = L): RepoRef => ({ project, location, repository });
const nameOf = (repository: string, project = P) => repositoryName(ref(repository, project));

describe('answers and error mapping', () => {
  it('reads a standard DOCKER repository', async () => {
    gar.addRepository({ project: P, location: L, repository: 'images' });
    const a = await service().getRepository(ref('images'));
    expect(a).toEqual({
      ok: true,
      value: { project: P, location: L, repository: 'images', name: nameOf('images'), format: 'DOCKER', mode: 'STANDARD_REPOSITORY' },
    });
    expect(gar.calls.GetRepository).toBe(1);
    // Plaintext endpoint: no credentials are sent.
    expect(gar.requests.every((r) => !r.authorization)).toBe(true);
  });

  it('reports the format and mode of other repositories', async () => {
    gar.addRepository({ project: P, location: L, repository: 'mvn', format: 'MAVEN' });
    gar.addRepository({ project: P, location: L, repository: 'hub-mirror', mode: 'REMOTE_REPOSITORY' });
    gar.addRepository({ project: P, location: L, repository: 'all', mode: 'VIRTUAL_REPOSITORY' });
    const s = service();
    const [mvn, remote, virtual] = await Promise.all([s.getRepository(ref('mvn')), s.getRepository(ref('hub-mirror')), s.getRepository(ref('all'))]);
    expect(mvn.ok && mvn.value.format).toBe('MAVEN');
    expect(remote.ok && [remote.value.format, remote.value.mode]).toEqual(['DOCKER', 'REMOTE_REPOSITORY']);
    expect(virtual.ok && virtual.value.mode).toBe('VIRTUAL_REPOSITORY');
  });

  it('maps NOT_FOUND (no repository) to not-found', async () => {
    const a = await service().getRepository(ref('missing'));
    expect(a.ok).toBe(false);
    if (!a.ok) expect(a.failure).toMatchObject({ kind: 'not-found' });
    // Also when the server says so explicitly for an existing name.
    gar.addRepository({ project: P, location: L, repository: 'hidden' });
    gar.setFault(nameOf('hidden'), { kind: 'not-found' });
    const b = await service().getRepository(ref('hidden'));
    expect(!b.ok && b.failure.kind).toBe('not-found');
  });

  it('maps PERMISSION_DENIED without details to permission-denied, never not-found', async () => {
    gar.setFault(nameOf('secret'), { kind: 'permission-denied' });
    const a = await service().getRepository(ref('secret'));
    expect(a.ok).toBe(false);
    if (!a.ok) {
      expect(a.failure.kind).toBe('permission-denied');
      expect(a.failure.message).toContain('or it may not exist');
      expect(a.failure.service).toBeUndefined();
    }
  });

  it('maps PERMISSION_DENIED with ErrorInfo SERVICE_DISABLED to service-disabled, naming the service from ErrorInfo', async () => {
    // A project-wide fault, as a disabled API is.
    gar.setFault(`projects/${P}`, { kind: 'service-disabled', service: 'artifactregistry.example-universe.com' });
    const s = service();
    const a = await s.getRepository(ref('images'));
    expect(a.ok).toBe(false);
    if (!a.ok) {
      expect(a.failure.kind).toBe('service-disabled');
      // The name comes from the ErrorInfo detail, not from the message text.
      expect(a.failure.service).toBe('artifactregistry.example-universe.com');
      expect(a.failure.message).toContain('has not been used in project');
    }
    const list = await s.listRepositories(P, L);
    expect(!list.ok && list.failure.kind).toBe('service-disabled');
  });

  it('maps UNAUTHENTICATED to unauthenticated', async () => {
    gar.setFault(nameOf('images'), { kind: 'unauthenticated' });
    const a = await service().getRepository(ref('images'));
    expect(!a.ok && a.failure.kind).toBe('unauthenticated');
  });

  it('a hung server yields timeout within the timeout plus slack', async () => {
    gar.setFault(nameOf('slow'), { kind: 'hang' });
    const s = service({ timeoutMs: 400 });
    const t0 = Date.now();
    const a = await s.getRepository(ref('slow'));
    const elapsed = Date.now() - t0;
    expect(!a.ok && a.failure.kind).toBe('timeout');
    expect(!a.ok && a.failure.message).toMatch(/within 400 ms/);
    expect(elapsed).toBeGreaterThanOrEqual(350);
    expect(elapsed).toBeLessThan(400 + 600);
    // Not retried: the budget was spent.
    expect(gar.calls.GetRepository).toBe(1);
  });

  it('many repositories on a hung server still finish within timeout plus slack', async () => {
    gar.setFault(`projects/${P}`, { kind: 'hang' });
    // 40 repositories behind a limit of 8: queued questions share the
    // budget instead of each getting their own after waiting.
    const s = service({ timeoutMs: 300, concurrency: 8 });
    const t0 = Date.now();
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => s.getRepository(ref(`r${i}`))));
    expect(answers.every((a) => !a.ok && a.failure.kind === 'timeout')).toBe(true);
    expect(Date.now() - t0).toBeLessThan(300 + 700);
  });

  it('retries UNAVAILABLE and then succeeds', async () => {
    gar.addRepository({ project: P, location: L, repository: 'flaky' });
    gar.setFault(nameOf('flaky'), { kind: 'unavailable', times: 2 });
    const a = await service({ attempts: 3 }).getRepository(ref('flaky'));
    expect(a.ok).toBe(true);
    expect(gar.calls.GetRepository).toBe(3);
  });

  it('gives up on UNAVAILABLE after a bounded number of attempts', async () => {
    gar.addRepository({ project: P, location: L, repository: 'down' });
    gar.setFault(nameOf('down'), { kind: 'unavailable' });
    const a = await service({ attempts: 3 }).getRepository(ref('down'));
    expect(!a.ok && a.failure.kind).toBe('unavailable');
    expect(gar.calls.GetRepository).toBe(3);
  });

  it('retries a DEADLINE_EXCEEDED the server sent early', async () => {
    gar.addRepository({ project: P, location: L, repository: 'busy' });
    gar.setFault(nameOf('busy'), { kind: 'deadline-exceeded', times: 1 });
    const a = await service().getRepository(ref('busy'));
    expect(a.ok).toBe(true);
    expect(gar.calls.GetRepository).toBe(2);
  });

  it('a response that is not a message is "other", and is not cached', async () => {
    gar.addRepository({ project: P, location: L, repository: 'junk' });
    gar.setFault(nameOf('junk'), { kind: 'garbage', times: 1 });
    const a = await service().getRepository(ref('junk'));
    expect(!a.ok && a.failure.kind).toBe('other');
    const b = await service().getRepository(ref('junk'));
    expect(b.ok).toBe(true);
  });

  it('a connection reset or a non-gRPC peer is unavailable, quickly', async () => {
    for (const kind of ['reset', 'garbage'] as const) {
      const broken = await startBrokenEndpoint(kind);
      try {
        const s = service({ endpoint: broken.endpoint, timeoutMs: 2000, attempts: 2 });
        const t0 = Date.now();
        const a = await s.getRepository(ref('images'));
        expect(!a.ok && a.failure.kind, kind).toBe('unavailable');
        expect(Date.now() - t0).toBeLessThan(2000 + 500);
        expect(broken.connections()).toBeGreaterThan(0);
      } finally {
        await broken.stop();
      }
    }
  });
});

describe('cost control', () => {
  it('N declarations over K repositories make exactly K GetRepository calls', async () => {
    const K = 7;
    for (let i = 0; i < K; i++) gar.addRepository({ project: P, location: L, repository: `repo-${i}` });
    gar.latencyMs = 20;
    const s = service();
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => s.getRepository(ref(`repo-${i % K}`))));
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(gar.calls.GetRepository).toBe(K);
    // Asking again later in the same run is free too.
    await s.getRepository(ref('repo-3'));
    expect(gar.calls.GetRepository).toBe(K);
    expect(s.stats.requests).toBe(K);
  });

  it('a second run within the TTL makes no requests (disk cache), including for NOT_FOUND', async () => {
    gar.addRepository({ project: P, location: L, repository: 'a' });
    gar.addRepository({ project: P, location: L, repository: 'b', format: 'NPM' });
    const run = async (s = service()) =>
      Promise.all([s.getRepository(ref('a')), s.getRepository(ref('b')), s.getRepository(ref('gone')), s.canUpload(ref('a')), s.listRepositories(P, L)]);
    const first = await run();
    const callsAfterFirst = { ...gar.calls };
    expect(callsAfterFirst.GetRepository).toBe(3);
    const secondService = service();
    const second = await run(secondService);
    expect(second).toEqual(first);
    expect(gar.calls).toEqual(callsAfterFirst);
    expect(secondService.stats).toMatchObject({ requests: 0, cacheHits: 5 });
  });

  it('--no-cache asks again', async () => {
    gar.addRepository({ project: P, location: L, repository: 'a' });
    await service().getRepository(ref('a'));
    await service({ cache: false }).getRepository(ref('a'));
    expect(gar.calls.GetRepository).toBe(2);
  });

  it('expired entries are asked again; negative answers expire sooner than positive ones', async () => {
    gar.addRepository({ project: P, location: L, repository: 'a' });
    const opts = { positiveTtlMs: 400, negativeTtlMs: 50 };
    let s = service(opts);
    await Promise.all([s.getRepository(ref('a')), s.getRepository(ref('gone'))]);
    await new Promise((r) => setTimeout(r, 120));
    s = service(opts);
    await Promise.all([s.getRepository(ref('a')), s.getRepository(ref('gone'))]);
    // `a` still cached, `gone` asked again.
    expect(gar.requests.filter((r) => r.method === 'GetRepository').map((r) => r.resource.split('/').pop())).toEqual(
      expect.arrayContaining(['a', 'gone', 'gone']),
    );
    expect(gar.calls.GetRepository).toBe(3);
  });

  it('transient failures are not written to disk', async () => {
    gar.addRepository({ project: P, location: L, repository: 'a' });
    gar.setFault(nameOf('a'), { kind: 'unavailable', times: 1 });
    const a = await service({ attempts: 1 }).getRepository(ref('a'));
    expect(!a.ok && a.failure.kind).toBe('unavailable');
    const b = await service({ attempts: 1 }).getRepository(ref('a'));
    expect(b.ok).toBe(true);
  });

  it('a corrupt cache file is ignored and replaced', async () => {
    gar.addRepository({ project: P, location: L, repository: 'a' });
    await service().getRepository(ref('a'));
    const dir = path.join(env.cacheDir(), 'gar-v1');
    const files = fs.readdirSync(dir);
    expect(files.length).toBe(1);
    for (const [i, junk] of ['{"v":1,"method":"getRepository"', 'null', '{"v":1,"method":"getRepository","resource":"x","storedAt":0,"expiresAt":9e15,"answer":{"ok":true}}'].entries()) {
      fs.writeFileSync(path.join(dir, files[0]), junk);
      const a = await service().getRepository(ref('a'));
      expect(a.ok, junk).toBe(true);
      expect(gar.calls.GetRepository).toBe(2 + i);
      // Rewritten as a valid entry.
      expect(JSON.parse(fs.readFileSync(path.join(dir, files[0]), 'utf8')).answer.ok).toBe(true);
    }
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('keys the cache by endpoint: another server is asked', async () => {
    const other = new GarTestServer();
    await other.start();
    try {
      gar.addRepository({ project: P, location: L, repository: 'a' });
      other.addRepository({ project: P, location: L, repository: 'a', format: 'PYTHON' });
      const a = await service().getRepository(ref('a'));
      const b = await service({ endpoint: other.endpoint }).getRepository(ref('a'));
      expect(a.ok && a.value.format).toBe('DOCKER');
      expect(b.ok && b.value.format).toBe('PYTHON');
      expect(other.calls.GetRepository).toBe(1);
    } finally {
      await other.stop();
    }
  });

  it('runs requests concurrently, but no more than the limit', async () => {
    for (let i = 0; i < 20; i++) gar.addRepository({ project: P, location: L, repository: `c${i}` });
    gar.latencyMs = 50;
    const s = service({ concurrency: 4 });
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 20 }, (_, i) => s.getRepository(ref(`c${i}`))));
    const elapsed = Date.now() - t0;
    expect(gar.maxInFlight).toBe(4);
    // 5 waves of 50 ms, not 20 sequential round trips.
    expect(elapsed).toBeGreaterThanOrEqual(5 * 50 - 10);
    expect(elapsed).toBeLessThan(20 * 50);
  });
});

describe('listing, IAM and creation', () => {
  it('lists every repository of a location across pages, sorted', async () => {
    for (const r of ['e', 'a', 'd', 'b', 'c']) gar.addRepository({ project: P, location: L, repository: r });
    gar.addRepository({ project: P, location: 'europe-west1', repository: 'elsewhere' });
    const a = await service().listRepositories(P, L);
    expect(a.ok && a.value.map((r) => r.repository)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(gar.calls.ListRepositories).toBe(3); // page size 2
  });

  it('canUpload reflects testIamPermissions', async () => {
    gar.addRepository({ project: P, location: L, repository: 'rw' });
    gar.addRepository({ project: P, location: L, repository: 'ro', callerPermissions: ['artifactregistry.repositories.downloadArtifacts'] });
    const s = service();
    expect(await s.canUpload(ref('rw'))).toEqual({ ok: true, value: true });
    expect(await s.canUpload(ref('ro'))).toEqual({ ok: true, value: false });
  });

  it('getIamBindings returns the policy bindings', async () => {
    const bindings = [{ role: 'roles/artifactregistry.reader', members: ['serviceAccount:nodes@dp-project.iam.gserviceaccount.com'] }];
    gar.addRepository({ project: P, location: L, repository: 'shared', bindings });
    expect(await service().getIamBindings(ref('shared'))).toEqual({ ok: true, value: bindings });
  });

  it('createRepository creates a DOCKER standard repository, waits for the operation, and the next getRepository sees it', async () => {
    const s = service();
    const before = await s.getRepository(ref('new-repo'));
    expect(!before.ok && before.failure.kind).toBe('not-found');
    gar.operationPolls = 2;
    const created = await s.createRepository(ref('new-repo'));
    expect(created).toEqual({
      ok: true,
      value: { project: P, location: L, repository: 'new-repo', name: nameOf('new-repo'), format: 'DOCKER', mode: 'STANDARD_REPOSITORY' },
    });
    expect(gar.calls.CreateRepository).toBe(1);
    expect(gar.calls.GetOperation).toBeGreaterThanOrEqual(2);
    expect(gar.repos.get(nameOf('new-repo'))).toMatchObject({ format: 'DOCKER', mode: 'STANDARD_REPOSITORY' });
    // Same run and the next run (disk cache) see it, not the cached NOT_FOUND.
    const after = await s.getRepository(ref('new-repo'));
    expect(after.ok && after.value.format).toBe('DOCKER');
    const nextRun = await service().getRepository(ref('new-repo'));
    expect(nextRun.ok).toBe(true);
    gar.operationPolls = 1;
  });

  it('createRepository of an existing repository reads it back', async () => {
    gar.addRepository({ project: P, location: L, repository: 'exists' });
    const a = await service().createRepository(ref('exists'));
    expect(a.ok && a.value.repository).toBe('exists');
  });

  it('createRepository maps a denied creation', async () => {
    gar.setFault(`projects/${P}/locations/${L}`, { kind: 'permission-denied', methods: ['CreateRepository'] });
    const a = await service().createRepository(ref('nope'));
    expect(!a.ok && a.failure.kind).toBe('permission-denied');
  });

  it('never sends a request for a malformed reference', async () => {
    const s = service();
    for (const r of [ref('../../x'), ref('a', 'projects/evil'), ref('a', P, 'us-east1/../x'), ref('UPPER')]) {
      const a = await s.getRepository(r);
      expect(!a.ok && a.failure.kind).toBe('other');
    }
    expect(gar.requests).toEqual([]);
  });

  it('accepts domain-scoped projects in either spelling', async () => {
    gar.addRepository({ project: 'example.com:my-project', location: L, repository: 'images' });
    const s = service();
    const a = await s.getRepository(ref('images', 'example.com/my-project'));
    expect(a.ok && a.value.project).toBe('example.com:my-project');
  });
});

describe('setup, credentials and messages', () => {
  it('reports why deep checks do not run', () => {
    const gar0 = { timeoutMs: 5000, repositories: [] };
    expect(createGarService({ deep: false, gar: { ...gar0, endpoint: 'http://127.0.0.1:1' } }).status).toBe('off');
    expect(createGarService({ deep: true, gar: gar0 }, { deep: false }).status).toBe('off');
    const noCreds = { env: { HOME: '/nonexistent-home', METADATA_SERVER_DETECTION: 'none' } };
    const auto = createGarService({ deep: 'auto', gar: gar0 }, noCreds);
    expect(auto).toMatchObject({ status: 'no-credentials', required: false });
    expect(auto.status === 'no-credentials' && auto.message).toContain('gcloud auth application-default login');
    expect(createGarService({ deep: true, gar: gar0 }, noCreds)).toMatchObject({ status: 'no-credentials', required: true });
    // A plaintext endpoint needs no credentials.
    expect(createGarService({ deep: true, gar: { ...gar0, endpoint: 'http://127.0.0.1:9' } }, noCreds).status).toBe('ready');
    expect(createGarService({ deep: true, gar: { ...gar0, endpoint: 'http://h:1/path' } }).status).toBe('invalid-endpoint');
  });

  it('puts the cache in a per-user folder, overridable for tests', () => {
    expect(defaultCacheDir({ IMAGESPEC_CACHE_DIR: '/tmp/x', XDG_CACHE_HOME: '/c' }, 'linux')).toBe(path.resolve('/tmp/x'));
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/c', HOME: '/h' }, 'linux')).toBe(path.join('/c', 'imagespec-lint'));
    expect(defaultCacheDir({ HOME: '/h' }, 'linux')).toBe(path.join('/h', '.cache', 'imagespec-lint'));
    expect(defaultCacheDir({ HOME: '/h' }, 'darwin')).toBe(path.join('/h', 'Library', 'Caches', 'imagespec-lint'));
  });

  it('parses endpoints', () => {
    expect(parseEndpoint(undefined)).toMatchObject({ plaintext: false, host: 'artifactregistry.googleapis.com', port: 443 });
    expect(parseEndpoint('http://127.0.0.1:8080')).toMatchObject({ plaintext: true, host: '127.0.0.1', port: 8080 });
    expect(parseEndpoint('us-east1-artifactregistry.googleapis.com')).toMatchObject({ plaintext: false, port: 443 });
    expect(parseEndpoint('https://private.example.com:8443/')).toMatchObject({ plaintext: false, host: 'private.example.com', port: 8443 });
    expect(() => parseEndpoint('http://user:pw@h:1')).toThrow();
    expect(() => parseEndpoint('grpc://h')).toThrow();
  });

  it('detects ADC files without exposing their content', () => {
    const dir = tmpDir('imagespec-adc-');
    try {
      const sa = path.join(dir, 'sa.json');
      fs.writeFileSync(sa, JSON.stringify({ type: 'service_account', client_email: 'linter@p.iam.gserviceaccount.com', private_key: '-----BEGIN PRIVATE KEY-----\nSECRETKEY\n-----END PRIVATE KEY-----\n', private_key_id: 'abc' }));
      const d = detectCredentials({ GOOGLE_APPLICATION_CREDENTIALS: sa, METADATA_SERVER_DETECTION: 'none' });
      expect(d).toMatchObject({ found: true, credentials: { source: 'GOOGLE_APPLICATION_CREDENTIALS', identity: 'linter@p.iam.gserviceaccount.com' } });
      expect(JSON.stringify(d)).not.toMatch(/SECRETKEY|PRIVATE KEY/);
      // gcloud's well-known file, an authorized user.
      fs.mkdirSync(path.join(dir, '.config', 'gcloud'), { recursive: true });
      fs.writeFileSync(path.join(dir, '.config', 'gcloud', 'application_default_credentials.json'), JSON.stringify({ type: 'authorized_user', client_id: 'cid', client_secret: 'SECRET2', refresh_token: '1//SECRET3' }));
      const g = detectCredentials({ HOME: dir, METADATA_SERVER_DETECTION: 'none' });
      expect(g).toMatchObject({ found: true, credentials: { source: 'gcloud', type: 'authorized_user' } });
      expect(JSON.stringify(g)).not.toMatch(/SECRET/);
      // A broken GOOGLE_APPLICATION_CREDENTIALS is reported, not skipped.
      fs.writeFileSync(path.join(dir, 'bad.json'), 'refresh_token=SECRET4');
      const b = detectCredentials({ GOOGLE_APPLICATION_CREDENTIALS: path.join(dir, 'bad.json'), HOME: dir });
      expect(b.found).toBe(false);
      expect(JSON.stringify(b)).not.toMatch(/SECRET/);
      // On a plaintext endpoint, credentials in the environment are not sent.
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never sends credentials to a plaintext endpoint, even when ADC is configured', async () => {
    const dir = tmpDir('imagespec-adc-');
    const saved = process.env.GOOGLE_APPLICATION_CREDENTIALS;
    try {
      const sa = path.join(dir, 'sa.json');
      fs.writeFileSync(sa, JSON.stringify({ type: 'service_account', client_email: 'x@p.iam.gserviceaccount.com', private_key: 'not a key' }));
      process.env.GOOGLE_APPLICATION_CREDENTIALS = sa;
      gar.addRepository({ project: P, location: L, repository: 'a' });
      const s = service();
      expect(s.identity).toBe('anonymous (plaintext endpoint)');
      expect((await s.getRepository(ref('a'))).ok).toBe(true);
      expect(gar.requests.length).toBe(1);
      expect(gar.requests[0].authorization).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
      else process.env.GOOGLE_APPLICATION_CREDENTIALS = saved;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps tokens out of messages', () => {
    const f = mapGarError({ code: 16, details: 'bad token Bearer ya29.a0AfB_byC-secret-token-value for access_token=abc123 ok' });
    expect(f.kind).toBe('unauthenticated');
    expect(f.message).not.toMatch(/ya29|secret-token|abc123/);
    expect(sanitize('private_key: "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----"')).not.toMatch(/MIIE/);
  });

  it('maps status codes given as numbers or names, and auth plugin failures', () => {
    expect(mapGarError({ code: 'NOT_FOUND', message: 'x' }).kind).toBe('not-found');
    expect(mapGarError({ code: 4, message: 'x' }).kind).toBe('timeout');
    expect(mapGarError({ code: 14, details: 'Getting metadata from plugin failed with error: invalid_grant' }).kind).toBe('unauthenticated');
    expect(mapGarError(new Error('Could not load the default credentials.')).kind).toBe('unauthenticated');
    expect(mapGarError({ code: 7, details: 'Artifact Registry API has not been used in project 42 before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/artifactregistry.googleapis.com/overview?project=42' })).toMatchObject({
      kind: 'service-disabled',
      service: 'artifactregistry.googleapis.com',
    });
  });

  it('normalises enums given as names or numbers', () => {
    expect([normalizeFormat('DOCKER'), normalizeFormat(1), normalizeFormat('1'), normalizeFormat(2), normalizeFormat(undefined)]).toEqual([
      'DOCKER',
      'DOCKER',
      'DOCKER',
      'MAVEN',
      'FORMAT_UNSPECIFIED',
    ]);
    expect([normalizeMode(3), normalizeMode('VIRTUAL_REPOSITORY'), normalizeMode(0), normalizeMode(undefined)]).toEqual([
      'REMOTE_REPOSITORY',
      'VIRTUAL_REPOSITORY',
      'STANDARD_REPOSITORY',
      'STANDARD_REPOSITORY',
    ]);
  });

  it('maps gcr.io hosts to their Artifact Registry repositories', () => {
    expect(gcrRepoRef('gcr.io', 'p')).toEqual({ project: 'p', location: 'us', repository: 'gcr.io' });
    expect(gcrRepoRef('eu.gcr.io', 'p')).toEqual({ project: 'p', location: 'europe', repository: 'eu.gcr.io' });
    expect(gcrRepoRef('asia.gcr.io', 'p')).toEqual({ project: 'p', location: 'asia', repository: 'asia.gcr.io' });
    expect(gcrRepoRef('ghcr.io', 'p')).toBeUndefined();
  });
});
