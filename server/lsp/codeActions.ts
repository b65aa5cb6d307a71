// Code actions: one quickfix per fix of each finding under the cursor (the
// rule's preferred fix marked), "ignore ISxxx on this line" (adds or extends
// the suppression comment), and `source.fixAll.imagespec` (the safe
// preferred fixes `--fix` would apply, never overlapping). A fix that creates
// a file uses a CreateFile resource operation when the client supports it,
// else the server writes the file through the `imagespec.createFile` command.
// Fixes that are commands (create a repository, configure Docker) run
// through workspace/executeCommand.

import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextDocumentEdit,
  type CreateFile,
  type WorkspaceEdit,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver';
import { LineIndex, rangesOverlap, type Range } from '../model/position';
import type { Finding, Fix, TextEdit } from '../engine/types';
import { planFixes } from '../engine/fixes';
import { parseSuppressions } from '../engine/suppressions';
import { fileToUri } from './documents';
import type { LintState } from './diagnostics';
import { toDiagnostic } from './toDiagnostic';
import { insideStringOrComment } from './pyLex';
import { CREATE_FILE as CREATE_FILE_COMMAND } from './commands';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.imagespec`;

export interface EditCapabilities {
  /** workspace.workspaceEdit.documentChanges */
  documentChanges: boolean;
  /** workspace.workspaceEdit.resourceOperations includes "create" */
  createFiles: boolean;
}

function wanted(kind: string, only: string[] | undefined): boolean {
  if (!only || only.length === 0) return true;
  return only.some((o) => kind === o || kind.startsWith(o + '.'));
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function touches(r: Range, sel: Range): boolean {
  if (rangesOverlap(r, sel)) return true;
  const inside = (p: { line: number; character: number }, x: Range) =>
    (x.start.line < p.line || (x.start.line === p.line && x.start.character <= p.character)) &&
    (p.line < x.end.line || (p.line === x.end.line && p.character <= x.end.character));
  return inside(sel.start, r) || inside(r.start, sel);
}

/** Builds a WorkspaceEdit from engine edits (grouped by file) and an optional file to create. */
function workspaceEdit(state: LintState, edits: TextEdit[], create: { path: string; content: string } | undefined, caps: EditCapabilities): WorkspaceEdit | undefined {
  const byUri = new Map<string, LspTextEdit[]>();
  for (const e of edits) {
    const uri = e.file && e.file !== state.file ? fileToUri(e.file) : state.uri;
    let list = byUri.get(uri);
    if (!list) byUri.set(uri, (list = []));
    list.push({ range: e.range, newText: e.newText });
  }
  if (caps.documentChanges) {
    const changes: (TextDocumentEdit | CreateFile)[] = [];
    if (create && caps.createFiles) {
      const uri = fileToUri(create.path);
      changes.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
      if (create.content) changes.push({ textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: create.content }] });
    }
    for (const [uri, list] of byUri) changes.push({ textDocument: { uri, version: uri === state.uri ? state.version : null }, edits: list });
    return changes.length ? { documentChanges: changes } : undefined;
  }
  if (!byUri.size) return undefined;
  return { changes: Object.fromEntries(byUri) };
}

function fixAction(state: LintState, f: Finding, fix: Fix, diag: Diagnostic, caps: EditCapabilities): CodeAction | undefined {
  const serverCreates = fix.createFile && !(caps.documentChanges && caps.createFiles);
  const edit = workspaceEdit(state, fix.edits, serverCreates ? undefined : fix.createFile, caps);
  const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diag] };
  if (fix.preferred) action.isPreferred = true;
  if (edit) action.edit = edit;
  if (fix.command) action.command = { title: fix.command.title, command: fix.command.id, arguments: [fix.command.args] };
  else if (serverCreates && fix.createFile) action.command = { title: fix.title, command: CREATE_FILE_COMMAND, arguments: [{ path: fix.createFile.path, content: fix.createFile.content }] };
  if (!action.edit && !action.command) return undefined;
  return action;
}

/**
 * The edit that suppresses `code` on the finding's line: the code is added
 * to a directive already there, or a comment is appended. When the end of
 * that line is inside a string (a multi-line literal) the comment goes on
 * the statement's first line instead, which suppresses too.
 */
function suppressionEdit(state: LintState, f: Finding): TextEdit | undefined {
  const index = new LineIndex(state.text);
  const decl = state.decls.find((d) => d.range.start.line <= f.range.start.line && f.range.start.line <= d.range.end.line);
  const lines = [f.range.start.line];
  if (decl) lines.push(decl.range.start.line, decl.statementLine);
  for (const line of lines) {
    const text = index.lineText(line);
    const sups = parseSuppressions(text).filter((s) => s.kind === 'line');
    if (sups.length) {
      const s = sups[0];
      if (s.codes.length === 0 || s.codes.includes(f.code)) return undefined; // already suppressed there
      const r = { start: { line, character: s.range.start.character }, end: { line, character: s.range.end.character } };
      return { range: r, newText: `# imagespec: ignore[${[...s.codes, f.code].join(',')}]` };
    }
  }
  for (const line of lines) {
    const text = index.lineText(line);
    const lineStart = index.offsetAt({ line, character: 0 });
    const endOffset = lineStart + text.length;
    const isPython = !/\.ya?ml$/i.test(state.file);
    // A line that already ends in a comment (`# noqa`, `# why`) gets the
    // directive after it: `# noqa  # imagespec: ignore[IS107]`.
    const inComment = isPython ? endsInPythonComment(state.text, lineStart, text) : /(^|\s)#/.test(text);
    if (isPython && !inComment && (insideStringOrComment(state.text, endOffset) || /\\\s*$/.test(text))) continue;
    if (!isPython && !inComment && /#/.test(text)) continue;
    const pad = text.length === 0 || /\s$/.test(text) ? '' : '  ';
    return { range: { start: { line, character: text.length }, end: { line, character: text.length } }, newText: `${pad}# imagespec: ignore[${f.code}]` };
  }
  return undefined;
}

