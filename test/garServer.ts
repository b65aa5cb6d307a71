// A local Artifact Registry for tests and the bench: a real gRPC server
// (@grpc/grpc-js + @grpc/proto-loader) speaking the client package's own
// protos, bound to 127.0.0.1 on a free port. The real
// @google-cloud/artifact-registry client talks to it through
// `gar.endpoint = "http://127.0.0.1:PORT"`.
//
// Implements ArtifactRegistry.GetRepository / ListRepositories /
// CreateRepository (a long-running operation, finished through
// google.longrunning.Operations.GetOperation polls) / TestIamPermissions /
// GetIamPolicy over an in-memory set of repositories, with faults per
// resource name and call counts per method.
//
//   const gar = new GarTestServer({ latencyMs: 20 });
//   const { endpoint } = await gar.start();          // http://127.0.0.1:PORT
//   gar.addRepository({ project: 'my-project', location: 'us-east1', repository: 'images' });
//   gar.addRepository({ project: 'my-project', location: 'us-east1', repository: 'mvn', format: 'MAVEN' });
//   gar.setFault('projects/my-project/locations/us-east1/repositories/gone', { kind: 'not-found' });
//   gar.setFault('projects/off-project', { kind: 'service-disabled' });   // whole project
//   ... config.gar.endpoint = endpoint ...
//   expect(gar.calls.GetRepository).toBe(3);
//   await gar.stop();

import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

// Resolved, not relative to this file, so that the compiled copy the bench
// runs (dist/test/garServer.js) finds the same protos.
const AR_PROTOS = path.join(path.dirname(require.resolve('@google-cloud/artifact-registry/package.json')), 'build/protos');
// google-gax ships google/api, google/iam/v1, google/longrunning, google/rpc.
const GAX_PROTOS = path.join(packageRoot(createRequire(path.join(AR_PROTOS, '..', 'package.json')).resolve('google-gax')), 'build/protos');
const INCLUDE = [AR_PROTOS, GAX_PROTOS];

export const UPLOAD = 'artifactregistry.repositories.uploadArtifacts';

export type FaultKind =
  /** NOT_FOUND "Requested entity was not found." */
  | 'not-found'
  /** PERMISSION_DENIED without details: "... (or it may not exist)". */
  | 'permission-denied'
  /** PERMISSION_DENIED with google.rpc.ErrorInfo reason SERVICE_DISABLED in grpc-status-details-bin. */
  | 'service-disabled'
  | 'unauthenticated'
  /** Never answers (until the client's deadline or stop()). */
  | 'hang'
  /** UNAVAILABLE; with `times`, that many times and then a normal answer. */
  | 'unavailable'
  /** DEADLINE_EXCEEDED sent back at once by the server. */
  | 'deadline-exceeded'
  /** A response body that is not the message (the client fails to parse it). */
  | 'garbage';

export interface Fault {
  kind: FaultKind;
  /** Fail this many times, then answer normally. Default: always. */
  times?: number;
  /** Only for these methods (`GetRepository`, ...). Default: every method. */
  methods?: string[];
  /** service-disabled: the ErrorInfo metadata `service` (default artifactregistry.googleapis.com); the message keeps the default. */
  service?: string;
}

export interface RepoSpec {
  project: string;
  location: string;
  repository: string;
  /** Default DOCKER. */
  format?: string;
  /** Default STANDARD_REPOSITORY. */
  mode?: string;
  /** Permissions TestIamPermissions grants the caller; default all asked. */
  callerPermissions?: string[];
  bindings?: { role: string; members: string[] }[];
}

export interface GarTestServerOptions {
  /** Delay before every answer (default 0). */
  latencyMs?: number;
  /** ListRepositories page size cap, to exercise pagination (default 2). */
  pageSize?: number;
  /** GetOperation polls answered "not done" before a create completes (default 1). */
  operationPolls?: number;
}

interface Repo {
  name: string;
  format: string;
  mode: string;
  callerPermissions?: string[];
  bindings: { role: string; members: string[] }[];
}

export interface LoggedRequest {
  method: string;
  resource: string;
  /** Whether the request carried an authorization header (it must not, in plaintext). */
  authorization: boolean;
}

const GARBAGE = Symbol('garbage');

