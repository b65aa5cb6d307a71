// What keeps a registry string from being a clean registry (the noise
// scan.ts looks through, characters no registry allows, a malformed port,
// the IAM colon of a domain-scoped project, a tag or digest), with offsets,
// for IS101's diagnostics; and the registry with that noise removed, for its
// fix. Whether an SDK accepts a registry is the SDK's own check
// (server/flytekit/fields.ts for flytekit), built on top of this.

import { MEMO_LIMIT, parseUnsafe } from './parse';
import { isSpace, scan, seg, type Segment } from './scan';

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
    const ok = k < hostEnd ? HOST_CHAR.test(c) || (p.host.text.startsWith('[') && /[[\]:0-9a-fA-F]/.test(c)) : PATH_CHAR.test(c);
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
