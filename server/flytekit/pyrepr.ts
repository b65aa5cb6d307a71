// A small model of Python values and an emulation of the parts of CPython
// that flytekit's image tag depends on: repr() of str, int, float, bool,
// None, list, tuple, set and dict (dict.__str__ is its repr), dict literal
// key semantics, truthiness, and str.format with keyword fields.
//
// repr() of a str is ../model/pyStr.ts's (the Flyte 2 mirror shares it),
// re-exported here for this mirror's users.

import { reprStr } from '../model/pyStr';

export { reprStr };

export type PyValue =
  | { t: 'str'; v: string }
  /** bytes (flytekit 1.11.0 hashes an unset source_root as b''). */
  | { t: 'bytes'; v: Uint8Array }
  | { t: 'int'; v: bigint }
  | { t: 'float'; v: number }
  | { t: 'bool'; v: boolean }
  | { t: 'none' }
  | { t: 'list'; items: PyValue[] }
  | { t: 'tuple'; items: PyValue[] }
  /** Only sets whose repr order is certain (at most one element) are modelled. */
  | { t: 'set'; items: PyValue[] }
  | { t: 'dict'; entries: Array<[PyValue, PyValue]> }
  /** An Enum member (`CopyFileDetection.LOADED_MODULES`); repr `<Cls.MEMBER: value>`. */
  | { t: 'enum'; cls: string; member: string; value: PyValue }
  /** A dataclass instance (a nested ImageSpec): ordered fields. `asdict` turns it into a dict. */
  | { t: 'dataclass'; cls: string; fields: Array<[string, PyValue]> };

export const py = {
  str: (v: string): PyValue => ({ t: 'str', v }),
  int: (v: bigint | number): PyValue => ({ t: 'int', v: BigInt(v) }),
  float: (v: number): PyValue => ({ t: 'float', v }),
  bool: (v: boolean): PyValue => ({ t: 'bool', v }),
  none: { t: 'none' } as PyValue,
  list: (items: PyValue[]): PyValue => ({ t: 'list', items }),
  tuple: (items: PyValue[]): PyValue => ({ t: 'tuple', items }),
  dict: (entries: Array<[PyValue, PyValue]>): PyValue => ({ t: 'dict', entries }),
};