/** Whether a Python line ends inside a comment: a `#` on it that is not inside a string. */
function endsInPythonComment(doc: string, lineStart: number, line: string): boolean {
  for (let i = line.indexOf('#'); i !== -1; i = line.indexOf('#', i + 1)) {
    if (!insideStringOrComment(doc, lineStart + i)) return true;
  }
  return false;
}

export function codeActions(state: LintState, findings: Finding[], params: CodeActionParams, caps: EditCapabilities): CodeAction[] {
  const only = params.context.only;
  const out: CodeAction[] = [];
  const given = params.context.diagnostics ?? [];
  const relevant = findings.filter((f) => given.some((d) => d.code === f.code && sameRange(d.range, f.range)) || touches(f.range, params.range));
  if (wanted(CodeActionKind.QuickFix, only)) {
    const ignores: CodeAction[] = [];
    const seenIgnore = new Set<string>();
    for (const f of relevant) {
      const diag = given.find((d) => d.code === f.code && sameRange(d.range, f.range)) ?? toDiagnostic(f);
      for (const fix of f.fixes) {
        const a = fixAction(state, f, fix, diag, caps);
        if (a) out.push(a);
      }
      const key = `${f.code}:${f.range.start.line}`;
      if (seenIgnore.has(key)) continue;
      seenIgnore.add(key);
      const e = suppressionEdit(state, f);
      if (e) {
        ignores.push({
          title: `Ignore ${f.code} on this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diag],
          edit: workspaceEdit(state, [e], undefined, caps),
        });
      }
    }
    out.push(...ignores);
  }
  if (wanted(FIX_ALL_KIND, only) && !(only === undefined && relevant.length === 0)) {
    const plan = planFixes(state.text, state.file, findings, false);
    if (plan.edits.length) {
      const index = new LineIndex(state.text);
      const edits: TextEdit[] = plan.edits.map((e) => ({ range: { start: index.positionAt(e.start), end: index.positionAt(e.end) }, newText: e.newText }));
      const n = plan.applied.length;
      out.push({
        title: `Fix all auto-fixable imagespec problems (${n})`,
        kind: FIX_ALL_KIND,
        diagnostics: plan.applied.map(toDiagnostic),
        edit: workspaceEdit(state, edits, undefined, caps),
      });
    }
  }
  return out;
}
