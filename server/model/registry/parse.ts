// Parsing a registry string into its host kind (GAR, GCR, ECR, ECR Public,
// GHCR, ACR, Docker Hub, localhost, other) and parts, each with its offsets
// in the input: the one parser that rules and hover share.

import { scan, seg, type Segment } from './scan';

export type HostKind = 'gar' | 'gcr' | 'ecr' | 'ecr-public' | 'ghcr' | 'acr' | 'dockerhub' | 'localhost' | 'other';

/** Artifact Registry repository formats, as they appear in hosts (`us-python.pkg.dev`). */
export const GAR_FORMATS = ['docker', 'maven', 'npm', 'python', 'apt', 'yum', 'go', 'kfp', 'generic', 'googet'] as const;
export type GarFormat = (typeof GAR_FORMATS)[number];

export interface GarProject extends Segment {
  /** The domain of a domain-scoped project (`example.com` in `example.com/my-project`). */
  domain?: Segment;
  /** The project id proper (`my-project`); undefined when only a domain is written. */
  id?: Segment;
  /**
   * Written in the IAM form `example.com:my-project`. Docker paths need
   * `example.com/my-project` instead (Artifact Registry "Domain-scoped
   * projects"), and a colon fails flytekit's registry check.
   */
  colonForm?: boolean;
}

export interface GarInfo {
  /**
   * `location-format`: `LOCATION-FORMAT.pkg.dev` (`us-east1-docker.pkg.dev`);
   * `regional`: the regional endpoint `FORMAT.LOCATION.rep.pkg.dev`;
   * `unrecognized`: a `*.pkg.dev` host of neither shape.
   */
  style: 'location-format' | 'regional' | 'unrecognized';
  location?: Segment;
  /** The format part of the host (`docker`, `python`, ...), as written. */
  format?: Segment;
  /** True when the format, lowercased, is one of GAR_FORMATS. */
  formatKnown: boolean;
  project?: GarProject;
  repository?: Segment;
  /** Segments after the repository: the image path, allowed. */
  imagePath: Segment[];
}

export interface GcrInfo {
  /** `us`, `eu`, `asia` for the regional hosts, `''` for `gcr.io`; undefined for other `*.gcr.io` hosts (`k8s.gcr.io`). */
  multiRegion?: '' | 'us' | 'eu' | 'asia';
  project?: GarProject;
  imagePath: Segment[];
}

export interface EcrInfo {
  /** The registry id (12-digit account); may be malformed, IS108 checks it. */
  account?: Segment;
  region?: Segment;
  /** `dkr.ecr-fips.` / `dkr-ecr-fips.` hosts. */
  fips: boolean;
  /** The dual-stack (IPv4 + IPv6) form `ACCOUNT.dkr-ecr.REGION.on.aws`. */
  dualStack: boolean;
  /** `.amazonaws.com.cn`: the China partition. */
  china: boolean;
  /** False when the host looks like ECR but has none of the documented shapes. */
  wellFormed: boolean;
  /** The repository name segments (ECR repository names may contain slashes). */
  repositoryPath: Segment[];
}

export interface NamespaceInfo {
  /** The first path segment: the ECR Public alias, GHCR owner or Docker Hub namespace. */
  namespace?: Segment;
  imagePath: Segment[];
}

export interface DockerHubInfo extends NamespaceInfo {
  /** No host written (`myuser`): Docker resolves the first component as a Docker Hub namespace. */
  implicit: boolean;
}

export interface AcrInfo {
  /** The registry name, the first label of `NAME.azurecr.io`. */
  name: Segment;
  imagePath: Segment[];
}

export interface ParsedRegistry {
  input: string;
  /** The registry proper: the input less tolerated noise around it (whitespace, quotes, scheme, trailing `.`/`/`). */
  body: Segment;
  /** `https://` and the like, including `://`. */
  scheme?: Segment;
  /**
   * The host as written, without port. For an implicit Docker Hub namespace
   * (`myuser`) it is empty, at the body's start, and the namespace is path[0].
   */
  host: Segment;
  /** The text after `:` in the host component; IS101 reports it when not 1-5 digits. */
  port?: Segment;
  kind: HostKind;
  /** The host Docker contacts, lowercased, with port: the key of Docker's credHelpers/auths (`docker.io` when implicit). */
  registryHost: string;
  /** Path segments after the host, empty ones (doubled or trailing slashes) dropped. */
  path: Segment[];
  /** A tag on the last segment, including its colon (`:latest`). */
  tag?: Segment;
  /** A digest, including `@` (`@sha256:...`). */
  digest?: Segment;
  gar?: GarInfo;
  gcr?: GcrInfo;
  ecr?: EcrInfo;
  ecrPublic?: NamespaceInfo;
  ghcr?: NamespaceInfo;
  acr?: AcrInfo;
  dockerhub?: DockerHubInfo;
}

const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);
const LOCALHOST_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
const DOMAIN_COLON_PROJECT = /^((?:[a-z0-9-]+\.)+[a-z0-9-]+):([^:]*)$/i;

