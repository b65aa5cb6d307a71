// The registry-string model: one parser that rules (IS101-IS109, IS301,
// IS302, IS601) and hover share, so every feature agrees on what the host,
// the project and the repository of `registry="..."` are.
//
// Pure functions, no I/O. Every offset is a [start, end) index into the
// string passed in, in UTF-16 code units (JavaScript string indices), so a
// rule adds it to the start of the literal's content to underline exactly
// the project or repository segment, and a fix replaces that range.
//
// The parser is tolerant: it never throws, and it looks through the noise
// users paste around a registry (quotes, backticks, a scheme, a trailing
// slash or period, a tag or digest) so that a dirty value still has a host
// and segments. `registryProblems` reports that noise; `stripRegistryNoise`
// removes it. What an SDK itself accepts (flytekit's registry regex) is the
// SDK's business: server/flytekit/ builds on this module, never the reverse.

import { garMultiRegion, garRegion, GAR_MULTI_REGIONS, GAR_REGIONS } from './gcpLocations';

/** A piece of the input: its text as written and its [start, end) offsets. */
export interface Segment {
  text: string;
  start: number;
  end: number;
}

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

// ---------------------------------------------------------------------------
// Scanning

const QUOTES = new Set(['"', "'", '`', '\u2018', '\u2019', '\u201c', '\u201d']);
// Trailing punctuation that sentences and Markdown leave behind after a
// copied registry; none of it can end a valid registry.
const TRAILING_PUNCT = new Set(['.', ',', ';']);

function isSpace(c: string): boolean {
  return /\s/.test(c);
}

function seg(input: string, start: number, end: number): Segment {
  return { text: input.slice(start, end), start, end };
}

interface Scan {
  bodyStart: number;
  bodyEnd: number;
  scheme?: Segment;
  leadingNoise: Segment[];
  trailingNoise: Segment[];
  /** Non-empty slash-separated components of the body, digest removed. */
  components: Segment[];
  /** Runs of empty components (`//`) and trailing slashes, as spans of the slashes. */
  extraSlashes: Segment[];
  trailingSlash?: Segment;
  digest?: Segment;
}

function scan(input: string): Scan {
  let i = 0;
  let j = input.length;
  const leadingNoise: Segment[] = [];
  const trailingNoise: Segment[] = [];
  while (i < j && (isSpace(input[i]) || QUOTES.has(input[i]))) {
    leadingNoise.push(seg(input, i, i + 1));
    i++;
  }
  while (j > i && (isSpace(input[j - 1]) || QUOTES.has(input[j - 1]) || TRAILING_PUNCT.has(input[j - 1]))) {
    trailingNoise.unshift(seg(input, j - 1, j));
    j--;
  }
  let scheme: Segment | undefined;
  const sm = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(input.slice(i, j));
  if (sm) {
    scheme = seg(input, i, i + sm[0].length);
    i += sm[0].length;
  }
  // A trailing slash belongs to the body's noise, not to a path segment.
  let trailingSlash: Segment | undefined;
  let k = j;
  while (k > i && input[k - 1] === '/') k--;
  if (k < j && k > i) trailingSlash = seg(input, k, j);
  const contentEnd = trailingSlash ? k : j;

  // The digest starts at the first `@` after the last slash.
  let digest: Segment | undefined;
  const lastSlash = input.lastIndexOf('/', contentEnd - 1);
  const at = input.indexOf('@', Math.max(i, lastSlash + 1));
  let pathEnd = contentEnd;
  if (at >= 0 && at < contentEnd) {
    digest = seg(input, at, contentEnd);
    pathEnd = at;
  }

  const components: Segment[] = [];
  const extraSlashes: Segment[] = [];
  let p = i;
  while (p < pathEnd) {
    let q = p;
    if (input[p] === '/') {
      while (q < pathEnd && input[q] === '/') q++;
      // One slash separates two components; slashes at the start, extra
      // slashes in a run, and slashes right before a digest are empty segments.
      if (p === i || q === pathEnd) extraSlashes.push(seg(input, p, q));
      else if (q - p > 1) extraSlashes.push(seg(input, p + 1, q));
    } else {
      while (q < pathEnd && input[q] !== '/') q++;
      components.push(seg(input, p, q));
    }
    p = q;
  }
  return { bodyStart: i, bodyEnd: j, scheme, leadingNoise, trailingNoise, components, extraSlashes, trailingSlash, digest };
}

// ---------------------------------------------------------------------------
// Parsing

