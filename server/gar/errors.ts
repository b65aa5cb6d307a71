// From what the client library throws to a GarFailure, exactly as issue 3
// specifies:
//   NOT_FOUND                                   -> not-found (IS201)
//   PERMISSION_DENIED + ErrorInfo SERVICE_DISABLED -> service-disabled, naming
//                                                  the API from ErrorInfo.metadata.service
//   PERMISSION_DENIED otherwise                 -> permission-denied (IS205, "missing
//                                                  or not visible", never "missing")
//   UNAUTHENTICATED, or the credentials plugin failing before the call
//                                               -> unauthenticated
//   DEADLINE_EXCEEDED                           -> timeout
//   UNAVAILABLE                                 -> unavailable
//   anything else                               -> other
// Transport and other failures are put in words (transportWords: "could
// not connect to HOST:PORT (connection refused)", "DNS lookup failed for
// HOST", "TLS handshake with HOST:PORT failed"), the raw grpc-js text
// ("No connection established. Last error: ... Resolution note:") kept in
// `detail` for --verbose and the language server's log.
// google-gax decodes `grpc-status-details-bin` into err.reason /
// err.errorInfoMetadata / err.statusDetails; we read all three (and the
// message Google sends, as a last resort) so that a detail-less answer still
// maps well.

import type { GarFailure, RepoFormat, RepoMode } from './service';

export const Code = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

const DEFAULT_SERVICE = 'artifactregistry.googleapis.com';

/** The gRPC status code of an error, whether given as a number or a name. */
export function statusCode(err: unknown): number | undefined {
  const c = (err as { code?: unknown } | null)?.code;
  if (typeof c === 'number') return c;
  if (typeof c === 'string') {
    if (/^\d+$/.test(c)) return Number(c);
    const v = (Code as Record<string, number>)[c.toUpperCase()];
    if (v !== undefined) return v;
  }
  return undefined;
}

interface ErrorInfoLike {
  reason?: string;
  domain?: string;
  metadata?: Record<string, string>;
}

function errorInfo(err: Record<string, unknown>): ErrorInfoLike | undefined {
  if (typeof err.reason === 'string') {
    return { reason: err.reason, domain: err.domain as string | undefined, metadata: (err.errorInfoMetadata as Record<string, string>) ?? {} };
  }
  const details = Array.isArray(err.statusDetails) ? err.statusDetails : [];
  for (const d of details) {
    if (d && typeof d === 'object' && typeof (d as ErrorInfoLike).reason === 'string') return d as ErrorInfoLike;
  }
  return undefined;
}

