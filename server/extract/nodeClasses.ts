// tree-sitter-python's node classes, made before tree-sitter would (see
// withNodeClasses). Loaded with the parser (pyParser.ts getParser).

import type Parser from 'tree-sitter';
import type { SyntaxNode } from 'tree-sitter';

type NodeClass = new (...args: never[]) => SyntaxNode;

interface LanguageWithClasses {
  nodeTypeInfo?: { type: string; named: boolean; fields?: Record<string, { multiple?: boolean }> }[];
  nodeSubclasses?: NodeClass[];
}

/**
 * tree-sitter gives each named node type a class of its own (its `type` a
 * value on the prototype instead of a native call, and a getter per field),
 * made when a language is first set by compiling one `new Function` per
 * type: ~270 compiles, ~11 ms of every process that parses. These are the
 * same classes (type, fields, the field getters through the public
 * childForFieldName / childrenForFieldName), made from one class
 * expression; tree-sitter keeps a language's classes once set. Anything
 * unexpected leaves the work to tree-sitter.
 */
export function withNodeClasses(TreeSitter: typeof Parser, language: Parser.Language): Parser.Language {
  const lang = language as unknown as LanguageWithClasses;
  if (lang.nodeSubclasses) return language;
  try {
    // The binding tree-sitter itself loaded (node-gyp-build from tree-sitter's folder: the same module).
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- tree-sitter's own dependency, from its folder
    const { createRequire } = require('node:module') as typeof import('node:module');
    const tsMain = require.resolve('tree-sitter');
    const binding = (createRequire(tsMain)('node-gyp-build') as (dir: string) => Record<string, unknown>)(tsMain.slice(0, Math.max(tsMain.lastIndexOf('/'), tsMain.lastIndexOf('\\'))));
    const Base = (TreeSitter as unknown as { SyntaxNode: NodeClass }).SyntaxNode;
    if (binding.Parser !== TreeSitter || typeof binding.getNodeTypeNamesById !== 'function' || typeof Base !== 'function') return language;
    const names = (binding.getNodeTypeNamesById as (l: unknown) => (string | null)[])(language);
    const info = new Map<string, NonNullable<LanguageWithClasses['nodeTypeInfo']>[number]>();
    for (const t of lang.nodeTypeInfo ?? []) if (t.named && !info.has(t.type)) info.set(t.type, t);
    const classes: NodeClass[] = [];
    for (let id = 0; id < names.length; id++) {
      classes[id] = Base;
      const typeName = names[id];
      const typeInfo = typeName ? info.get(typeName) : undefined;
      if (!typeName || !typeInfo) continue;
      const fieldNames: string[] = [];
      const getters: PropertyDescriptorMap = {};
      for (const field in typeInfo.fields ?? {}) {
        const many = !!typeInfo.fields![field].multiple;
        const getter = camelCase(field) + (many ? 'Nodes' : 'Node');
        fieldNames.push(getter);
        getters[getter] = {
          get(this: SyntaxNode) {
            return many ? this.childrenForFieldName(field) : this.childForFieldName(field);
          },
          enumerable: true,
        };
      }
      const NodeClass = class extends Base {};
      Object.defineProperties(NodeClass.prototype, {
        type: { value: typeName, enumerable: true },
        fields: { value: Object.freeze(fieldNames.sort()), enumerable: true },
        ...getters,
      });
      classes[id] = NodeClass;
    }
    lang.nodeSubclasses = classes;
  } catch {
    /* tree-sitter makes them */
  }
  return language;
}

function camelCase(name: string): string {
  return name.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase());
}

