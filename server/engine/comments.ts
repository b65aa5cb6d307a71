// Where a file's real comments are, for suppression directives: a
// `# imagespec: ignore-file` inside a string (a help text, a docstring, a
// YAML block scalar) is text, not a directive. `commentsOnly` blanks every
// character outside a comment, keeping line breaks and length, so offsets
// and lines in the result are the source's own. A small scanner, not the
// parser: suppressions are read for every linted file, also ones that were
// never parsed.

/** The text with everything but comments replaced by spaces (line breaks kept). */
export function commentsOnly(text: string, kind: 'python' | 'yaml'): string {
  const ranges = kind === 'yaml' ? yamlComments(text) : pythonComments(text);
  const out: string[] = [];
  let at = 0;
  for (const [s, e] of ranges) {
    out.push(blank(text.slice(at, s)), text.slice(s, e));
    at = e;
  }
  out.push(blank(text.slice(at)));
  return out.join('');
}

function blank(s: string): string {
  return s.replace(/[^\r\n]/g, ' ');
}

function lineEnd(text: string, i: number): number {
  const n = text.indexOf('\n', i);
  const r = text.indexOf('\r', i);
  const ends = [n, r].filter((x) => x >= 0);
  return ends.length ? Math.min(...ends) : text.length;
}

/** [start, end) of every Python comment: `#` outside string literals (any prefix, triple-quoted, raw). */
function pythonComments(text: string): [number, number][] {
  const out: [number, number][] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i];
    if (c === '#') {
      const e = lineEnd(text, i);
      out.push([i, e]);
      i = e;
    } else if (c === '"' || c === "'") {
      // Prefixes (r, b, f, u) change nothing here: a backslash keeps the next quote from closing any string.
      const triple = text.startsWith(c + c + c, i);
      i += triple ? 3 : 1;
      while (i < n) {
        const d = text[i];
        if (d === '\\') {
          i += 2;
          continue;
        }
        if (!triple && (d === '\n' || d === '\r')) break; // unterminated: the line ends it
        if (d === c && (!triple || text.startsWith(c + c + c, i))) {
          i += triple ? 3 : 1;
          break;
        }
        i++;
      }
    } else i++;
  }
  return out;
}

/**
 * [start, end) of every YAML comment: `#` at a line's start or after a blank,
 * outside quoted scalars (which may span lines) and block scalars (`|`, `>`:
 * the more-indented lines after them are content).
 */
function yamlComments(text: string): [number, number][] {
  const out: [number, number][] = [];
  const n = text.length;
  let i = 0;
  let lineStart = 0;
  /** Inside a block scalar: the indentation its parent line had. */
  let blockParent = -1;
  while (i < n) {
    if (i === lineStart) {
      const e = lineEnd(text, i);
      const line = text.slice(i, e);
      const indent = /^ */.exec(line)![0].length;
      if (blockParent >= 0 && (line.trim() === '' || indent > blockParent)) {
        i = e;
        continue;
      }
      blockParent = -1;
    }
    const c = text[i];
    if (c === '\n' || c === '\r') {
      i++;
      if (c === '\r' && text[i] === '\n') i++;
      lineStart = i;
      continue;
    }
    const prev = i === lineStart ? '' : text[i - 1];
    if (c === '#' && (prev === '' || prev === ' ' || prev === '\t')) {
      const e = lineEnd(text, i);
      out.push([i, e]);
      i = e;
      continue;
    }
    if ((c === '"' || c === "'") && /(^|[:\-[{,?])\s*$/.test(text.slice(lineStart, i))) {
      i++;
      while (i < n) {
        const d = text[i];
        if (c === '"' && d === '\\') {
          i += 2;
          continue;
        }
        if (d === c) {
          if (c === "'" && text[i + 1] === "'") {
            i += 2;
            continue;
          }
          i++;
          break;
        }
        i++;
      }
      // A quoted scalar may span lines: find where the current line starts.
      const back = Math.max(text.lastIndexOf('\n', i - 1), text.lastIndexOf('\r', i - 1));
      if (back >= lineStart) lineStart = back + 1;
      continue;
    }
    // A block scalar indicator ends the line's value: `key: |`, `- >-`, `key: |2 # comment`.
    if ((c === '|' || c === '>') && /(^|[:\-?])\s*$/.test(text.slice(lineStart, i))) {
      const e = lineEnd(text, i);
      const rest = text.slice(i + 1, e);
      const m = /^[-+0-9]*\s*(#.*)?$/.exec(rest);
      if (m) {
        if (m[1]) out.push([e - m[1].length, e]);
        blockParent = /^ */.exec(text.slice(lineStart, e))![0].length;
        i = e;
        continue;
      }
    }
    i++;
  }
  return out;
}