// Every registry rule (and hover, completion) parses the same few strings for
// each declaration on every keystroke; results are pure data, so a small
// memo serves them. Callers must treat a ParsedRegistry as read-only.
export const MEMO_LIMIT = 256;
const memo = new Map<string, ParsedRegistry>();

/** Splits a registry string into host, port, kind, path segments and per-kind parts. Never throws. */
export function parseRegistry(input: string): ParsedRegistry {
  const key = typeof input === 'string' ? input : String(input);
  let p = memo.get(key);
  if (!p) {
    p = parseFresh(key);
    if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
    memo.set(key, p);
  }
  return p;
}

function parseFresh(input: string): ParsedRegistry {
  try {
    return parseUnsafe(typeof input === 'string' ? input : String(input));
  } catch {
    // Defensive: the parser is written not to throw, but a linter must not
    // crash on a value it cannot understand.
    const s = typeof input === 'string' ? input : '';
    return {
      input: s,
      body: seg(s, 0, s.length),
      host: seg(s, 0, 0),
      kind: 'other',
      registryHost: '',
      path: [],
    };
  }
}

/** parseRegistry without the memo and without the safety net: callers catch. */
export function parseUnsafe(input: string): ParsedRegistry {
  const sc = scan(input);
  const comps = sc.components.slice();
  const body = seg(input, sc.bodyStart, sc.bodyEnd);
  const hostComp = comps.shift();
  let path = comps;

  let host: Segment;
  let port: Segment | undefined;
  let tag: Segment | undefined;
  if (!hostComp) {
    host = seg(input, sc.bodyStart, sc.bodyStart);
  } else {
    // `[::1]:5000`: the colon search starts after an IPv6 literal's bracket.
    const from = hostComp.text.startsWith('[') ? Math.max(0, hostComp.text.indexOf(']')) : 0;
    const colon = hostComp.text.indexOf(':', from);
    if (colon < 0) {
      host = hostComp;
    } else {
      host = seg(input, hostComp.start, hostComp.start + colon);
      const after = seg(input, hostComp.start + colon + 1, hostComp.end);
      // With no path, `myreg.io:latest` is a tag typed where a port would be.
      if (path.length === 0 && /^[A-Za-z_]/.test(after.text)) tag = seg(input, hostComp.start + colon, hostComp.end);
      else port = after;
    }
  }

  const hostLower = host.text.toLowerCase();
  const kind = classify(hostLower, Boolean(port));

  // A tag on the last path segment, unless that segment is a GAR/GCR
  // domain-scoped project in IAM form (`example.com:my-project`).
  if (path.length > 0) {
    const last = path[path.length - 1];
    const colon = last.text.indexOf(':');
    const projectColon = (kind === 'gar' || kind === 'gcr') && path.length === 1 && DOMAIN_COLON_PROJECT.test(last.text);
    if (colon >= 0 && !projectColon) {
      tag = seg(input, last.start + colon, last.end);
      if (colon === 0) path = path.slice(0, -1);
      else path = [...path.slice(0, -1), seg(input, last.start, last.start + colon)];
    }
  }

  const implicitHub = kind === 'dockerhub' && !isDockerHubHost(hostLower);
  const result: ParsedRegistry = {
    input,
    body,
    host,
    kind,
    registryHost: implicitHub ? 'docker.io' : hostLower + (port ? ':' + port.text : ''),
    path,
  };
  if (sc.scheme) result.scheme = sc.scheme;
  if (port) result.port = port;
  if (tag) result.tag = tag;
  if (sc.digest) result.digest = sc.digest;

  switch (kind) {
    case 'gar':
      result.gar = parseGar(input, host, path);
      break;
    case 'gcr': {
      const m = /^(?:(us|eu|asia)\.)?gcr\.io$/.exec(hostLower);
      const { project, rest } = splitProject(input, path);
      result.gcr = { imagePath: rest };
      if (m) result.gcr.multiRegion = (m[1] ?? '') as GcrInfo['multiRegion'];
      if (project) result.gcr.project = project;
      break;
    }
    case 'ecr':
      result.ecr = parseEcr(input, host, path);
      break;
    case 'ecr-public':
      result.ecrPublic = namespaceInfo(path);
      break;
    case 'ghcr':
      result.ghcr = namespaceInfo(path);
      break;
    case 'acr': {
      const dot = host.text.indexOf('.');
      result.acr = { name: seg(input, host.start, host.start + dot), imagePath: path };
      break;
    }
    case 'dockerhub':
      if (implicitHub) {
        // `myuser/x`: Docker reads `myuser` as a namespace on docker.io.
        result.host = seg(input, host.start, host.start);
        result.path = [host, ...path];
        result.dockerhub = { implicit: true, ...namespaceInfo(result.path) };
      } else {
        result.dockerhub = { implicit: false, ...namespaceInfo(path) };
      }
      break;
    default:
      break;
  }
  return result;
}

function isDockerHubHost(h: string): boolean {
  return DOCKER_HUB_HOSTS.has(h);
}

