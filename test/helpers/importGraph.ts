// The import graph of server/ and rules/, read with the TypeScript parser,
// and the checks test/layers.test.ts runs over it: the layer order of
// docs/architecture.md, rule files that stand alone, and no cycles. Works on
// a map of sources so that the checks themselves can be tested on made-up
// files.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

export interface ImportEdge {
  /** Importing file, repository-relative with `/`. */
  from: string;
  /** Imported file, repository-relative with `/`. */
  to: string;
  /** `import type`, `export type`, an import whose every name is `type`, or `typeof import(...)`: erased from the JavaScript. */
  typeOnly: boolean;
  line: number;
}

/** Layers from the bottom up: a file may import files of its own folder and of lower layers only. */
export const LAYERS: readonly (readonly string[])[] = [
  ['server/util'],
  ['server/model'],
  ['server/flytekit', 'server/flyte'],
  ['server/gar'],
  ['server/extract'],
  ['server/project'],
  ['server/workspace'],
  ['server/engine'],
  ['rules'],
  ['server/cli', 'server/lsp'],
];

/**
 * Imports allowed against the order, each with its reason; an entry no
 * import needs any more is itself a problem. An entry is `from -> to`
 * (repository-relative files).
 */
export const EXCEPTIONS: ReadonlyMap<string, string> = new Map<string, string>([]);

/** The folder that names a file's layer: `server/X` or `rules` (rules/shared included). */
export function layerFolder(file: string): string {
  const parts = file.split('/');
  return parts[0] === 'rules' ? 'rules' : parts.slice(0, 2).join('/');
}

export function layerOf(file: string): number {
  const folder = layerFolder(file);
  return LAYERS.findIndex((l) => l.includes(folder));
}

/** A rule file: `rules/ISnnn-slug.ts`. */
export function isRuleFile(file: string): boolean {
  return /^rules\/IS\d{3}-[^/]+\.ts$/.test(file);
}

/** Every `.ts` file under server/ and rules/ of a checkout, with its source. */
export function readSources(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.set(rel, fs.readFileSync(path.join(root, rel), 'utf8'));
    }
  };
  walk('server');
  walk('rules');
  return out;
}

function resolve(from: string, spec: string, files: ReadonlyMap<string, string>): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  for (const c of [`${base}.ts`, `${base}/index.ts`]) if (files.has(c)) return c;
  return undefined;
}

/** The relative imports of every file: import and export declarations, require(), import() and typeof import(). */
export function importEdges(files: ReadonlyMap<string, string>): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const [file, text] of files) {
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const add = (node: ts.Node, spec: string, typeOnly: boolean): void => {
      const to = resolve(file, spec, files);
      if (to) edges.push({ from: file, to, typeOnly, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
    };
    const visit = (n: ts.Node): void => {
      if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) {
        const c = n.importClause;
        const named = c?.namedBindings && ts.isNamedImports(c.namedBindings) ? c.namedBindings.elements : undefined;
        const typeOnly = !!c && (c.isTypeOnly || (!c.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
        add(n, n.moduleSpecifier.text, typeOnly);
      } else if (ts.isExportDeclaration(n) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
        const named = n.exportClause && ts.isNamedExports(n.exportClause) ? n.exportClause.elements : undefined;
        add(n, n.moduleSpecifier.text, n.isTypeOnly || (!!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      } else if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference) && ts.isStringLiteral(n.moduleReference.expression)) {
        add(n, n.moduleReference.expression.text, n.isTypeOnly);
      } else if (ts.isCallExpression(n) && n.arguments.length === 1 && ts.isStringLiteralLike(n.arguments[0])) {
        const callee = n.expression;
        if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) add(n, n.arguments[0].text, false);
      } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) {
        add(n, n.argument.literal.text, true);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return edges;
}

/** What breaks the layering, one line each; empty when everything holds. */
export function layerProblems(
  files: ReadonlyMap<string, string>,
  edges: readonly ImportEdge[] = importEdges(files),
  exceptions: ReadonlyMap<string, string> = EXCEPTIONS,
): string[] {
  const problems: string[] = [];
  for (const key of exceptions.keys()) {
    if (!edges.some((e) => `${e.from} -> ${e.to}` === key)) problems.push(`exception ${key} matches no import any more: remove it`);
  }
  for (const file of files.keys()) {
    if (layerOf(file) < 0) problems.push(`${file}: ${layerFolder(file)} is in no layer (add it to LAYERS and to docs/architecture.md)`);
  }
  for (const e of edges) {
    const where = `${e.from}:${e.line} imports ${e.to}${e.typeOnly ? ' (type only)' : ''}`;
    if (exceptions.has(`${e.from} -> ${e.to}`)) continue;
    const a = layerFolder(e.from);
    const b = layerFolder(e.to);
    if (a !== b) {
      const la = layerOf(e.from);
      const lb = layerOf(e.to);
      if (la >= 0 && lb >= 0 && lb >= la) problems.push(`${where}: ${b} is not below ${a}`);
    }
    if (isRuleFile(e.from) && isRuleFile(e.to)) problems.push(`${where}: a rule file imports another rule file (shared logic goes to rules/shared/)`);
    if (e.from.startsWith('rules/shared/') && isRuleFile(e.to)) problems.push(`${where}: rules/shared imports a rule file`);
    if (e.to === 'rules/index.ts' && !/^server\/(cli|lsp)\//.test(e.from)) problems.push(`${where}: only the front ends (server/cli, server/lsp) import the rule set`);
  }
  return problems;
}

/** Import cycles among files, each as the files of one strongly connected component; `typeOnly` edges are left out unless asked. */
export function importCycles(edges: readonly ImportEdge[], opts: { includeTypeOnly?: boolean } = {}): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    if (e.typeOnly && !opts.includeTypeOnly) continue;
    if (!next.has(e.from)) next.set(e.from, []);
    next.get(e.from)!.push(e.to);
  }
  // Tarjan's strongly connected components, iteratively (no recursion limit).
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  const nodes = [...new Set([...next.keys(), ...edges.map((e) => e.to)])].sort();
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: [string, number][] = [[start, 0]];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const top = work[work.length - 1];
      const [v, i] = top;
      const out = next.get(v) ?? [];
      if (i < out.length) {
        top[1]++;
        const w = out[i];
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
      }
      if (low.get(v) === index.get(v)) {
        const scc: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          scc.push(w);
        } while (w !== v);
        const selfLoop = (next.get(v) ?? []).includes(v);
        if (scc.length > 1 || selfLoop) cycles.push(scc.sort());
      }
    }
  }
  return cycles;
}
