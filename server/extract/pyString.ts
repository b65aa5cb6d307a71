// Decoding Python string literal text (the part between the quotes) the way
// the Python compiler does, so that resolved values equal what flytekit sees
// at run time.

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/**
 * Decodes escape sequences of a non-raw str literal body. Returns undefined
 * for escapes whose value we cannot know offline (`\N{...}` names we do not
 * ship a table for), so the caller marks the value unknown instead of guessing.
 */
export function decodeEscapes(body: string): string | undefined {
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\' || i + 1 >= body.length) {
      out += ch;
      continue;
    }
    const n = body[i + 1];
    if (n in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[n];
      i++;
    } else if (n === '\n') {
      i++; // line continuation inside the literal
    } else if (n === '\r') {
      i += body[i + 2] === '\n' ? 2 : 1;
    } else if (n >= '0' && n <= '7') {
      let j = i + 1;
      let digits = '';
      while (j < body.length && digits.length < 3 && body[j] >= '0' && body[j] <= '7') digits += body[j++];
      out += String.fromCodePoint(parseInt(digits, 8));
      i = j - 1;
    } else if (n === 'x' || n === 'u' || n === 'U') {
      const len = n === 'x' ? 2 : n === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + len);
      if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) return undefined; // a SyntaxError in Python
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) return undefined;
      out += String.fromCodePoint(cp);
      i += 1 + len;
    } else if (n === 'N') {
      return undefined;
    } else {
      // Unknown escapes stay as written (Python keeps the backslash).
      out += ch;
    }
  }
  return out;
}

/** Quotes a string as a Python literal, keeping the quote style when it can. */
export function pyQuote(value: string, preferredQuote = '"'): string {
  const q = preferredQuote === "'" || preferredQuote === "'''" ? "'" : '"';
  let body = '';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\\') body += '\\\\';
    else if (ch === q) body += '\\' + q;
    else if (ch === '\n') body += '\\n';
    else if (ch === '\r') body += '\\r';
    else if (ch === '\t') body += '\\t';
    else if (cp < 0x20 || cp === 0x7f) body += '\\x' + cp.toString(16).padStart(2, '0');
    else body += ch;
  }
  return q + body + q;
}
