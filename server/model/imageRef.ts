// The distribution reference grammar (what `docker pull`, `docker build`'s
// FROM and every registry accept), as checks that say what is wrong and
// where, in character offsets of the checked string:
//
//   reference      := name [ ":" tag ] [ "@" digest ]
//   name           := [ domain "/" ] path-component ( "/" path-component )*
//   domain         := host [ ":" port ]            host: DNS labels or [IPv6]
//   path-component := alnum ( separator alnum )*   alnum: [a-z0-9]+
//   separator      := "." | "_" | "__" | "-"+
//   tag            := [\w][\w.-]{0,127}
//   digest         := algorithm ":" hex            algorithm: [A-Za-z][A-Za-z0-9]* joined by [-_+.]
//                                                  hex: [0-9a-fA-F]{32,}; sha256/384/512: exact length, lowercase
// The first "/"-separated part is the domain when it contains "." or ":",
// is `localhost`, or has uppercase letters (docker's own rule), and a path
// follows. A name is at most 255 characters.
// IS503 (ImageSpec `name`) and IS507 (`base_image`) share this module.

export interface Span {
  /** Offset of the first offending character. */
  start: number;
  /** Offset after the last offending character. */
  end: number;
}

export interface RefProblem extends Span {
  /** What is wrong, as a sentence fragment (`"." and "." in a row are not a separator`). */
  message: string;
}

const PATH_COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const SEPARATOR_RE = /^(?:[._]|__|-+)$/;
const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DOMAIN_LABEL_RE = /^(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])$/;
const DIGEST_ALGORITHM_RE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*$/;
export const NAME_TOTAL_LENGTH_MAX = 255;
const TAG_LENGTH_MAX = 128;

/** Registered digest algorithms and the exact length of their lowercase hex encoding. */
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

const SEPARATOR_TEXT = '".", "_", "__" or dashes';

function show(s: string): string {
  return JSON.stringify(s);
}

/**
 * The first problem of one path component, offsets relative to `base`.
 * Uppercase is reported: a spec's `name` is lowercased by flytekit before
 * use, so its caller lowercases first; a base image is taken as written.
 */
function componentProblem(comp: string, base: number): RefProblem | undefined {
  if (PATH_COMPONENT_RE.test(comp)) return undefined;
  const bad = /[^A-Za-z0-9._-]+/.exec(comp);
  if (bad) {
    return {
      start: base + bad.index,
      end: base + bad.index + bad[0].length,
      message: `${describeChars(bad[0])} ${bad[0].length === 1 ? 'is' : 'are'} not allowed (path components take lowercase letters, digits and the separators ${SEPARATOR_TEXT})`,
    };
  }
  const upper = /[A-Z]+/.exec(comp);
  if (upper) {
    return { start: base + upper.index, end: base + upper.index + upper[0].length, message: 'the repository path must be lowercase' };
  }
  const lead = /^[._-]+/.exec(comp);
  if (lead) return { start: base, end: base + lead[0].length, message: `a path component must start with a letter or digit, not ${show(lead[0])}` };
  const trail = /[._-]+$/.exec(comp);
  if (trail) {
    return {
      start: base + trail.index,
      end: base + comp.length,
      message: `a path component must end with a letter or digit, not ${show(trail[0])}`,
    };
  }
  const runs = /[._-]+/g;
  for (let m = runs.exec(comp); m; m = runs.exec(comp)) {
    if (!SEPARATOR_RE.test(m[0])) {
      return { start: base + m.index, end: base + m.index + m[0].length, message: `${show(m[0])} is not a separator (allowed: ${SEPARATOR_TEXT})` };
    }
  }
  return undefined;
}

function describeChars(s: string): string {
  if (/^\s+$/.test(s)) return s.length === 1 ? 'a space' : 'spaces';
  return show(s);
}

/**
 * The first problem of a repository path (`my-org/etl`): components
 * separated by "/". `base` is added to every offset.
 */
export function checkImagePath(p: string, base = 0): RefProblem | undefined {
  if (p === '') return { start: base, end: base, message: 'the image name is empty' };
  const comps = p.split('/');
  let off = 0;
  for (let i = 0; i < comps.length; i++) {
    const c = comps[i];
    if (c === '') {
      // Underline the "/" that makes the empty component.
      const slash = i === 0 ? off : off - 1;
      const where = i === 0 ? 'a leading "/"' : i === comps.length - 1 ? 'a trailing "/"' : '"//"';
      return { start: base + slash, end: base + slash + 1, message: `${where} leaves an empty path component` };
    }
    const prob = componentProblem(c, base + off);
    if (prob) return prob;
    off += c.length + 1;
  }
  return undefined;
}