export class GarTestServer {
  latencyMs: number;
  pageSize: number;
  operationPolls: number;
  readonly repos = new Map<string, Repo>();
  readonly faults = new Map<string, Fault>();
  /** Calls per method name (`GetRepository`, `GetOperation`, ...), faulted ones included. */
  calls: Record<string, number> = {};
  requests: LoggedRequest[] = [];
  /** Calls being handled right now, and the most at once since resetCounts(). */
  inFlight = 0;
  maxInFlight = 0;
  private server: grpc.Server | undefined;
  private port = 0;
  private readonly hung = new Set<() => void>();
  private readonly operations = new Map<string, { pollsLeft: number; repo: Repo }>();
  private opSeq = 0;
  private readonly statusType: ProtoType;
  private readonly errorInfoType: ProtoType;
  private readonly arService: grpc.ServiceDefinition;
  private readonly opsService: grpc.ServiceDefinition;

  constructor(options: GarTestServerOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
    this.pageSize = options.pageSize ?? 2;
    this.operationPolls = options.operationPolls ?? 1;
    const def = protoLoader.loadSync(['google/devtools/artifactregistry/v1/service.proto', 'google/longrunning/operations.proto'], {
      includeDirs: INCLUDE,
      keepCase: false,
      longs: String,
      enums: String,
      defaults: true,
      oneofs: true,
    });
    this.arService = withGarbage(def['google.devtools.artifactregistry.v1.ArtifactRegistry'] as grpc.ServiceDefinition);
    this.opsService = def['google.longrunning.Operations'] as grpc.ServiceDefinition;
    // google.rpc.Status / ErrorInfo for grpc-status-details-bin: protobufjs
    // (proto-loader's own) encodes them, as Google's frontends would.
    const protobuf = createRequire(require.resolve('@grpc/proto-loader'))('protobufjs') as ProtobufModule;
    const root = new protobuf.Root();
    root.resolvePath = (_origin: string, target: string) => {
      for (const dir of INCLUDE) {
        const p = path.join(dir, target);
        if (fs.existsSync(p)) return p;
      }
      return target;
    };
    root.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto'], { keepCase: true });
    this.statusType = root.lookupType('google.rpc.Status');
    this.errorInfoType = root.lookupType('google.rpc.ErrorInfo');
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<{ port: number; endpoint: string }> {
    const server = new grpc.Server();
    server.addService(this.arService, {
      GetRepository: this.unary('GetRepository', (req) => req.name, (req) => this.getRepository(req)),
      ListRepositories: this.unary('ListRepositories', (req) => req.parent, (req) => this.listRepositories(req)),
      CreateRepository: this.unary('CreateRepository', (req) => `${req.parent}/repositories/${req.repositoryId}`, (req) => this.createRepository(req)),
      TestIamPermissions: this.unary('TestIamPermissions', (req) => req.resource, (req) => this.testIamPermissions(req)),
      GetIamPolicy: this.unary('GetIamPolicy', (req) => req.resource, (req) => this.getIamPolicy(req)),
    });
    server.addService(this.opsService, {
      GetOperation: this.unary('GetOperation', (req) => req.name, (req) => this.getOperation(req)),
    });
    this.port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))),
    );
    this.server = server;
    return { port: this.port, endpoint: this.endpoint };
  }

  async stop(): Promise<void> {
    for (const release of this.hung) release();
    this.hung.clear();
    const s = this.server;
    this.server = undefined;
    if (s) s.forceShutdown();
  }

  addRepository(spec: RepoSpec): string {
    const name = `projects/${spec.project}/locations/${spec.location}/repositories/${spec.repository}`;
    this.repos.set(name, {
      name,
      format: spec.format ?? 'DOCKER',
      mode: spec.mode ?? 'STANDARD_REPOSITORY',
      callerPermissions: spec.callerPermissions,
      bindings: spec.bindings ?? [],
    });
    return name;
  }

  /** A fault for a resource name, or for everything under it (`projects/P`). */
  setFault(resource: string, fault: Fault): void {
    this.faults.set(resource, { ...fault });
  }

  clearFaults(): void {
    this.faults.clear();
  }

  resetCounts(): void {
    this.calls = {};
    this.requests = [];
    this.maxInFlight = this.inFlight;
  }

  // ---------------------------------------------------------------- handlers

  private unary(
    method: string,
    resourceOf: (req: Req) => string,
    handle: (req: Req) => unknown,
  ): grpc.handleUnaryCall<Req, unknown> {
    return (call, callback) => {
      this.calls[method] = (this.calls[method] ?? 0) + 1;
      const resource = String(resourceOf(call.request) ?? '');
      this.requests.push({ method, resource, authorization: call.metadata.get('authorization').length > 0 });
      const fault = this.faultFor(resource, method);
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      let finished = false;
      const done = () => {
        if (!finished) this.inFlight--;
        finished = true;
      };
      call.on('cancelled', done);
      if (fault?.kind === 'hang') {
        // Hold the call open; the client's deadline ends it, or stop().
        const release = () => {
          done();
          callback({ code: grpc.status.UNAVAILABLE, details: 'server stopped' });
        };
        this.hung.add(release);
        call.on('cancelled', () => this.hung.delete(release));
        return;
      }
      setTimeout(() => {
        done();
        if (fault?.kind === 'garbage') return callback(null, { [GARBAGE]: true });
        if (fault) return callback(this.faultError(fault, resource, method));
        try {
          callback(null, handle(call.request));
        } catch (e) {
          const err = e as grpc.ServiceError;
          callback(typeof err.code === 'number' ? err : { code: grpc.status.INTERNAL, details: String(e) });
        }
      }, this.latencyMs);
    };
  }

  private faultFor(resource: string, method: string): Fault | undefined {
    for (const [key, fault] of this.faults) {
      if (resource !== key && !resource.startsWith(`${key}/`)) continue;
      if (fault.methods && !fault.methods.includes(method)) continue;
      if (fault.times !== undefined) {
        if (fault.times <= 0) continue;
        fault.times--;
      }
      return fault;
    }
    return undefined;
  }

  private faultError(fault: Fault, resource: string, method: string): Partial<grpc.ServiceError> | null {
    const permission = `artifactregistry.repositories.${method === 'ListRepositories' ? 'list' : method === 'CreateRepository' ? 'create' : 'get'}`;
    switch (fault.kind) {
      case 'not-found':
        return { code: grpc.status.NOT_FOUND, details: 'Requested entity was not found.' };
      case 'permission-denied':
        return { code: grpc.status.PERMISSION_DENIED, details: `Permission '${permission}' denied on resource '${resource}' (or it may not exist).` };
      case 'service-disabled': {
        const project = /^projects\/([^/]+)/.exec(resource)?.[1] ?? 'unknown';
        const message =
          `Artifact Registry API has not been used in project ${project} before or it is disabled. Enable it by visiting ` +
          `https://console.developers.google.com/apis/api/artifactregistry.googleapis.com/overview?project=${project} then retry.`;
        const info = this.errorInfoType.encode(
          this.errorInfoType.create({
            reason: 'SERVICE_DISABLED',
            domain: 'googleapis.com',
            metadata: { service: fault.service ?? 'artifactregistry.googleapis.com', consumer: `projects/${project}`, serviceTitle: 'Artifact Registry API' },
          }),
        ).finish();
        const status = this.statusType.encode(
          this.statusType.create({
            code: grpc.status.PERMISSION_DENIED,
            message,
            details: [{ type_url: 'type.googleapis.com/google.rpc.ErrorInfo', value: info }],
          }),
        ).finish();
        const metadata = new grpc.Metadata();
        metadata.set('grpc-status-details-bin', Buffer.from(status));
        return { code: grpc.status.PERMISSION_DENIED, details: message, metadata };
      }
      case 'unauthenticated':
        return {
          code: grpc.status.UNAUTHENTICATED,
          details: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
        };
      case 'unavailable':
        return { code: grpc.status.UNAVAILABLE, details: 'The service is currently unavailable.' };
      case 'deadline-exceeded':
        return { code: grpc.status.DEADLINE_EXCEEDED, details: 'Deadline exceeded on the server.' };
      default:
        return { code: grpc.status.INTERNAL, details: `unknown fault ${String(fault.kind)}` };
    }
  }

  private repoMessage(r: Repo): Record<string, unknown> {
    return { name: r.name, format: r.format, mode: r.mode, description: '', labels: {} };
  }

  private getRepository(req: Req): unknown {
    const r = this.repos.get(req.name);
    if (!r) throw notFound();
    return this.repoMessage(r);
  }

  private listRepositories(req: Req): unknown {
    const prefix = `${req.parent}/repositories/`;
    const all = [...this.repos.values()].filter((r) => r.name.startsWith(prefix)).sort((a, b) => a.name.localeCompare(b.name));
    const start = req.pageToken ? Number(req.pageToken) : 0;
    const size = Math.min(req.pageSize > 0 ? req.pageSize : this.pageSize, this.pageSize);
    const page = all.slice(start, start + size);
    const next = start + size < all.length ? String(start + size) : '';
    return { repositories: page.map((r) => this.repoMessage(r)), nextPageToken: next };
  }

  private createRepository(req: Req): unknown {
    const name = `${req.parent}/repositories/${req.repositoryId}`;
    if (this.repos.has(name) || [...this.operations.values()].some((o) => o.repo.name === name))
      throw Object.assign(new Error('exists'), { code: grpc.status.ALREADY_EXISTS, details: `the repository already exists: ${name}` });
    const repo: Repo = {
      name,
      format: (req.repository?.format as string) || 'FORMAT_UNSPECIFIED',
      mode: (req.repository?.mode as string) || 'STANDARD_REPOSITORY',
      bindings: [],
    };
    const opName = `${req.parent}/operations/op-${++this.opSeq}`;
    this.operations.set(opName, { pollsLeft: this.operationPolls, repo });
    if (this.operationPolls <= 0) return this.finishOperation(opName);
    return { name: opName, done: false, metadata: this.operationMetadata() };
  }

  private getOperation(req: Req): unknown {
    const op = this.operations.get(req.name);
    if (!op) throw notFound();
    if (op.pollsLeft > 0) {
      op.pollsLeft--;
      if (op.pollsLeft > 0) return { name: req.name, done: false, metadata: this.operationMetadata() };
    }
    return this.finishOperation(req.name);
  }

  private finishOperation(opName: string): unknown {
    const op = this.operations.get(opName)!;
    this.repos.set(op.repo.name, op.repo);
    const value = (this.arService.GetRepository.responseSerialize as (v: unknown) => Buffer)(this.repoMessage(op.repo));
    return {
      name: opName,
      done: true,
      metadata: this.operationMetadata(),
      response: { typeUrl: 'type.googleapis.com/google.devtools.artifactregistry.v1.Repository', value },
    };
  }

  private operationMetadata(): unknown {
    return { typeUrl: 'type.googleapis.com/google.devtools.artifactregistry.v1.OperationMetadata', value: Buffer.alloc(0) };
  }

  private testIamPermissions(req: Req): unknown {
    const r = this.repos.get(req.resource);
    if (!r) throw notFound();
    const asked = (req.permissions ?? []) as string[];
    const granted = r.callerPermissions ? asked.filter((p) => r.callerPermissions!.includes(p)) : asked;
    return { permissions: granted };
  }

  private getIamPolicy(req: Req): unknown {
    const r = this.repos.get(req.resource);
    if (!r) throw notFound();
    return { version: 1, bindings: r.bindings, etag: Buffer.from('BwY=') };
  }
}

