// Document links from `requirements`, `copy` and `source_root` to the
// files and folders they name, resolved against the project root (where
// pyflyte runs). Only paths that exist are linked.

import * as path from 'node:path';
import type { DocumentLink } from 'vscode-languageserver';
import type { StrValue, Value } from '../model/decl';
import { LineIndex } from '../model/position';
import { strSubRange } from '../engine/ruleKit';
import { fileToUri } from './documents';
import { allDecls } from './hover';
import type { LintState } from './diagnostics';

const LINKED = new Set(['requirements', 'copy', 'source_root']);

export function documentLinks(state: LintState): DocumentLink[] {
  const out: DocumentLink[] = [];
  let lines: LineIndex | undefined;
  const add = (v: StrValue) => {
    if (!v.value || v.value.includes('\0')) return;
    const abs = path.resolve(state.project.root, v.value);
    const kind = state.run.fs.kind(abs);
    if (kind !== 'file' && kind !== 'dir') return;
    // Underline the path inside the quotes when the literal is plain, else the whole value.
    const range = strSubRange(v, 0, v.value.length, (lines ??= new LineIndex(state.text)));
    out.push({ range, target: fileToUri(abs), tooltip: `${kind === 'dir' ? 'Folder' : 'File'} ${path.relative(state.project.root, abs) || '.'} (relative to ${state.project.root})` });
  };
  const visit = (v: Value) => {
    if (v.kind === 'str') add(v);
    else if (v.kind === 'list') v.items.forEach(visit);
  };
  for (const d of allDecls(state.decls)) {
    for (const f of d.fields) if (LINKED.has(f.name)) visit(f.value);
    for (const c of d.chain) if (c.method === 'with_copy') [...c.args, ...c.kwargs.map((k) => k.value)].forEach(visit);
  }
  return out;
}