/**
 * A valid repository path close to `p`: lowercased, disallowed characters
 * replaced by "-", invalid separator runs cut to their first character,
 * separators trimmed from component ends, empty components dropped.
 * Undefined when nothing valid is left.
 */
export function normalizeImagePath(p: string): string | undefined {
  const comps = p
    .toLowerCase()
    .split('/')
    .map((c) =>
      c
        .replace(/[^a-z0-9._-]+/g, '-')
        .replace(/[._-]+/g, (run) => (SEPARATOR_RE.test(run) ? run : run[0]))
        .replace(/^[._-]+|[._-]+$/g, ''),
    )
    .filter((c) => c !== '');
  if (comps.length === 0) return undefined;
  const out = comps.join('/');
  return checkImagePath(out) ? undefined : out;
}

/** The first problem of a tag, offsets relative to `base`. */
export function checkTag(tag: string, base = 0): RefProblem | undefined {
  if (TAG_RE.test(tag)) return undefined;
  if (tag === '') return { start: base - 1, end: base, message: 'the ":" is followed by an empty tag' };
  const bad = /[^A-Za-z0-9_.-]+/.exec(tag);
  if (bad) {
    return {
      start: base + bad.index,
      end: base + bad.index + bad[0].length,
      message: `${describeChars(bad[0])} ${bad[0].length === 1 ? 'is' : 'are'} not allowed in a tag (letters, digits, "_", "." and "-")`,
    };
  }
  if (!/^[A-Za-z0-9_]/.test(tag)) return { start: base, end: base + 1, message: `a tag must start with a letter, digit or "_", not ${show(tag[0])}` };
  return { start: base + TAG_LENGTH_MAX, end: base + tag.length, message: `the tag is ${tag.length} characters long; at most ${TAG_LENGTH_MAX} are allowed` };
}

/** The first problem of a digest (`sha256:...`), offsets relative to `base`. */
export function checkDigest(digest: string, base = 0): RefProblem | undefined {
  const colon = digest.indexOf(':');
  if (colon === -1) return { start: base, end: base + digest.length, message: 'a digest is ALGORITHM:HEX (`sha256:` followed by 64 hex digits)' };
  const alg = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  if (!DIGEST_ALGORITHM_RE.test(alg)) return { start: base, end: base + colon, message: `${show(alg)} is not a digest algorithm` };
  const hexBase = base + colon + 1;
  const known = DIGEST_HEX_LENGTH[alg];
  const badHex = (known ? /[^a-f0-9]+/ : /[^a-fA-F0-9]+/).exec(hex);
  if (badHex) {
    return {
      start: hexBase + badHex.index,
      end: hexBase + badHex.index + badHex[0].length,
      message: `${show(badHex[0])} is not ${known ? 'lowercase ' : ''}hexadecimal`,
    };
  }
  if (known && hex.length !== known) return { start: hexBase, end: hexBase + hex.length, message: `a ${alg} digest has ${known} hex digits, this one ${hex.length}` };
  if (!known && hex.length < 32) return { start: hexBase, end: hexBase + hex.length, message: `a digest has at least 32 hex digits, this one ${hex.length}` };
  return undefined;
}

/** The first problem of a registry host (`ghcr.io`, `localhost:5000`, `[::1]:5000`), offsets relative to `base`. */
export function checkDomain(domain: string, base = 0): RefProblem | undefined {
  let host = domain;
  let port: string | undefined;
  const ipv6 = /^\[[0-9A-Fa-f:.]+\]/.exec(domain);
  if (ipv6) {
    host = ipv6[0];
    const rest = domain.slice(host.length);
    if (rest !== '') {
      if (!rest.startsWith(':')) return { start: base + host.length, end: base + domain.length, message: `${show(rest)} cannot follow an IPv6 host` };
      port = rest.slice(1);
    }
  } else {
    const colon = domain.indexOf(':');
    if (colon !== -1) {
      host = domain.slice(0, colon);
      port = domain.slice(colon + 1);
    }
    let off = 0;
    for (const label of host.split('.')) {
      if (!DOMAIN_LABEL_RE.test(label)) {
        const bad = /[^A-Za-z0-9-]+/.exec(label);
        if (label === '') {
          // Underline the "." that makes the empty label (the first one for a leading ".").
          const dot = base + (off === 0 ? 0 : off - 1);
          return { start: dot, end: dot + 1, message: 'the registry host has an empty label (a leading, trailing or doubled ".")' };
        }
        if (bad) {
          return {
            start: base + off + bad.index,
            end: base + off + bad.index + bad[0].length,
            message: `${describeChars(bad[0])} ${bad[0].length === 1 ? 'is' : 'are'} not allowed in a registry host`,
          };
        }
        return { start: base + off, end: base + off + label.length, message: `the registry host label ${show(label)} must not start or end with "-"` };
      }
      off += label.length + 1;
    }
  }
  if (port !== undefined && !/^[0-9]+$/.test(port)) {
    const pBase = base + domain.length - port.length;
    return { start: pBase, end: base + domain.length, message: port === '' ? 'the ":" after the registry host has no port' : `the port ${show(port)} is not a number` };
  }
  return undefined;
}

