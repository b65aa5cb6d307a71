// A small forward scanner over Python text for editor features that must
// work on code being typed (completion inside an unfinished `ImageSpec(`,
// where to put a suppression comment). It knows strings (prefixes, triple
// quotes, escapes), comments and bracket depth: enough to tell where the
// cursor is, never a parser.

export interface StringAt {
  /** Offset of the first character of the string's content (after prefix and quote). */
  contentStart: number;
  quote: string;
  prefix: string;
}

export interface CallContext {
  /** Offset just after the call's `(`. */
  argsStart: number;
  /** The keyword whose value the cursor is in, at the call's own depth. */
  keyword?: string;
  /** Offset where that keyword's value starts (after `=` and spaces). */
  valueStart?: number;
  /** The cursor is in a string literal at the call's depth (the value itself, not nested in a list). */
  string?: StringAt;
  /** Nesting depth of the cursor inside the call's arguments (0 = directly in the argument list). */
  depth: number;
  /** The cursor is where a keyword name can be typed: after `(` or `,`, on an identifier or nothing. */
  atKeyword: boolean;
  /** The identifier typed so far at a keyword position, and where it starts. */
  word: string;
  wordStart: number;
  /** Keywords given anywhere in the call. */
  used: Set<string>;
}

const PREFIX_CHARS = /[rRbBuUfF]/;

/** If `i` starts a string literal (optionally prefixed), returns its prefix, quote and content start. */
function stringStart(text: string, i: number): StringAt | undefined {
  let j = i;
  while (j < text.length && j - i < 2 && PREFIX_CHARS.test(text[j])) j++;
  const q = text[j];
  if (q !== '"' && q !== "'") return undefined;
  if (j > i && i > 0 && /[\w]/.test(text[i - 1])) return undefined;
  const triple = text.startsWith(q + q + q, j) ? q + q + q : q;
  return { prefix: text.slice(i, j).toLowerCase(), quote: triple, contentStart: j + triple.length };
}

/** Skips a string whose content starts at `s.contentStart`; returns the offset after it, or `limit` if it does not end before. */
function skipString(text: string, s: StringAt, limit: number): number {
  let k = s.contentStart;
  while (k < limit) {
    const c = text[k];
    if (c === '\\') {
      k += 2;
      continue;
    }
    if (s.quote.length === 1 && (c === '\n' || c === '\r')) return k; // unterminated single-line string ends at the line
    if (text.startsWith(s.quote, k)) return k + s.quote.length;
    k++;
  }
  return limit;
}

interface Token {
  kind: 'open' | 'close' | 'comma' | 'eq' | 'ident' | 'string' | 'other';
  start: number;
  end: number;
  str?: StringAt;
  /** For a string cut by the limit: it is still open at the limit. */
  open?: boolean;
}

