// Completion inside `ImageSpec(...)`, working on code being typed (the
// call need not parse): keyword names not yet used, with their docs; in
// `registry="..."` Artifact Registry hosts (the data plane region first)
// and, with deep checks, the project's Docker repositories; `builder`,
// `platform` and `python_version` values.

import {
  CompletionItemKind,
  InsertTextFormat,
  type CompletionItem,
  type CompletionList,
} from 'vscode-languageserver';
import { LineIndex, type Position, type Range } from '../model/position';
import { IMAGE_SPEC_FIELDS, KNOWN_BUILDERS, DEFAULT_PLATFORM } from '../flytekit/fields';
import { GAR_REGIONS, GAR_MULTI_REGIONS } from '../model/gcpLocations';
import type { Config } from '../engine/config';
import type { GarService } from '../gar/service';
import { callContextAt } from './pyLex';
import { fieldDoc } from './hover';
import { isFlyte2, type ImageDecl } from '../model/decl';
import { IMAGE_METHODS, type MethodInfo } from '../flyte/api';
import { mayDeclareFlyte } from '../extract/flyte';

const PLATFORMS = ['linux/amd64', 'linux/arm64', 'linux/amd64,linux/arm64', 'linux/arm/v7'];
const PYTHON_VERSIONS = ['3.13', '3.12', '3.11', '3.10', '3.9'];

export interface CompletionInput {
  text: string;
  position: Position;
  config: Config;
  /** Declarations of the last parse: their callee names are aliases of ImageSpec. */
  decls: ImageDecl[];
  gar?: GarService;
}

/** Names the call may be spelled with: ImageSpec and aliases seen in the file. */
function calleeNames(text: string, decls: ImageDecl[]): Set<string> {
  const names = new Set(['ImageSpec']);
  const alias = /\bImageSpec\s+as\s+([A-Za-z_]\w*)/g;
  for (let m = alias.exec(text); m; m = alias.exec(text)) names.add(m[1]);
  const index = decls.length ? new LineIndex(text) : undefined;
  for (const d of decls) {
    if (d.kind === 'flyte2') continue;
    const callee = index!.slice(d.calleeRange).split('.').pop()?.trim();
    if (callee && /^[A-Za-z_]\w*$/.test(callee)) names.add(callee);
  }
  return names;
}

function valueItems(keyword: string, config: Config): { label: string; doc?: string }[] {
  switch (keyword) {
    case 'builder':
      return KNOWN_BUILDERS.map((b) => ({ label: b.name, doc: `${b.doc} (from \`${b.provider}\`)` }));
    case 'platform':
      return PLATFORMS.map((p) => ({ label: p, doc: p === DEFAULT_PLATFORM ? 'flytekit\'s default platform.' : undefined }));
    case 'python_version':
      return PYTHON_VERSIONS.map((v) => ({ label: v }));
    case 'registry':
      return garHosts(config).map((h) => ({ label: h.host, doc: h.doc }));
    default:
      return [];
  }
}

/** Artifact Registry Docker hosts: the data plane region and its multi-region first, then the rest. */
function garHosts(config: Config): { host: string; doc: string }[] {
  const region = config.dataplane.region?.toLowerCase();
  const out: { host: string; doc: string; rank: number }[] = [];
  for (const r of GAR_REGIONS) {
    if (r.restricted) continue;
    out.push({ host: `${r.name}-docker.pkg.dev`, doc: `Artifact Registry, ${r.name} (${r.city})${r.name === region ? ', the data plane region' : ''}`, rank: r.name === region ? 0 : 2 });
  }
  for (const m of GAR_MULTI_REGIONS) {
    const contains = !!region && m.contains(region);
    out.push({ host: `${m.name}-docker.pkg.dev`, doc: `Artifact Registry, multi-region ${m.name} (${m.description})${contains ? ', contains the data plane region' : ''}`, rank: contains ? 1 : 3 });
  }
  return out.sort((a, b) => a.rank - b.rank || a.host.localeCompare(b.host));
}

