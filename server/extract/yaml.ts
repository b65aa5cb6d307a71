// YAML image specs (`pyflyte run --image spec.yaml`). pyflyte reads them with
// PyYAML's `yaml.safe_load` and calls `ImageSpec(**mapping)`, so the file is
// one mapping whose top-level keys are ImageSpec fields, read as YAML 1.1:
// `3.10` is the float 3.1, `yes`/`on` are booleans, duplicate keys are
// allowed and the last one wins. This extractor parses with the `yaml`
// package in that mode, keeps every node's source range, and builds the
// same ImageDecl the Python extractor builds, so every rule applies.
// It never throws: syntax errors are returned with their ranges, and what
// parsed is still extracted.

import type * as YamlLib from 'yaml';
import type { Document, Node, Pair, Tags } from 'yaml';
import type { DictEntry, FieldArg, ImageDecl, StrOrigin, Value } from '../model/decl';
import { LineIndex, type Range } from '../model/position';
import type { Extraction } from './extraction';

type YNode = Node | null | undefined;

/**
 * The `yaml` package's YAML 1.1 schema, narrowed to what PyYAML resolves:
 * booleans are yes/no/true/false/on/off only (`y` and `n` stay strings), and
 * an exponent float needs a dot and a signed exponent (`1e3` is a string).
 */
function asPyYaml(tags: Tags): Tags {
  return tags.map((t) => {
    if (typeof t !== 'object' || !('tag' in t) || !t.test) return t;
    if (t.tag === 'tag:yaml.org,2002:bool') {
      const truthy = t.test.test('true');
      return { ...t, test: truthy ? /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/ : /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/ };
    }
    if (t.tag === 'tag:yaml.org,2002:float' && t.format === 'EXP') return { ...t, test: /^[-+]?[0-9][0-9_]*\.[0-9_]*[eE][-+][0-9]+$/ };
    return t;
  });
}

// The `yaml` package (~60 modules, ~25 ms to load) is required on the first
// YAML spec, so that Python-only runs never load it. Every use below runs
// inside extractYaml.
let Y: typeof YamlLib;

export function extractYaml(text: string, file: string): Extraction {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on the first YAML spec (see above)
  Y ??= require('yaml') as typeof YamlLib;
  const lines = new LineIndex(text);
  const toRange = (start: number, end: number): Range => ({ start: lines.positionAt(start), end: lines.positionAt(end) });
  let doc: Document.Parsed;
  try {
    doc = Y.parseDocument(text, { version: '1.1', uniqueKeys: false, prettyErrors: false, customTags: asPyYaml });
  } catch {
    // The parser reports problems as doc.errors; a throw is a bug in it. Report
    // the whole file as unreadable rather than crashing the run.
    return { decls: [], syntaxErrors: [toRange(0, text.length)] };
  }
  const syntaxErrors = doc.errors.map((e) => toRange(e.pos[0], Math.max(e.pos[1], e.pos[0])));
  const root = doc.contents;
  if (!Y.isMap(root) || !root.range) return { decls: [], syntaxErrors };

  const conv = new Converter(text, toRange);
  const fields: FieldArg[] = [];
  let opaque = false;
  for (const item of root.items) {
    const pair = item as Pair<YNode, YNode>;
    const key = pair.key;
    // A missing or complex key is no keyword argument (`ImageSpec(**d)` raises TypeError).
    if (!Y.isScalar(key) || !key.range) continue;
    if (typeof key.value === 'symbol') {
      // `<<: *base`, a merge key: fields may come from the merged mapping.
      opaque = true;
      continue;
    }
    if (typeof key.value !== 'string') continue; // ImageSpec(**d) needs string keys; not a field
    const nameRange = toRange(key.range[0], key.range[1]);
    const value = conv.value(pair.value, key.range[1]);
    const end = conv.endOf(pair.value) ?? key.range[1];
    fields.push({ name: key.value, nameRange, value, range: toRange(key.range[0], Math.max(end, key.range[1])) });
  }

  const mapRange = toRange(root.range[0], root.range[1]);
  const first = root.items.find((p) => Y.isPair(p) && Y.isScalar(p.key) && p.key.range) as Pair<Node, YNode> | undefined;
  const decl: ImageDecl = {
    source: 'yaml',
    file,
    range: mapRange,
    calleeRange: first?.key.range ? toRange(first.key.range[0], first.key.range[1]) : mapRange,
    argsRange: mapRange,
    fields,
    chain: [],
    opaque,
    statementLine: mapRange.start.line,
  };
  return { decls: [decl], syntaxErrors, lines };
}