/** Tokens from `from` up to `limit` (a string cut by `limit` is returned open). */
function* tokens(text: string, from: number, limit: number): Generator<Token> {
  let i = from;
  while (i < limit) {
    const c = text[i];
    if (c === '#') {
      const nl = lineEnd(text, i);
      i = nl === -1 || nl > limit ? limit : nl;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\\' || c === '\f') {
      i++;
      continue;
    }
    const s = stringStart(text, i);
    if (s) {
      const end = skipString(text, s, limit);
      yield { kind: 'string', start: i, end, str: s, open: end >= limit && !closedBefore(text, s, end) };
      i = end;
      continue;
    }
    if (/[A-Za-z_\u00C0-\uFFFF]/.test(c)) {
      let j = i + 1;
      while (j < limit && /[\w\u00C0-\uFFFF]/.test(text[j])) j++;
      yield { kind: 'ident', start: i, end: j };
      i = j;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') yield { kind: 'open', start: i, end: i + 1 };
    else if (c === ')' || c === ']' || c === '}') yield { kind: 'close', start: i, end: i + 1 };
    else if (c === ',') yield { kind: 'comma', start: i, end: i + 1 };
    else if (c === '=' && text[i + 1] !== '=' && !/[=!<>+\-*/%&|^@:]/.test(text[i - 1] ?? '')) yield { kind: 'eq', start: i, end: i + 1 };
    else yield { kind: 'other', start: i, end: i + 1 };
    i++;
  }
}

/** Whether the string that ends at `end` was closed by its quote (not cut short). */
function closedBefore(text: string, s: StringAt, end: number): boolean {
  return end - s.quote.length >= s.contentStart && text.startsWith(s.quote, end - s.quote.length) && text[end - s.quote.length - 1] !== '\\';
}

/** Whether offset `at` lies inside a string literal (or a comment), scanning from `from` (a position outside any string). */
export function insideStringOrComment(text: string, at: number, from = 0): boolean {
  let i = from;
  while (i < at) {
    const c = text[i];
    if (c === '#') {
      const nl = lineEnd(text, i);
      if (nl === -1 || nl >= at) return true;
      i = nl;
      continue;
    }
    const s = stringStart(text, i);
    if (s) {
      const end = skipString(text, s, text.length);
      if (end > at || (end === at && !closedBefore(text, s, end))) return true;
      i = end;
      continue;
    }
    i++;
  }
  return false;
}

const CALL_RE = /(?:^|[^\w.])((?:[A-Za-z_][\w]*\.)*([A-Za-z_]\w*))\s*\(/g;

/**
 * The innermost call of one of `names` (ImageSpec and its aliases) whose
 * argument list is still open at `offset`, and where the cursor is in it.
 */
export function callContextAt(text: string, offset: number, names: Set<string>, window = 50_000): CallContext | undefined {
  const from = Math.max(0, offset - window);
  const candidates: number[] = [];
  CALL_RE.lastIndex = from;
  const hay = text.slice(0, offset);
  for (let m = CALL_RE.exec(hay); m; m = CALL_RE.exec(hay)) {
    if (names.has(m[2])) candidates.push(m.index + m[0].length);
  }
  for (let c = candidates.length - 1; c >= 0; c--) {
    // `"ImageSpec("` in a string or a comment is no call.
    if (insideStringOrComment(text, candidates[c] - 1)) continue;
    const ctx = contextInCall(text, candidates[c], offset);
    if (ctx) return ctx;
  }
  return undefined;
}

function contextInCall(text: string, argsStart: number, offset: number): CallContext | undefined {
  let depth = 0;
  let keyword: string | undefined;
  let valueStart: number | undefined;
  let pendingIdent: Token | undefined;
  let atArgStart = true;
  let last: Token | undefined;
  const used = new Set<string>();
  let stringAt: StringAt | undefined;
  for (const t of tokens(text, argsStart, offset)) {
    last = t;
    if (t.kind === 'string' && t.open) {
      if (depth === 0) stringAt = t.str;
      break;
    }
    if (t.kind === 'open') depth++;
    else if (t.kind === 'close') {
      depth--;
      if (depth < 0) return undefined; // the call closed before the cursor
    }
    if (depth === 0) {
      if (t.kind === 'comma') {
        keyword = undefined;
        valueStart = undefined;
        atArgStart = true;
        pendingIdent = undefined;
        continue;
      }
      if (t.kind === 'eq' && pendingIdent && atArgStart) {
        keyword = text.slice(pendingIdent.start, pendingIdent.end);
        used.add(keyword);
        valueStart = t.end;
        while (valueStart < text.length && (text[valueStart] === ' ' || text[valueStart] === '\t')) valueStart++;
        atArgStart = false;
        pendingIdent = undefined;
        continue;
      }
      if (t.kind === 'ident' && atArgStart && !pendingIdent) {
        pendingIdent = t;
        continue;
      }
      if (atArgStart) atArgStart = false;
      pendingIdent = undefined;
    }
  }
  // Keywords written after the cursor count as used too.
  let d = 0;
  let argStart = false;
  let ident: Token | undefined;
  for (const t of tokens(text, offset, Math.min(text.length, offset + 20_000))) {
    if (t.kind === 'open') d++;
    else if (t.kind === 'close' && d-- === 0) break;
    if (d !== 0) continue;
    if (t.kind === 'comma') {
      argStart = true;
      ident = undefined;
    } else if (t.kind === 'ident' && argStart && !ident) ident = t;
    else {
      if (t.kind === 'eq' && ident) used.add(text.slice(ident.start, ident.end));
      argStart = false;
      ident = undefined;
    }
  }
  const typingIdent = !stringAt && last?.kind === 'ident' && last.end === offset;
  const atKeyword = depth === 0 && !stringAt && atArgStart && (!pendingIdent || (typingIdent && pendingIdent === last));
  const word = atKeyword && typingIdent ? text.slice(last!.start, offset) : '';
  return {
    argsStart,
    keyword: depth === 0 ? keyword : undefined,
    valueStart: depth === 0 ? valueStart : undefined,
    string: stringAt,
    depth,
    atKeyword,
    word,
    wordStart: offset - word.length,
    used,
  };
}

/** Offset of the line break ending the line at `i` ("\n" or "\r"), -1 at the last line. */
function lineEnd(text: string, i: number): number {
  for (let k = i; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 10 || c === 13) return k;
  }
  return -1;
}