async function repositoryItems(typed: string, config: Config, gar: GarService | undefined): Promise<{ label: string; doc: string }[]> {
  const m = /^([a-z0-9-]+)-docker\.pkg\.dev\/([^/]+)\/[^/]*$/.exec(typed.toLowerCase());
  if (!m) {
    const h = /^([a-z0-9-]+)-docker\.pkg\.dev\/[^/]*$/.exec(typed.toLowerCase());
    if (h && config.dataplane.project) return [{ label: `${h[1]}-docker.pkg.dev/${config.dataplane.project}/`, doc: 'The data plane project' }];
    return [];
  }
  const [, location, project] = m;
  const out: { label: string; doc: string }[] = [];
  const seen = new Set<string>();
  for (const r of config.gar.repositories) {
    const parts = r.split('/');
    const repo = parts[parts.length - 1];
    if (parts.length === 3 && (parts[0] !== location || parts[1] !== project)) continue;
    if (seen.has(repo)) continue;
    seen.add(repo);
    out.push({ label: `${location}-docker.pkg.dev/${project}/${repo}`, doc: 'A repository named in `gar.repositories`' });
  }
  if (gar) {
    const timeout = new Promise<undefined>((r) => setTimeout(() => r(undefined), 2000).unref());
    const answer = await Promise.race([gar.listRepositories(project, location).catch(() => undefined), timeout]);
    if (answer?.ok) {
      for (const r of answer.value) {
        if (String(r.format).toUpperCase() !== 'DOCKER' || /REMOTE|VIRTUAL/.test(String(r.mode)) || seen.has(r.repository)) continue;
        seen.add(r.repository);
        out.push({ label: `${location}-docker.pkg.dev/${project}/${r.repository}`, doc: `Docker repository in ${project} (${location}), from Artifact Registry` });
      }
    }
  }
  return out;
}

const FLYTE_METHOD_NAMES = new Set(IMAGE_METHODS.filter((m) => m.kind !== 'internal').map((m) => m.name));

function methodItem(m: MethodInfo, range: Range, i: number): CompletionItem {
  return {
    label: m.name,
    kind: CompletionItemKind.Method,
    detail: `Image.${m.name}(${m.params.map((p) => (p.kind === 'varargs' ? `*${p.name}` : p.name)).join(', ')})`,
    documentation: { kind: 'markdown', value: m.doc + (m.since !== '2.0.0' ? `\n\n_Since flyte ${m.since}._` : '') },
    sortText: String(i).padStart(4, '0'),
    textEdit: { range, newText: m.name },
  };
}

/**
 * Flyte 2: `Image.` offers the constructors, `<image>.` (after a chain's
 * `)` or a module-level image's name) the clone / with_* methods, and inside
 * one of their calls the parameters not yet given.
 */