/** Removes anything that looks like a bearer token or key material from a message. */
export function sanitize(message: string): string {
  return message
    .replace(/\bya29\.[\w.-]+/g, '[redacted]')
    .replace(/\b(Bearer|Basic)\s+[\w.~+/=-]+/gi, '$1 [redacted]')
    .replace(/-----BEGIN [^-]+-----[\s\S]*?(-----END [^-]+-----|$)/g, '[redacted]')
    .replace(/\b(access_token|refresh_token|id_token|private_key|client_secret)(["'\s:=]+)[^\s"',}]+/gi, '$1$2[redacted]')
    .replace(/\b[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}\b/g, '[redacted]') // JWTs
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}

function messageOf(err: unknown): string {
  const e = err as { details?: unknown; message?: unknown } | null;
  const raw = typeof e?.details === 'string' && e.details ? e.details : typeof e?.message === 'string' ? e.message : String(err);
  // grpc-js prefixes "5 NOT_FOUND: "; the code is carried separately.
  return sanitize(raw.replace(/^\d+ [A-Z_]+: /, ''));
}

/** Where the calls go, for messages. */
export interface EndpointName {
  host: string;
  port: number;
}

/** What a TLS failure was, from Node's and OpenSSL's words. */
function tlsReason(raw: string): string {
  if (/CERT_HAS_EXPIRED|certificate has expired/i.test(raw)) return ' (its certificate has expired)';
  if (/altnames|ERR_TLS_CERT_ALTNAME|does not match certificate/i.test(raw)) return ' (its certificate does not name that host)';
  if (/self[- ]signed|unable to (verify|get local issuer)|UNABLE_TO_VERIFY|certificate (verify failed|chain)/i.test(raw)) return ' (its certificate is not trusted)';
  if (/wrong version number|packet length too long|unknown protocol|http request/i.test(raw)) return ' (the endpoint does not speak TLS)';
  if (/disconnected before secure TLS connection|socket disconnected/i.test(raw)) return ' (the connection closed during the handshake)';
  return '';
}

/**
 * What failed on the way to the API, in words, from the raw text of an
 * UNAVAILABLE (or another transport-level) error; undefined when the text
 * says nothing about the transport (the server itself answered).
 */
export function transportWords(raw: string, ep: EndpointName): string | undefined {
  const host = ep.host;
  const hp = `${ep.host}:${ep.port}`;
  if (/Name resolution failed|DNS resolution failed|ENOTFOUND|EAI_AGAIN|EAI_NONAME|getaddrinfo/i.test(raw)) {
    return `DNS lookup failed for ${host}${/EAI_AGAIN/.test(raw) ? ' (the DNS server did not answer)' : ''}`;
  }
  if (/ECONNREFUSED/.test(raw)) return `could not connect to ${hp} (connection refused)`;
  if (/connect ECONNRESET/.test(raw)) return `could not connect to ${hp} (connection reset)`;
  if (/EHOSTUNREACH/.test(raw)) return `could not connect to ${hp} (host unreachable)`;
  if (/ENETUNREACH/.test(raw)) return `could not connect to ${hp} (network unreachable)`;
  if (/ETIMEDOUT/.test(raw)) return `could not connect to ${hp} (the connection attempt timed out)`;
  if (/\bSSL\b|\bTLS\b|certificate|CERT_|altnames|handshake|wrong version number/i.test(raw)) return `TLS handshake with ${hp} failed${tlsReason(raw)}`;
  if (/ECONNRESET|socket hang up|Connection dropped|Connection closed|GOAWAY|RST_STREAM/i.test(raw)) return `the connection to ${hp} was dropped`;
  if (/Failed to connect/i.test(raw)) return `could not connect to ${hp} (the connection closed while it was being set up)`;
  if (/Protocol error/i.test(raw)) return `${hp} did not answer as a gRPC server (HTTP/2 protocol error)`;
  if (/No connection established/i.test(raw)) return `could not connect to ${hp}`;
  return undefined;
}

/** What a status code other than the mapped ones means, in words. */
const OTHER_CODES: Record<number, string> = {
  [Code.CANCELLED]: 'the request was cancelled (CANCELLED)',
  [Code.UNKNOWN]: 'the API failed with an unknown error (UNKNOWN)',
  [Code.INVALID_ARGUMENT]: 'the API refused the request as invalid (INVALID_ARGUMENT)',
  [Code.ALREADY_EXISTS]: 'the resource already exists (ALREADY_EXISTS)',
  [Code.RESOURCE_EXHAUSTED]: 'a quota or rate limit was exceeded (RESOURCE_EXHAUSTED)',
  [Code.FAILED_PRECONDITION]: 'the API refused the request in the current state (FAILED_PRECONDITION)',
  [Code.ABORTED]: 'the request was aborted (ABORTED)',
  [Code.OUT_OF_RANGE]: 'the request was out of range (OUT_OF_RANGE)',
  [Code.UNIMPLEMENTED]: 'the endpoint does not implement this Artifact Registry method (UNIMPLEMENTED)',
  [Code.INTERNAL]: 'the API failed internally (INTERNAL)',
  [Code.DATA_LOSS]: 'the answer was lost or corrupted (DATA_LOSS)',
};

/** A failure in words, with the raw text as its detail when the words differ from it. */
function worded(kind: GarFailure['kind'], words: string, raw: string): GarFailure {
  return words === raw ? { kind, message: words } : { kind, message: words, detail: raw };
}

export function mapGarError(err: unknown, ep: EndpointName = { host: DEFAULT_SERVICE, port: 443 }): GarFailure {
  const e = (err && typeof err === 'object' ? err : {}) as Record<string, unknown>;
  const code = statusCode(err);
  const message = messageOf(err);
  const hp = `${ep.host}:${ep.port}`;
  switch (code) {
    case Code.NOT_FOUND:
      return { kind: 'not-found', message };
    case Code.PERMISSION_DENIED: {
      const info = errorInfo(e);
      const disabledByMessage = /has not been used in project|it is disabled|API has not been enabled/i.test(message);
      if (info?.reason === 'SERVICE_DISABLED' || (!info && disabledByMessage)) {
        const fromUrl = /apis\/api\/([a-z0-9.-]+\.googleapis\.com)/i.exec(message)?.[1];
        const service = info?.metadata?.service || fromUrl || DEFAULT_SERVICE;
        return { kind: 'service-disabled', message, service };
      }
      return { kind: 'permission-denied', message };
    }
    case Code.UNAUTHENTICATED:
      return { kind: 'unauthenticated', message };
    case Code.DEADLINE_EXCEEDED:
      // Sent back by the server before our deadline (ours is worded by the client).
      return worded('timeout', `${hp} gave up before answering (DEADLINE_EXCEEDED)`, message);
    case Code.UNAVAILABLE:
      // grpc-js reports a failing call-credentials plugin (no ADC, revoked
      // refresh token) as UNAVAILABLE "Getting metadata from plugin failed".
      if (/metadata from plugin|invalid_grant|invalid_rapt|reauth/i.test(message)) return { kind: 'unauthenticated', message };
      return worded('unavailable', transportWords(message, ep) ?? `the Artifact Registry API at ${hp} answered that it is unavailable (UNAVAILABLE)`, message);
    case undefined: {
      // google-auth-library throws plain errors before any call is made.
      if (/default credentials|credential|invalid_grant|token/i.test(message)) return { kind: 'unauthenticated', message };
      // Node's own errors (a socket, a decoder) and answers the client cannot read.
      const words = transportWords(message, ep) ?? (/decode|parse|invalid wire type|index out of range|illegal/i.test(message) ? `the answer from ${hp} could not be read` : `the request to ${hp} failed`);
      return worded('other', words, message);
    }
    default: {
      // grpc-js says INTERNAL "Response message parsing error: ..." for an answer it cannot decode.
      const unreadable = code === Code.INTERNAL && /parsing error|decode|deserializ|invalid wire type/i.test(message) ? `the answer from ${hp} could not be read` : undefined;
      const words = unreadable ?? (code === Code.INTERNAL || code === Code.UNKNOWN ? transportWords(message, ep) : undefined) ?? OTHER_CODES[code] ?? `the API answered with gRPC status ${code}`;
      return worded('other', words, message);
    }
  }
}

// Enums arrive as names over gRPC (gax loads protos with enums: String) but
// as numbers in long-running-operation results (decoded by protobufjs) and
// over REST (numericEnums). Values from repository.proto.
const FORMATS: Record<number, string> = {
  0: 'FORMAT_UNSPECIFIED',
  1: 'DOCKER',
  2: 'MAVEN',
  3: 'NPM',
  5: 'APT',
  6: 'YUM',
  8: 'PYTHON',
  9: 'KFP',
  10: 'GO',
  11: 'GENERIC',
  12: 'RUBY',
};
const MODES: Record<number, string> = { 0: 'MODE_UNSPECIFIED', 1: 'STANDARD_REPOSITORY', 2: 'VIRTUAL_REPOSITORY', 3: 'REMOTE_REPOSITORY' };

function enumName(v: unknown, table: Record<number, string>, unspecified: string): string {
  if (typeof v === 'number') return table[v] ?? String(v);
  if (typeof v === 'string') {
    if (/^\d+$/.test(v)) return table[Number(v)] ?? v;
    return v.toUpperCase() || unspecified;
  }
  return unspecified;
}

export function normalizeFormat(v: unknown): RepoFormat {
  return enumName(v, FORMATS, 'FORMAT_UNSPECIFIED');
}

/** A repository without a mode predates modes and is standard. */
export function normalizeMode(v: unknown): RepoMode {
  const m = enumName(v, MODES, 'MODE_UNSPECIFIED');
  return m === 'MODE_UNSPECIFIED' ? 'STANDARD_REPOSITORY' : m;
}
