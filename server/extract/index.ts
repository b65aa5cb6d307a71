// Picks the extractor for a file. Python files that do not contain the text
// `ImageSpec` are never parsed: every import and alias form names the class
// somewhere in the file, so the substring is a safe, very cheap prefilter.

import * as path from 'node:path';
import type { Tree } from 'tree-sitter';
import type { Extraction } from './extraction';
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
  return lang === 'python' ? text.includes('ImageSpec') : lang === 'yaml';
}

export function extractDecls(text: string, file: string, oldTree?: Tree, lang: FileLanguage = languageOf(file)): Extraction {
  if (lang === 'python') {
    if (!mayDeclare(text, lang)) return { decls: [], syntaxErrors: [] };
    const r = extractPython(text, file, oldTree);
    const lines = r.tree && lineIndexOf(r.tree);
    return lines ? { ...r, lines } : r;
  }
  if (lang === 'yaml') return extractYamlSpec(text, file);
  return { decls: [], syntaxErrors: [] };
}

// YAML image specs (`pyflyte run --image spec.yaml`) are linted only when the
// config's `specs` globs name them; the caller decides, this only parses.
import { extractYaml as extractYamlSpec } from './yaml';
