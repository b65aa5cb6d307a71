// Picks the extractor for a file. Python files that contain neither the text
// `ImageSpec` nor the word `flyte` are never parsed: every import and alias
// form names the class (ImageSpec) or the module (flyte) somewhere in the
// file, so they are a safe, very cheap prefilter. A file may hold both kinds.

import * as path from 'node:path';
import type { Tree } from 'tree-sitter';
import type { ImageDecl } from '../model/decl';
import type { Extraction } from './extraction';
import { extractFlyte, mayDeclareFlyte } from './flyte';
import { collectSyntaxErrors, parsePython, type ParseOptions } from './pyParser';
import { extractPython } from './python';
import { lineIndexOf } from './values';

export type { Extraction };

export type FileLanguage = 'python' | 'yaml' | 'other';

export function languageOf(file: string): FileLanguage {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.py' || ext === '.pyi') return 'python';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  return 'other';
}

export function mayDeclare(text: string, lang: FileLanguage): boolean {
  return lang === 'python' ? text.includes('ImageSpec') || mayDeclareFlyte(text) : lang === 'yaml';
}

export function extractDecls(text: string, file: string, oldTree?: Tree, lang: FileLanguage = languageOf(file), parse?: ParseOptions): Extraction {
  if (lang === 'python') {
    const spec = text.includes('ImageSpec');
    const flyte = mayDeclareFlyte(text);
    if (!spec && !flyte) return { decls: [], syntaxErrors: [] };
    let r: { decls: ImageDecl[]; tree: Tree; syntaxErrors: ReturnType<typeof collectSyntaxErrors> };
    if (spec) r = extractPython(text, file, oldTree, parse);
    else {
      const tree = parsePython(text, oldTree, parse);
      r = { decls: [], tree, syntaxErrors: collectSyntaxErrors(tree) };
    }
    if (flyte) {
      const more = extractFlyte(r.tree, file, text, oldTree);
      if (more.length) {
        const decls: ImageDecl[] = [...r.decls];
        for (const d of more) decls.push(d);
        decls.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
        r = { ...r, decls };
      }
    }
    const lines = lineIndexOf(r.tree);
    return lines ? { ...r, lines } : r;
  }
  if (lang === 'yaml') return extractYamlSpec(text, file);
  return { decls: [], syntaxErrors: [] };
}

// YAML image specs (`pyflyte run --image spec.yaml`) are linted only when the
// config's `specs` globs name them; the caller decides, this only parses.
import { extractYaml as extractYamlSpec } from './yaml';