function completeFlyte(input: CompletionInput, index: LineIndex, offset: number): CompletionList | null {
  const { text, position } = input;
  const before = text.slice(Math.max(0, offset - 300), offset);
  const dot = /(\bImage|\)|\b([A-Za-z_]\w*))\s*\.\s*([A-Za-z_]\w*)?$/.exec(before);
  if (dot) {
    const range: Range = { start: index.positionAt(offset - (dot[3]?.length ?? 0)), end: position };
    const variables = new Set(input.decls.filter(isFlyte2).flatMap((d) => (d.flyte.role === 'image' && d.flyte.variable ? [d.flyte.variable] : [])));
    const ctor = dot[1] === 'Image';
    if (!ctor && dot[1] !== ')' && !variables.has(dot[2] ?? '')) return null;
    const methods = IMAGE_METHODS.filter((m) => m.kind !== 'internal' && m.classmethod === ctor);
    return { isIncomplete: false, items: methods.map((m, i) => methodItem(m, range, i)) };
  }
  // The call finder wants a callee not preceded by `.` (`).with_x(`): blank the dots, offsets unchanged.
  const ctx = callContextAt(text.replace(/\.(\s*)(with_\w+|clone|from_\w+)(\s*\()/g, ' $1$2$3'), offset, FLYTE_METHOD_NAMES);
  if (!ctx || !ctx.atKeyword) return null;
  const name = /([A-Za-z_]\w*)\s*$/.exec(text.slice(0, ctx.argsStart - 1))?.[1];
  const m = IMAGE_METHODS.find((x) => x.name === name);
  if (!m) return null;
  const range: Range = { start: index.positionAt(ctx.wordStart), end: position };
  const items = m.params
    .filter((p) => p.kind !== 'varargs' && !ctx.used.has(p.name))
    .map((p, i) => ({
      label: p.name,
      kind: CompletionItemKind.Field,
      detail: `${p.name}: ${p.type}${p.default !== undefined ? ` = ${p.default}` : ''}`,
      documentation: { kind: 'markdown' as const, value: `Parameter of \`Image.${m.name}\`${p.since ? ` (since flyte ${p.since})` : ''}.` },
      sortText: String(i).padStart(4, '0'),
      insertTextFormat: InsertTextFormat.PlainText,
      textEdit: { range, newText: `${p.name}=` },
    }));
  return { isIncomplete: false, items };
}

export async function complete(input: CompletionInput): Promise<CompletionList | null> {
  const { text, position, config } = input;
  const index = new LineIndex(text);
  const offset = index.offsetAt(position);
  if (mayDeclareFlyte(text)) {
    const f = completeFlyte(input, index, offset);
    if (f) return f;
  }
  const ctx = callContextAt(text, offset, calleeNames(text, input.decls));
  if (!ctx) return null;
  const items: CompletionItem[] = [];
  const rangeFrom = (start: number): Range => ({ start: index.positionAt(start), end: position });

  if (ctx.string && ctx.keyword && ctx.valueStart !== undefined) {
    // Inside the string value of a keyword: replace what is typed so far.
    const start = ctx.string.contentStart;
    if (index.positionAt(start).line !== position.line) return null;
    const typed = text.slice(start, offset);
    const range = rangeFrom(start);
    let values = valueItems(ctx.keyword, config);
    if (ctx.keyword === 'registry' && typed.includes('/')) values = await repositoryItems(typed, config, input.gar);
    values.forEach((v, i) => {
      items.push({
        label: v.label,
        kind: CompletionItemKind.Value,
        documentation: v.doc ? { kind: 'markdown', value: v.doc } : undefined,
        sortText: String(i).padStart(4, '0'),
        filterText: v.label,
        textEdit: { range, newText: v.label },
      });
    });
    return { isIncomplete: ctx.keyword === 'registry', items };
  }
  if (!ctx.string && ctx.keyword && ctx.valueStart !== undefined && offset >= ctx.valueStart && text.slice(ctx.valueStart, offset).trim() === '') {
    // Right after `keyword=`: quoted values.
    valueItems(ctx.keyword, config).forEach((v, i) => {
      items.push({
        label: `"${v.label}"`,
        kind: CompletionItemKind.Value,
        documentation: v.doc ? { kind: 'markdown', value: v.doc } : undefined,
        sortText: String(i).padStart(4, '0'),
        textEdit: { range: rangeFrom(ctx.valueStart!), newText: `"${v.label}"` },
      });
    });
    return { isIncomplete: false, items };
  }
  if (ctx.atKeyword) {
    const range = rangeFrom(ctx.wordStart);
    IMAGE_SPEC_FIELDS.forEach((f, i) => {
      if (ctx.used.has(f.name)) return;
      items.push({
        label: f.name,
        kind: CompletionItemKind.Field,
        detail: `${f.name}: ${f.pyType}`,
        documentation: { kind: 'markdown', value: fieldDoc(f) },
        sortText: String(i).padStart(4, '0'),
        insertTextFormat: InsertTextFormat.PlainText,
        textEdit: { range, newText: `${f.name}=` },
      });
    });
    return { isIncomplete: false, items };
  }
  return null;
}