export interface RefPart extends Span {
  text: string;
}

export interface ImageRefParts {
  domain?: RefPart;
  path: RefPart;
  tag?: RefPart;
  digest?: RefPart;
}

export interface ParsedImageRef {
  parts: ImageRefParts;
  /** The first problem, undefined for a valid reference. */
  problem?: RefProblem;
}

function part(s: string, start: number, end: number): RefPart {
  return { text: s.slice(start, end), start, end };
}

/** True when docker reads the first "/"-separated part of a name as a registry host. */
function looksLikeDomain(first: string): boolean {
  return first.includes('.') || first.includes(':') || first === 'localhost' || first.toLowerCase() !== first;
}

/** Splits and checks a full image reference (`ghcr.io/org/img:tag@sha256:...`). */
export function parseImageRef(ref: string): ParsedImageRef {
  const at = ref.indexOf('@');
  const nameAndTag = at === -1 ? ref : ref.slice(0, at);
  const lastSlash = nameAndTag.lastIndexOf('/');
  const colon = nameAndTag.indexOf(':', lastSlash + 1);
  const nameEnd = colon === -1 ? nameAndTag.length : colon;
  const name = ref.slice(0, nameEnd);
  const firstSlash = name.indexOf('/');
  const parts: ImageRefParts = { path: part(ref, 0, nameEnd) };
  if (firstSlash !== -1 && looksLikeDomain(name.slice(0, firstSlash))) {
    parts.domain = part(ref, 0, firstSlash);
    parts.path = part(ref, firstSlash + 1, nameEnd);
  }
  if (colon !== -1) parts.tag = part(ref, colon + 1, nameAndTag.length);
  if (at !== -1) parts.digest = part(ref, at + 1, ref.length);
  return { parts, problem: refProblem(ref, parts) };
}

function refProblem(ref: string, parts: ImageRefParts): RefProblem | undefined {
  if (ref === '') return { start: 0, end: 0, message: 'the image reference is empty' };
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(ref);
  if (scheme) return { start: 0, end: scheme[0].length, message: `an image reference has no URL scheme (${show(scheme[0])})` };
  const ws = /^\s+|\s+$/.exec(ref);
  if (ws) return { start: ws.index, end: ws.index + ws[0].length, message: 'leading or trailing whitespace is not allowed' };
  if (parts.domain) {
    const p = checkDomain(parts.domain.text, parts.domain.start);
    if (p) return p;
  }
  if (parts.domain && parts.path.text === '') {
    return { start: parts.domain.end, end: parts.domain.end + 1, message: 'no repository path follows the registry host' };
  }
  const p = checkImagePath(parts.path.text, parts.path.start);
  if (p) return p;
  if (parts.tag) {
    const t = checkTag(parts.tag.text, parts.tag.start);
    if (t) return t;
  }
  if (parts.digest) {
    if (parts.digest.text.includes('@')) {
      const second = parts.digest.start + parts.digest.text.indexOf('@');
      return { start: second, end: second + 1, message: 'a reference has at most one "@" digest' };
    }
    const d = checkDigest(parts.digest.text, parts.digest.start);
    if (d) return d;
  }
  const nameEnd = parts.path.end;
  if (nameEnd > NAME_TOTAL_LENGTH_MAX) {
    return { start: NAME_TOTAL_LENGTH_MAX, end: nameEnd, message: `the repository name is ${nameEnd} characters long; at most ${NAME_TOTAL_LENGTH_MAX} are allowed` };
  }
  return undefined;
}