class Converter {
  constructor(
    private readonly text: string,
    private readonly toRange: (s: number, e: number) => Range,
  ) {}

  /** `at`: where an absent value (`key:` with nothing after it) is placed. */
  value(node: YNode, at: number): Value {
    if (!node || !node.range) {
      const r = this.toRange(at, at);
      return { kind: 'none', range: r };
    }
    const range = this.toRange(node.range[0], this.endOf(node) ?? node.range[1]);
    if (Y.isAlias(node)) return { kind: 'unknown', range, reason: `YAML alias *${node.source}` };
    if (Y.isScalar(node)) {
      const v = node.value;
      if (v === null || v === undefined) return { kind: 'none', range };
      if (typeof v === 'boolean') return { kind: 'bool', value: v, range };
      if (typeof v === 'number' || typeof v === 'bigint') {
        const text = this.text.slice(node.range[0], node.range[1]);
        const isFloat = typeof v === 'number' && (!Number.isInteger(v) || /[.eE]|inf|nan/i.test(text));
        return { kind: 'num', value: Number(v), text, isFloat, range };
      }
      if (typeof v === 'string') {
        const origin = this.origin(node.type, range);
        return origin ? { kind: 'str', value: v, origin, range } : { kind: 'str', value: v, range };
      }
      return { kind: 'unknown', range, reason: `YAML ${node.tag ?? 'value'} that is not a string, number, boolean or null` };
    }
    if (Y.isSeq(node)) {
      return { kind: 'list', items: node.items.map((it, i) => this.value(it as YNode, this.itemEnd(node.items, i, node.range![0]))), range, form: 'list' };
    }
    if (Y.isMap(node)) {
      const entries: DictEntry[] = [];
      let open = false;
      for (const p of node.items) {
        const k = p.key as YNode;
        if (Y.isScalar(k) && typeof k.value === 'symbol') {
          open = true; // merge key: more entries than those listed
          continue;
        }
        const key = this.value(k, node.range![0]);
        const keyEnd = k && k.range ? k.range[1] : node.range![0];
        entries.push({ key, value: this.value(p.value as YNode, keyEnd) });
      }
      return { kind: 'dict', entries, open, range };
    }
    return { kind: 'unknown', range, reason: 'YAML node of an unexpected kind' };
  }

  /**
   * Where a node's text ends. A block collection's own range can run on to
   * the next line (trailing newline, comments); it ends with its last entry.
   */
  endOf(node: YNode): number | undefined {
    if (!node || !node.range) return undefined;
    if ((Y.isSeq(node) || Y.isMap(node)) && !node.flow && node.items.length > 0) {
      const last = node.items[node.items.length - 1] as unknown;
      const end = Y.isPair(last) ? (this.endOf(last.value as YNode) ?? this.endOf(last.key as YNode)) : this.endOf(last as YNode);
      if (end !== undefined) return end;
    }
    let end = node.range[1];
    while (end > node.range[0] && /\s/.test(this.text[end - 1])) end--;
    return end;
  }

  private itemEnd(items: unknown[], i: number, fallback: number): number {
    const prev = i > 0 ? (items[i - 1] as YNode) : undefined;
    return prev && prev.range ? prev.range[1] : fallback;
  }

  /** Where a fix can rewrite the scalar: flow scalars only; block scalars (`|`, `>`) keep no origin. */
  private origin(type: string | undefined, range: Range): StrOrigin | undefined {
    switch (type) {
      case 'QUOTE_DOUBLE':
        return { literalRange: range, quote: '"' };
      case 'QUOTE_SINGLE':
        return { literalRange: range, quote: "'" };
      case 'PLAIN':
        return { literalRange: range };
      default:
        return undefined;
    }
  }
}
