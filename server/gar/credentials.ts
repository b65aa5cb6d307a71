// Where deep checks send requests, and as whom. Both are decided here without
// loading the client library and without touching the network, so that
// `deep = "auto"` can decide quickly whether to run at all.
//
// Endpoint forms (`[tool.imagespec-lint.gar] endpoint`):
//   unset                      -> artifactregistry.googleapis.com:443, TLS + ADC
//   `host` / `host:port`       -> TLS + Application Default Credentials
//   `https://host[:port]`      -> the same
//   `http://host:port`         -> plaintext gRPC, no credentials at all (emulators,
//                                 the test server). Credentials are never sent in
//                                 plaintext, so none are needed or looked up.
// Paths, queries and user info are refused: the endpoint is a gRPC authority.
//
// Credential detection mirrors google-auth-library's ADC order for files
// (GOOGLE_APPLICATION_CREDENTIALS, then gcloud's well-known file) so that
// "found" here means the library will find the same file. The metadata
// server is never probed: on Google Cloud we rely on the offline signals
// gcp-metadata itself uses (Cloud Run / Functions variables, the GCE BIOS
// vendor), and METADATA_SERVER_DETECTION=none (tests) turns even that off.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from '../util/hashes';

const DEFAULT_API_HOST = 'artifactregistry.googleapis.com';

export interface GarEndpoint {
  plaintext: boolean;
  host: string;
  port: number;
  /** Normalised `scheme://host:port`, part of every cache key. */
  key: string;
}

export class EndpointError extends Error {
  constructor(readonly endpoint: string, detail: string) {
    super(`gar.endpoint ${JSON.stringify(endpoint)}: ${detail}`);
    this.name = 'EndpointError';
  }
}

export function parseEndpoint(endpoint: string | undefined): GarEndpoint {
  const raw = (endpoint ?? '').trim();
  if (!raw) return { plaintext: false, host: DEFAULT_API_HOST, port: 443, key: `https://${DEFAULT_API_HOST}:443` };
  const m = /^(?:(https?):\/\/)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?\/?$/.exec(raw);
  if (!m) throw new EndpointError(raw, 'expected `host[:port]`, `https://host[:port]` or `http://host:port` (no path)');
  const plaintext = m[1] === 'http';
  const host = m[2].toLowerCase();
  const port = m[3] ? Number(m[3]) : plaintext ? 80 : 443;
  if (!(port > 0 && port < 65536)) throw new EndpointError(raw, `port ${m[3]} is out of range`);
  if (/^[.-]|[.-]$|\.\./.test(host.replace(/^\[|\]$/g, ''))) throw new EndpointError(raw, `"${host}" is not a host name`);
  return { plaintext, host, port, key: `${plaintext ? 'http' : 'https'}://${host}:${port}` };
}

export interface CredentialInfo {
  source: 'plaintext' | 'GOOGLE_APPLICATION_CREDENTIALS' | 'gcloud' | 'metadata';
  /** The ADC file's `type` (service_account, authorized_user, external_account, impersonated_service_account). */
  type?: string;
  file?: string;
  /** For messages ("not visible to <identity>"): an email or a description, never secret material. */
  identity: string;
  /**
   * Distinguishes identities in cache keys: a truncated SHA-256 of the
   * credential file. One-way and 64 bits, so no credential text can be
   * recovered from a cache file name.
   */
  fingerprint: string;
}

export type CredentialDetection = { found: true; credentials: CredentialInfo } | { found: false; message: string };

export const PLAINTEXT_CREDENTIALS: CredentialInfo = {
  source: 'plaintext',
  identity: 'anonymous (plaintext endpoint)',
  fingerprint: 'anonymous',
};

/** gcloud's well-known ADC file, as google-auth-library computes it. */
function gcloudAdcPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  const base = platform === 'win32' ? env.APPDATA : env.HOME ? path.join(env.HOME, '.config') : undefined;
  return base ? path.join(base, 'gcloud', 'application_default_credentials.json') : undefined;
}

export function detectCredentials(env: NodeJS.ProcessEnv = process.env): CredentialDetection {
  const explicit = env.GOOGLE_APPLICATION_CREDENTIALS || env.google_application_credentials;
  if (explicit) {
    // google-auth-library does not fall back when the variable is set but
    // broken, so neither do we.
    const info = readAdcFile(explicit, 'GOOGLE_APPLICATION_CREDENTIALS');
    if ('error' in info) return { found: false, message: `GOOGLE_APPLICATION_CREDENTIALS points to ${explicit}, which ${info.error}` };
    return { found: true, credentials: info };
  }
  const wellKnown = gcloudAdcPath(env);
  if (wellKnown && fs.existsSync(wellKnown)) {
    const info = readAdcFile(wellKnown, 'gcloud');
    if ('error' in info) return { found: false, message: `gcloud's application default credentials (${wellKnown}) ${info.error}` };
    return { found: true, credentials: info };
  }
  if (onGoogleCloud(env)) {
    return {
      found: true,
      credentials: { source: 'metadata', identity: 'the attached service account (metadata server)', fingerprint: 'metadata' },
    };
  }
  return {
    found: false,
    message: 'no Google Cloud credentials found (GOOGLE_APPLICATION_CREDENTIALS is unset and gcloud has no application default credentials)',
  };
}

function readAdcFile(file: string, source: CredentialInfo['source']): CredentialInfo | { error: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { error: `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
    if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new Error('not an object');
  } catch {
    // Never echo the content: it may be a key.
    return { error: 'is not a JSON credentials file' };
  }
  const type = typeof json.type === 'string' ? json.type : undefined;
  const fingerprint = createHash('sha256').update(text).digest('hex').slice(0, 16);
  return { source, type, file, identity: describeIdentity(json, type), fingerprint };
}

function describeIdentity(json: Record<string, unknown>, type: string | undefined): string {
  const str = (k: string) => (typeof json[k] === 'string' ? (json[k] as string) : undefined);
  const email = str('client_email');
  if (email) return email;
  // impersonated_service_account / external_account carry the target in a URL:
  // .../serviceAccounts/NAME@PROJECT.iam.gserviceaccount.com:generateAccessToken
  const url = str('service_account_impersonation_url');
  const m = url ? /serviceAccounts\/([^/:]+@[^/:]+):generateAccessToken/.exec(url) : null;
  if (m) return m[1];
  if (type === 'authorized_user') return str('account') || 'your gcloud user (application default credentials)';
  if (type === 'external_account') return 'an external account (workload identity federation)';
  return `application default credentials${type ? ` (${type})` : ''}`;
}

/** The offline half of gcp-metadata's residency check. */
function onGoogleCloud(env: NodeJS.ProcessEnv): boolean {
  // Values gcp-metadata understands: assume-present, none, bios-only, ping-only.
  const detection = (env.METADATA_SERVER_DETECTION ?? '').trim().toLowerCase();
  if (detection === 'assume-present') return true;
  if (detection === 'none' || detection === 'ping-only') return false; // we never ping
  if (detection !== 'bios-only' && (env.CLOUD_RUN_JOB || env.FUNCTION_NAME || env.K_SERVICE)) return true;
  if (os.platform() !== 'linux') return false;
  try {
    fs.statSync('/sys/class/dmi/id/bios_date');
    return /Google/.test(fs.readFileSync('/sys/class/dmi/id/bios_vendor', 'utf8'));
  } catch {
    return false;
  }
}