const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);
const LOCALHOST_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
const DOMAIN_COLON_PROJECT = /^((?:[a-z0-9-]+\.)+[a-z0-9-]+):([^:]*)$/i;

// Every registry rule (and hover, completion) parses the same few strings for
// each declaration on every keystroke; results are pure data, so a small
// memo serves them. Callers must treat a ParsedRegistry as read-only.
const MEMO_LIMIT = 256;
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

function parseUnsafe(input: string): ParsedRegistry {
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

// ---------------------------------------------------------------------------
// Problems: what keeps a registry string from being a clean registry

export type RegistryProblemKind =
  | 'empty'
  | 'whitespace'
  | 'stray-char'
  | 'scheme'
  | 'trailing-slash'
  | 'double-slash'
  | 'trailing-dot'
  | 'tag'
  | 'digest'
  | 'bad-port'
  | 'domain-scoped-colon';

export interface RegistryProblem {
  kind: RegistryProblemKind;
  /** [start, end) in the input. */
  start: number;
  end: number;
  /** The offending text. */
  text: string;
  /** A sentence for the diagnostic, naming the text and the position (0-based index). */
  message: string;
}

const HOST_CHAR = /[A-Za-z0-9._-]/;
const PATH_CHAR = /[A-Za-z0-9._-]/;

// Same reasoning as parseRegistry's memo: IS101 and IS301 ask about the
// same strings for every declaration on every keystroke (about 1 ms a
// keystroke on a 50-spec module). Callers must treat the array as read-only.
const problemMemo = new Map<string, readonly RegistryProblem[]>();

/** Everything that keeps a registry string from being a clean registry, with offsets, in input order. */
export function registryProblems(input: string): readonly RegistryProblem[] {
  const key = typeof input === 'string' ? input : String(input);
  let p = problemMemo.get(key);
  if (!p) {
    try {
      p = problemsUnsafe(key);
    } catch {
      p = [];
    }
    // A pathological string (100k problems) is answered but not kept.
    if (key.length <= 1024) {
      if (problemMemo.size >= MEMO_LIMIT) problemMemo.delete(problemMemo.keys().next().value as string);
      problemMemo.set(key, p);
    }
  }
  return p;
}

function show(t: string): string {
  if (t === '`') return '"`"';
  if (isSpace(t)) return JSON.stringify(t);
  return '`' + t + '`';
}

function problemsUnsafe(input: string): RegistryProblem[] {
  const out: RegistryProblem[] = [];
  const add = (kind: RegistryProblemKind, start: number, end: number, message: string): void => {
    out.push({ kind, start, end, text: input.slice(start, end), message });
  };
  if (input.trim() === '') {
    add('empty', 0, input.length, 'the registry is empty');
    return out;
  }
  const sc = scan(input);
  const p = parseUnsafe(input);

  // Noise around the body, merged into runs of one kind.
  const noise = (s: Segment, atEnd: boolean): void => {
    const c = s.text;
    if (isSpace(c)) addRun('whitespace', s, `whitespace at index ${s.start}`);
    else if (atEnd && c === '.') add('trailing-dot', s.start, s.end, `trailing ${show(c)} at index ${s.start}`);
    else add('stray-char', s.start, s.end, `stray ${show(c)} at index ${s.start}`);
  };
  const addRun = (kind: RegistryProblemKind, s: Segment, message: string): void => {
    const prev = out[out.length - 1];
    if (prev && prev.kind === kind && prev.end === s.start) {
      prev.end = s.end;
      prev.text = input.slice(prev.start, prev.end);
      return;
    }
    add(kind, s.start, s.end, message);
  };
  for (const s of sc.leadingNoise) noise(s, false);
  if (sc.scheme) add('scheme', sc.scheme.start, sc.scheme.end, `scheme ${show(sc.scheme.text)} is not part of a registry`);

  // Characters inside the body that no registry allows.
  const hostEnd = p.port ? p.port.end : p.host.end;
  const bodyContentEnd = sc.digest ? sc.digest.start : sc.trailingSlash ? sc.trailingSlash.start : sc.bodyEnd;
  const gp = p.gar?.project ?? p.gcr?.project;
  const colonAt = gp?.colonForm && gp.id ? gp.domain!.end : -1;
  const hostStart = sc.components[0]?.start ?? sc.bodyStart;
  for (let k = hostStart; k < bodyContentEnd; k++) {
    const c = input[k];
    if (c === '/') continue;
    if (k === colonAt) continue;
    if (p.tag && k >= p.tag.start && k < p.tag.end) continue;
    if (p.port && k >= p.port.start - 1 && k < p.port.end) continue;
    const ok = k < hostEnd ? HOST_CHAR.test(c) || (p.host.text.startsWith('[') && /[\[\]:0-9a-fA-F]/.test(c)) : PATH_CHAR.test(c);
    if (!ok) {
      const cp = input.codePointAt(k) ?? 0;
      const width = cp > 0xffff ? 2 : 1;
      if (isSpace(c)) addRun('whitespace', seg(input, k, k + 1), `whitespace at index ${k}`);
      else add('stray-char', k, k + width, `stray ${show(input.slice(k, k + width))} at index ${k}`);
      k += width - 1;
    }
  }
  if (p.port && !/^\d{1,5}$/.test(p.port.text)) {
    add('bad-port', p.port.start - 1, p.port.end, `port ${show(p.port.text)} is not 1 to 5 digits`);
  } else if (p.port && Number(p.port.text) > 65535) {
    add('bad-port', p.port.start - 1, p.port.end, `port ${p.port.text} is above 65535`);
  }
  if (gp?.colonForm) {
    add(
      'domain-scoped-colon',
      gp.start,
      gp.end,
      `domain-scoped project ${show(gp.text)} is written \`${gp.text.replace(':', '/')}\` in registry paths`,
    );
  }
  for (const s of sc.extraSlashes) add('double-slash', s.start, s.end, `empty path segment (doubled ${show('/')}) at index ${s.start}`);
  if (p.tag) add('tag', p.tag.start, p.tag.end, `tag ${show(p.tag.text)}: a registry takes no tag, flytekit appends its own`);
  if (sc.digest) add('digest', sc.digest.start, sc.digest.end, `digest ${show(sc.digest.text)}: a registry takes no digest`);
  if (sc.trailingSlash) add('trailing-slash', sc.trailingSlash.start, sc.trailingSlash.end, `trailing ${show('/')} at index ${sc.trailingSlash.start}`);
  for (const s of sc.trailingNoise) noise(s, true);
  out.sort((a, b) => a.start - b.start || a.end - b.end);
  return out;
}

/**
 * The registry with the noise `registryProblems` reports removed: scheme,
 * surrounding quotes and whitespace, trailing `/` and `.`, a tag or digest,
 * doubled slashes and the IAM colon of a domain-scoped project. The input
 * itself when it is already clean. Undefined when the input is empty or
 * something remains that only the user can resolve (a space or stray
 * character inside the registry, a malformed port); never `''`. Case is
 * kept: uppercase is IS102's business. Whether an SDK accepts the result is
 * the SDK's own check (flytekit's `normalizeRegistry` adds it).
 */
export function stripRegistryNoise(input: string): string | undefined {
  try {
    if (typeof input !== 'string' || input.trim() === '') return undefined;
    const problems = problemsUnsafe(input);
    if (problems.length === 0) return input;
    const sc = scan(input);
    const inside = (q: RegistryProblem): boolean => q.start >= sc.bodyStart && q.end <= sc.bodyEnd;
    if (problems.some((q) => q.kind === 'bad-port' || ((q.kind === 'stray-char' || q.kind === 'whitespace') && inside(q)))) {
      return undefined;
    }
    const p = parseUnsafe(input);
    const parts: string[] = [];
    if (p.host.text !== '') parts.push(p.host.text + (p.port ? ':' + p.port.text : ''));
    const gp = p.gar?.project ?? p.gcr?.project;
    for (const s of p.path) {
      if (gp?.colonForm && s.start === gp.start) parts.push(s.text.replace(':', '/'));
      else parts.push(s.text);
    }
    const out = parts.join('/').replace(/\.+$/, '');
    return out === '' ? undefined : out;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------
// Validators

/**
 * A GCP project id: 6-30 characters, lowercase letters, digits and hyphens,
 * starting with a letter and not ending with a hyphen. Domain-scoped projects
 * are `example.com:my-project` here, their IAM and API form; registry paths
 * write them `example.com/my-project` (GarProject splits domain and id, and
 * garProjectToProjectId converts).
 */
export function isValidGcpProjectId(id: string, opts: { allowDomainScoped?: boolean } = {}): boolean {
  if (typeof id !== 'string') return false;
  const plain = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
  if (plain.test(id)) return true;
  if (opts.allowDomainScoped === false) return false;
  const m = /^((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}):(.*)$/.exec(id);
  return Boolean(m && plain.test(m[2]));
}

/** `example.com/my-project` (registry path form) → `example.com:my-project` (API form); other ids unchanged. */
export function garProjectToProjectId(project: string): string {
  const slash = project.indexOf('/');
  return slash > 0 && project.slice(0, slash).includes('.') ? project.slice(0, slash) + ':' + project.slice(slash + 1) : project;
}

/** Repository names Google creates for Container Registry hosts in Artifact Registry; their dots are allowed. */
export const GCR_REPOSITORY_NAMES: readonly string[] = ['gcr.io', 'us.gcr.io', 'eu.gcr.io', 'asia.gcr.io'];

/**
 * An Artifact Registry repository id: lowercase letters, digits and hyphens,
 * starting with a letter, ending with a letter or digit, at most 63
 * characters (the resource-id rule Artifact Registry applies on create), plus
 * the `gcr.io`-style names of Container Registry repositories.
 */
export function isValidGarRepositoryId(id: string): boolean {
  if (typeof id !== 'string') return false;
  return /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(id) || GCR_REPOSITORY_NAMES.includes(id);
}

/** An AWS account id (the ECR registry id): exactly 12 digits. */
export function isValidAwsAccountId(id: string): boolean {
  return typeof id === 'string' && /^\d{12}$/.test(id);
}

/**
 * A GHCR owner as it must appear in an image name: a GitHub user or
 * organization login (alphanumerics and single inner hyphens, at most 39),
 * lowercased, because image references reject uppercase.
 */
export function isValidGhcrOwner(owner: string): boolean {
  return typeof owner === 'string' && /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,38}$/.test(owner);
}

/**
 * An Azure Container Registry name: 5-50 alphanumerics. Registries created
 * with a domain-name-label scope get a `-HASH` suffix in their login server
 * (`myreg-abc123.azurecr.io`), which is accepted.
 */
export function isValidAcrName(name: string): boolean {
  return typeof name === 'string' && /^[a-z0-9]{5,50}(?:-[a-z0-9]+)?$/i.test(name);
}

/**
 * A Docker Hub namespace as an image path component: lowercase alphanumerics,
 * optionally separated by `.`, `_`, `__` or `-` runs (the OCI
 * distribution grammar). Docker Hub's own signup rule is stricter, but older
 * namespaces predate it, so the check stays at what a push accepts.
 */
export function isValidDockerHubNamespace(ns: string): boolean {
  return typeof ns === 'string' && ns.length <= 255 && /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/.test(ns);
}

// ---------------------------------------------------------------------------
// Locations

/** A known Artifact Registry location: a region (restricted ones included) or a multi-region. */
export function isGarLocation(location: string): boolean {
  return typeof location === 'string' && (garRegion(location) !== undefined || garMultiRegion(location) !== undefined);
}

/**
 * Whether `location` (a GAR region or multi-region) covers `region`: equal,
 * or a multi-region containing it (`us` ⊇ `us-east1`; `europe` ⊇ EU regions
 * only, not `europe-west2` London or `europe-west6` Zurich; `asia` ⊇
 * `asia-*`). IS301 accepts a repository whose location covers the data plane
 * region.
 */
export function locationContains(location: string, region: string): boolean {
  if (typeof location !== 'string' || typeof region !== 'string') return false;
  const l = location.trim().toLowerCase();
  const r = region.trim().toLowerCase();
  if (l === '' || r === '') return false;
  if (l === r) return true;
  const m = garMultiRegion(l);
  return m ? m.contains(r) : false;
}

interface LocParts {
  area: string;
  dir: string;
  num?: number;
}

function locParts(s: string): LocParts | undefined {
  const m = /^([a-z]+)(?:-([a-z]+?))?(\d+)?$/.exec(s);
  if (!m) return undefined;
  const parts: LocParts = { area: m[1], dir: m[2] ?? '' };
  if (m[3] !== undefined) parts.num = Number(m[3]);
  return parts;
}

function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

// Spellings of the same place from other clouds or shorthand: AWS writes
// `us-east-1` and `eu-`/`ap-`; people write `eu` for the `europe` multi-region.
function variants(bad: string): string[] {
  const out = new Set<string>([bad]);
  for (const v of [...out]) out.add(v.replace(/-(\d+)$/, '$1'));
  for (const v of [...out]) {
    if (v === 'eu') out.add('europe');
    if (v.startsWith('eu-')) out.add('europe-' + v.slice(3));
    if (v.startsWith('ap-')) out.add('asia-' + v.slice(3));
    if (v === 'usa' || v === 'us-multi' || v === 'united-states') out.add('us');
  }
  return [...out];
}

/** Lower is closer. Structure first (same area and direction, nearest number), spelling second. */
function locationDistance(v: string, cand: string): number {
  if (v === cand) return 0;
  const a = locParts(v);
  const b = locParts(cand);
  const lev = levenshtein(v, cand);
  if (a && b && a.area === b.area) {
    if (a.dir === b.dir && a.dir !== '') {
      if (a.num !== undefined && b.num !== undefined) return 1 + Math.abs(a.num - b.num) * 0.5 + lev * 0.01;
      return 1.5 + (b.num ?? 0) * 0.01;
    }
    if (a.dir === '' && b.dir === '') return 1 + lev * 0.01;
    // Same area, another direction (`us-east` vs `us-west1`), or a
    // multi-region vs one of its regions (`us` vs `us-east1`).
    return 4 + lev * 0.1;
  }
  return 10 + lev;
}

/**
 * Valid Artifact Registry locations near an unknown one, best first, at most
 * `limit`: `us-east-1` → `us-east1` first; `us-east` → `us-east1`,
 * `us-east4`, `us-east5`; `europe-west5` → `europe-west4`, `europe-west6`,
 * ... The data plane region (`preferred`) comes first when it is close: same
 * area (`us-*`), or within a few edits. Restricted regions are never
 * suggested. Empty when nothing is plausibly meant.
 */
export function nearestLocations(bad: string, preferred?: string, limit = 5): string[] {
  try {
    if (typeof bad !== 'string') return [];
    const b = bad.trim().toLowerCase();
    if (b === '') return [];
    const cands = [...GAR_REGIONS.filter((r) => !r.restricted).map((r) => r.name), ...GAR_MULTI_REGIONS.map((m) => m.name)];
    const vs = variants(b);
    const scored = cands.map((c, order) => ({ c, order, d: Math.min(...vs.map((v) => locationDistance(v, c))) }));
    // Beyond a few edits with no shared area, a suggestion is a guess.
    const maxLev = Math.max(3, Math.floor(b.length / 3));
    const kept = scored.filter((s) => s.d < 10 + maxLev + 0.5);
    kept.sort((x, y) => x.d - y.d || x.order - y.order);
    let out = kept.map((s) => s.c);
    const pref = preferred?.trim().toLowerCase();
    if (pref && cands.includes(pref) && out[0] !== pref) {
      const pd = Math.min(...vs.map((v) => locationDistance(v, pref)));
      // Close: the same area as the bad value (`us-east-1` and data plane
      // `us-east4`), or within three edits of it. Pushing there also avoids
      // the IS301 warning the other fix would trigger.
      if (pd < 10 || pd <= 13) out = [pref, ...out.filter((c) => c !== pref)];
    }
    return out.slice(0, Math.max(0, limit));
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------
// Container Registry → Artifact Registry

/**
 * Container Registry hosts and the Artifact Registry location of their
 * `gcr.io` repositories ("gcr.io repositories in Artifact Registry"): the
 * repository keeps the host's name.
 */
export const GCR_HOST_LOCATIONS: Readonly<Record<string, string>> = {
  'gcr.io': 'us',
  'us.gcr.io': 'us',
  'eu.gcr.io': 'europe',
  'asia.gcr.io': 'asia',
};

/**
 * The Artifact Registry equivalent of a Container Registry host and project:
 * `gcr.io` + `p` → `us-docker.pkg.dev/p/gcr.io`, `eu.gcr.io` →
 * `europe-docker.pkg.dev/p/eu.gcr.io`, ... A domain-scoped project is written
 * with a slash in the path (`example.com/p`) whichever form is passed.
 * Undefined for other hosts or an empty project.
 */
export function gcrToArtifactRegistry(host: string, project: string): string | undefined {
  if (typeof host !== 'string' || typeof project !== 'string') return undefined;
  const h = host.trim().toLowerCase();
  const location = Object.prototype.hasOwnProperty.call(GCR_HOST_LOCATIONS, h) ? GCR_HOST_LOCATIONS[h] : undefined;
  const p = project.trim();
  if (!location || p === '') return undefined;
  const pathProject = /^(?:[a-z0-9-]+\.)+[a-z0-9-]+:/i.test(p) ? p.replace(':', '/') : p;
  return `${location}-docker.pkg.dev/${pathProject}/${h}`;
}