/**
 * A TCP port that is not a gRPC server: `reset` accepts and resets every
 * connection, `garbage` answers with bytes that are not HTTP/2. The client
 * must report `unavailable`, not hang or crash.
 */
export async function startBrokenEndpoint(kind: 'reset' | 'garbage'): Promise<{ endpoint: string; connections: () => number; stop: () => Promise<void> }> {
  let count = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    count++;
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    if (kind === 'reset') sock.resetAndDestroy();
    else sock.end(Buffer.from('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n\x00\xff\xfe garbage'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    connections: () => count,
    stop: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

// ------------------------------------------------------------------ helpers

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Req = any;

interface ProtoType {
  create(props: Record<string, unknown>): unknown;
  encode(msg: unknown): { finish(): Uint8Array };
}

interface ProtobufModule {
  Root: new () => {
    resolvePath: (origin: string, target: string) => string;
    loadSync(files: string[], opts: Record<string, unknown>): void;
    lookupType(name: string): ProtoType;
  };
}

function packageRoot(file: string): string {
  let dir = path.dirname(file);
  while (!fs.existsSync(path.join(dir, 'package.json')) || path.basename(path.dirname(dir)) !== 'node_modules') {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package root above ${file}`);
    dir = up;
  }
  return dir;
}

function notFound(): Error {
  return Object.assign(new Error('not found'), { code: grpc.status.NOT_FOUND, details: 'Requested entity was not found.' });
}

/**
 * Wraps every response serializer: a response carrying the GARBAGE marker
 * is sent as bytes that are not a valid message, to exercise the
 * client's parse-failure path.
 */
function withGarbage(service: grpc.ServiceDefinition): grpc.ServiceDefinition {
  const out: Record<string, unknown> = {};
  for (const [name, m] of Object.entries(service)) {
    const orig = m.responseSerialize as (v: unknown) => Buffer;
    out[name] = { ...m, responseSerialize: (v: unknown) => (v && (v as Record<symbol, unknown>)[GARBAGE] ? Buffer.from([0xff, 0xff, 0xff, 0xff, 0x07]) : orig(v)) };
  }
  return out as grpc.ServiceDefinition;
}