export class PyError extends Error {
  constructor(
    /** The Python exception class flytekit would see raised (TypeError, ValueError, ...). */
    readonly pyType: string,
    message: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------
// repr

function hex(cp: number, width: number): string {
  return cp.toString(16).padStart(width, '0');
}

/**
 * repr() of a float: the shortest string that round-trips (JavaScript's and
 * CPython's algorithms agree on the digits), laid out as CPython's 'r'
 * format does: positional for exponents -4..15 with at least one fractional
 * digit, otherwise `d[.ddd]e±XX`.
 */
export function reprFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mant, expText] = Math.abs(x).toExponential().split('e');
  const digits = mant.replace('.', '');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`;
  }
  const point = exp + 1; // digits before the decimal point
  let intPart: string;
  let fracPart: string;
  if (point <= 0) {
    intPart = '0';
    fracPart = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    intPart = digits + '0'.repeat(point - digits.length);
    fracPart = '0';
  } else {
    intPart = digits.slice(0, point);
    fracPart = digits.slice(point);
  }
  return `${sign}${intPart}.${fracPart}`;
}

/** repr() of a bytes object, as CPython's bytes_repr writes it. */
export function reprBytes(b: Uint8Array): string {
  const quote = b.includes(0x27) && !b.includes(0x22) ? '"' : "'";
  let out = 'b' + quote;
  for (const c of b) {
    if (c === quote.charCodeAt(0) || c === 0x5c) out += '\\' + String.fromCharCode(c);
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c < 0x20 || c >= 0x7f) out += '\\x' + hex(c, 2);
    else out += String.fromCharCode(c);
  }
  return out + quote;
}

/** repr() of a value; a dataclass must have gone through `asdict` first. */
export function pyRepr(v: PyValue): string {
  switch (v.t) {
    case 'str':
      return reprStr(v.v);
    case 'bytes':
      return reprBytes(v.v);
    case 'int':
      return v.v.toString();
    case 'float':
      return reprFloat(v.v);
    case 'bool':
      return v.v ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'list':
      return '[' + v.items.map(pyRepr).join(', ') + ']';
    case 'tuple':
      return v.items.length === 1 ? '(' + pyRepr(v.items[0]) + ',)' : '(' + v.items.map(pyRepr).join(', ') + ')';
    case 'set':
      if (v.items.length === 0) return 'set()';
      if (v.items.length > 1) throw new Error('the repr order of a set with several elements is not deterministic');
      return '{' + pyRepr(v.items[0]) + '}';
    case 'dict':
      return '{' + v.entries.map(([k, x]) => pyRepr(k) + ': ' + pyRepr(x)).join(', ') + '}';
    case 'enum':
      return `<${v.cls}.${v.member}: ${pyRepr(v.value)}>`;
    case 'dataclass':
      throw new Error('repr of a dataclass instance is not modelled; convert it with asdict first');
  }
}

/** `str(x)`: the value itself for a str, repr otherwise (for the types modelled here). */
export function pyStr(v: PyValue): string {
  return v.t === 'str' ? v.v : pyRepr(v);
}

// ---------------------------------------------------------------------------
// Semantics

/** Python truthiness. */
export function truthy(v: PyValue): boolean {
  switch (v.t) {
    case 'str':
      return v.v.length > 0;
    case 'bytes':
      return v.v.length > 0;
    case 'int':
      return v.v !== 0n;
    case 'float':
      return v.v !== 0; // NaN is truthy in Python, and NaN !== 0 is true
    case 'bool':
      return v.v;
    case 'none':
      return false;
    case 'list':
    case 'tuple':
    case 'set':
      return v.items.length > 0;
    case 'dict':
      return v.entries.length > 0;
    case 'enum':
    case 'dataclass':
      return true;
  }
}

let nanCounter = 0;

/**
 * An identity for a value used as a dict key: equal keys in Python (1, 1.0
 * and True; equal strings; equal tuples) get the same identity. Throws
 * TypeError for unhashable keys.
 */
function keyIdentity(v: PyValue): string {
  switch (v.t) {
    case 'str':
      return 's:' + v.v;
    case 'bytes':
      return 'b:' + Buffer.from(v.v).toString('hex');
    case 'int':
      return 'n:' + v.v.toString();
    case 'bool':
      return v.v ? 'n:1' : 'n:0';
    case 'float':
      if (Number.isNaN(v.v)) return 'nan:' + nanCounter++; // every NaN literal is a distinct object
      if (Number.isFinite(v.v) && Number.isInteger(v.v)) return 'n:' + BigInt(v.v).toString();
      return 'f:' + reprFloat(v.v);
    case 'none':
      return 'None';
    case 'tuple':
      return 't:(' + v.items.map(keyIdentity).join(',') + ')';
    default:
      throw new PyError('TypeError', `unhashable type: '${v.t}'`);
  }
}

/**
 * Builds a dict as a Python dict display does: a repeated key keeps the
 * position and the key object of its first occurrence and takes the last value.
 */
export function makeDict(pairs: Array<[PyValue, PyValue]>): PyValue {
  const index = new Map<string, number>();
  const entries: Array<[PyValue, PyValue]> = [];
  for (const [k, v] of pairs) {
    const id = keyIdentity(k);
    const at = index.get(id);
    if (at === undefined) {
      index.set(id, entries.length);
      entries.push([k, v]);
    } else entries[at] = [entries[at][0], v];
  }
  return { t: 'dict', entries };
}

/**
 * `dataclasses.asdict(obj, dict_factory=factory)`: dataclass instances become
 * dicts built by the factory from their (name, value) pairs, recursively;
 * lists, tuples and dicts are rebuilt with converted contents.
 */
export function asdict(v: PyValue, factory: (fields: Array<[string, PyValue]>) => Array<[string, PyValue]>): PyValue {
  switch (v.t) {
    case 'dataclass':
      return {
        t: 'dict',
        entries: factory(v.fields.map(([k, x]) => [k, asdict(x, factory)] as [string, PyValue])).map(
          ([k, x]) => [py.str(k), x] as [PyValue, PyValue],
        ),
      };
    case 'list':
    case 'tuple':
    case 'set':
      return { t: v.t, items: v.items.map((x) => asdict(x, factory)) };
    case 'dict':
      return { t: 'dict', entries: v.entries.map(([k, x]) => [asdict(k, factory), asdict(x, factory)] as [PyValue, PyValue]) };
    default:
      return v;
  }
}

/** Python's str.lower() (full Unicode lowercase mapping, final sigma included; JavaScript applies the same rules). */
export function pyLower(s: string): string {
  return s.toLowerCase();
}

/** Python's bytes.strip() with no argument: ASCII whitespace (space, \t, \n, \r, \v, \f) at both ends. */
export function bytesStrip(b: Uint8Array): Uint8Array {
  const ws = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);
  let start = 0;
  let end = b.length;
  while (start < end && ws(b[start])) start++;
  while (end > start && ws(b[end - 1])) end--;
  return b.subarray(start, end);
}

// ---------------------------------------------------------------------------
// str.format

export type FormatResult = { ok: true; value: string } | { ok: false; error: PyError } | { ok: false; unsupported: string };

/**
 * `template.format(**kwargs)` for string keyword arguments. Supported as
 * Python does: literal text, `{{` and `}}`, `{name}`, `{name!s}`, `{name!r}`,
 * `{name!a}`. Python's errors are reported as errors (a missing key, a
 * positional field, a single brace); a format spec, attribute or index
 * access is reported as unsupported.
 */
export function pyFormat(template: string, kwargs: Record<string, string>): FormatResult {
  let out = '';
  let i = 0;
  const n = template.length;
  while (i < n) {
    const c = template[i];
    if (c === '}') {
      if (template[i + 1] === '}') {
        out += '}';
        i += 2;
        continue;
      }
      return { ok: false, error: new PyError('ValueError', "Single '}' encountered in format string") };
    }
    if (c !== '{') {
      out += c;
      i++;
      continue;
    }
    if (template[i + 1] === '{') {
      out += '{';
      i += 2;
      continue;
    }
    // A replacement field: find its closing brace, counting nested braces.
    let depth = 1;
    let j = i + 1;
    while (j < n && depth > 0) {
      if (template[j] === '{') depth++;
      else if (template[j] === '}') depth--;
      if (depth > 0) j++;
    }
    if (depth > 0) return { ok: false, error: new PyError('ValueError', "expected '}' before end of string") };
    const body = template.slice(i + 1, j);
    i = j + 1;
    const m = /^([^!:]*)(?:!(.))?(?::(.*))?$/s.exec(body);
    if (!m) {
      // `!` followed by more than one character before `:`/end.
      return { ok: false, error: new PyError('ValueError', "expected ':' after conversion specifier") };
    }
    const [, fieldName, conversion, spec] = m;
    const first = /^[^.[]*/.exec(fieldName)![0];
    if (first === '' || /^\d+$/.test(first)) {
      return { ok: false, error: new PyError('IndexError', 'Replacement index 0 out of range for positional args tuple') };
    }
    if (!(first in kwargs)) return { ok: false, error: new PyError('KeyError', `'${first}'`) };
    if (first !== fieldName) return { ok: false, unsupported: `attribute or index access in {${body}}` };
    let value = kwargs[first];
    if (conversion !== undefined) {
      if (conversion === 'r' || conversion === 'a') {
        value = reprStr(value);
        // eslint-disable-next-line no-control-regex -- every non-ASCII character, from NUL up
        if (conversion === 'a' && /[^\x00-\x7f]/.test(value)) return { ok: false, unsupported: 'ascii() conversion of non-ASCII text' };
      } else if (conversion !== 's') {
        return { ok: false, error: new PyError('ValueError', `Unknown conversion specifier ${conversion}`) };
      }
    }
    if (spec !== undefined && spec !== '') return { ok: false, unsupported: `format spec ':${spec}'` };
    out += value;
  }
  return { ok: true, value: out };
}
