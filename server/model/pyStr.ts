// Python's repr() of a str, as CPython's unicode_repr writes it. Shared by
// the flytekit mirror (ImageSpec tags hash str() of dicts) and the Flyte 2
// mirror (a Secret's and a uv script header's repr enter the image hash).
//
// Unicode tables come from the JavaScript engine (Node's ICU). CPython uses
// the Unicode database of its own release (3.11: Unicode 14, 3.12: 15,
// 3.13: 15.1), so a character assigned in a newer Unicode version than the
// user's Python knows is printable for us and escaped by that Python.

const NON_PRINTABLE = /^[\p{C}\p{Z}]$/u;

/** Python's str.isprintable() for one code point: not in categories C* or Z*, except the ASCII space. */
function isPrintableCodePoint(cp: number): boolean {
  if (cp === 0x20) return true;
  return !NON_PRINTABLE.test(String.fromCodePoint(cp));
}

function hex(cp: number, width: number): string {
  return cp.toString(16).padStart(width, '0');
}

/** repr() of a str, as CPython's unicode_repr writes it. */
export function reprStr(s: string): string {
  // Quote choice: single quotes unless the string has ' and no ".
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  // Iterate by code point; a lone surrogate comes out as its own code point.
  for (let i = 0; i < s.length; ) {
    const cp = s.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    const ch = String.fromCodePoint(cp);
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + hex(cp, 2);
    else if (cp < 0x7f) out += ch;
    else if (isPrintableCodePoint(cp)) out += ch;
    else if (cp <= 0xff) out += '\\x' + hex(cp, 2);
    else if (cp <= 0xffff) out += '\\u' + hex(cp, 4);
    else out += '\\U' + hex(cp, 8);
  }
  return out + quote;
}