function classify(h: string, hasPort: boolean): HostKind {
  if (h === '') return 'other';
  if (LOCALHOST_HOSTS.has(h)) return 'localhost';
  if (h.endsWith('.pkg.dev') || h === 'pkg.dev') return 'gar';
  if (h === 'gcr.io' || h.endsWith('.gcr.io')) return 'gcr';
  if (h === 'public.ecr.aws') return 'ecr-public';
  if (/(?:^|\.)dkr[.-]ecr|(?:^|\.)ecr[.-]/.test(h) && /\.(?:amazonaws\.com(?:\.cn)?|on\.aws)$/.test(h)) return 'ecr';
  if (h === 'ghcr.io') return 'ghcr';
  if (/^[^.]+\.azurecr\.(?:io|cn|us)$/.test(h)) return 'acr';
  if (isDockerHubHost(h)) return 'dockerhub';
  // Docker's own rule (distribution/reference): a first component without a
  // dot or a port that is not `localhost` is a Docker Hub namespace.
  if (!h.includes('.') && !hasPort && !h.startsWith('[')) return 'dockerhub';
  return 'other';
}

function namespaceInfo(path: Segment[]): NamespaceInfo {
  const info: NamespaceInfo = { imagePath: path.slice(1) };
  if (path[0]) info.namespace = path[0];
  return info;
}

/**
 * The project of a GAR or GCR path. Project ids cannot contain a dot, so a
 * dot in the first segment means a domain-scoped project, which takes two
 * segments (`example.com/my-project`), or one in the IAM colon form.
 */
function splitProject(input: string, path: Segment[]): { project?: GarProject; rest: Segment[] } {
  const first = path[0];
  if (!first) return { rest: [] };
  const cm = DOMAIN_COLON_PROJECT.exec(first.text);
  if (cm) {
    const colon = cm[1].length;
    const project: GarProject = {
      ...first,
      domain: seg(input, first.start, first.start + colon),
      colonForm: true,
    };
    if (first.end > first.start + colon + 1) project.id = seg(input, first.start + colon + 1, first.end);
    return { project, rest: path.slice(1) };
  }
  if (first.text.includes('.')) {
    const second = path[1];
    if (!second) return { project: { ...first, domain: first }, rest: [] };
    return {
      project: { ...seg(input, first.start, second.end), domain: first, id: second },
      rest: path.slice(2),
    };
  }
  return { project: { ...first, id: first }, rest: path.slice(1) };
}

function parseGar(input: string, host: Segment, path: Segment[]): GarInfo {
  const h = host.text.toLowerCase();
  let info: GarInfo;
  const rm = /^([^.]+)\.([^.]+)\.rep\.pkg\.dev$/.exec(h);
  const lm = /^([^.]*)-([^.-]+)\.pkg\.dev$/.exec(h);
  if (rm) {
    const format = seg(input, host.start, host.start + rm[1].length);
    const locStart = format.end + 1;
    info = {
      style: 'regional',
      format,
      location: seg(input, locStart, locStart + rm[2].length),
      formatKnown: false,
      imagePath: [],
    };
  } else if (lm && lm[1] !== '') {
    const location = seg(input, host.start, host.start + lm[1].length);
    info = {
      style: 'location-format',
      location,
      format: seg(input, location.end + 1, location.end + 1 + lm[2].length),
      formatKnown: false,
      imagePath: [],
    };
  } else {
    info = { style: 'unrecognized', formatKnown: false, imagePath: [] };
  }
  if (info.format) info.formatKnown = (GAR_FORMATS as readonly string[]).includes(info.format.text.toLowerCase());
  const { project, rest } = splitProject(input, path);
  if (project) info.project = project;
  if (rest[0]) info.repository = rest[0];
  info.imagePath = rest.slice(1);
  return info;
}

function parseEcr(input: string, host: Segment, path: Segment[]): EcrInfo {
  const h = host.text.toLowerCase();
  const info: EcrInfo = { fips: false, dualStack: false, china: false, wellFormed: false, repositoryPath: path };
  // ACCOUNT.dkr.ecr[-fips].REGION.amazonaws.com[.cn] and the dual-stack
  // ACCOUNT.dkr-ecr[-fips].REGION.on.aws (AWS General Reference, "Amazon ECR endpoints").
  const m =
    /^([^.]+)\.(dkr\.ecr(-fips)?)\.([^.]+)\.amazonaws\.com(\.cn)?$/.exec(h) ??
    /^([^.]+)\.(dkr-ecr(-fips)?)\.([^.]+)\.on\.aws()$/.exec(h);
  if (!m) {
    info.china = h.endsWith('.cn');
    info.dualStack = h.endsWith('.on.aws');
    info.fips = h.includes('-fips');
    return info;
  }
  info.wellFormed = true;
  info.account = seg(input, host.start, host.start + m[1].length);
  const regionStart = info.account.end + 1 + m[2].length + 1;
  info.region = seg(input, regionStart, regionStart + m[4].length);
  info.fips = Boolean(m[3]);
  info.dualStack = m[2].startsWith('dkr-ecr');
  info.china = Boolean(m[5]);
  return info;
}
