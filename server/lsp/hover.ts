// Hover. On an ImageSpec call: the image flytekit will push,
// `registry/name:tag`, with the tag computed as the project's pinned
// flytekit release computes it (server/flytekit/tag.ts; the release, the
// builder and the working folder come from server/project/view.ts, as the
// rules see them), or `unknown` and why. On `registry`: its
// location, project and repository and, with deep checks, what Artifact
// Registry says about the repository. On any other keyword: the field's
// documentation; on a chained builder call: the method's.

import * as fs from 'node:fs';
import type { Hover, MarkupContent } from 'vscode-languageserver';
import type { FieldArg, Flyte2Decl, ImageDecl, StrValue } from '../model/decl';
import { containsPos, type Position, type Range } from '../model/position';
import { builderMethod, fieldInfo, type FieldInfo } from '../flytekit/fields';
import { computeImageRef } from '../flytekit/tag';
import { OLDEST_TAG_RELEASE } from '../flytekit/versions';
import { parseRegistry } from '../model/registry';
import { projectView, type ProjectView } from '../project/view';
import { lookupPath } from '../project/workdir';
import { garMultiRegion, garRegion } from '../model/gcpLocations';
import type { GarService, RepoRef } from '../gar/service';
import type { LintState } from './diagnostics';
import type { DocumentStore } from './documents';
import { flyteHover } from './flyteHover';

/** Every declaration, nested base_image specs included, innermost last. */
export function allDecls(decls: ImageDecl[]): ImageDecl[] {
  const out: ImageDecl[] = [];
  const visit = (d: ImageDecl) => {
    out.push(d);
    for (const f of d.fields) if (f.value.kind === 'spec') visit(f.value.decl);
  };
  decls.forEach(visit);
  return out;
}

/** The innermost declaration whose source contains the position. */
function declAt(decls: ImageDecl[], p: Position): ImageDecl | undefined {
  let best: ImageDecl | undefined;
  for (const d of allDecls(decls)) {
    if (d.kind === 'flyte2') continue; // flyteDeclAt's
    const whole: Range = { start: d.range.start, end: d.chain.length ? d.chain[d.chain.length - 1].range.end : d.range.end };
    if (containsPos(whole, p) && (!best || containsPos(best.range, d.range.start))) best = d;
  }
  return best;
}

function md(value: string): MarkupContent {
  return { kind: 'markdown', value };
}

function code(s: string): string {
  const ticks = s.includes('`') ? '``' : '`';
  return `${ticks}${s}${ticks}`;
}

export function fieldDoc(info: FieldInfo): string {
  const lines = [`**${info.name}**: \`${info.pyType}\` = \`${info.defaultText}\``, '', info.doc];
  if (info.since !== OLDEST_TAG_RELEASE) lines.push('', `_Since flytekit ${info.since}._`);
  if (info.hash === 'excluded') lines.push('', '_Does not change the image tag._');
  return lines.join('\n');
}

/** How pyflyte's machine is named by platform.machine() (1.16.4 reads it): the language server runs where pyflyte runs. */
function machineName(): string {
  return process.arch === 'arm64' ? 'arm64' : process.arch === 'x64' ? 'x86_64' : process.arch;
}

/**
 * The working folder the tag is computed from: the nearest candidate where
 * the spec's `requirements` exists (its bytes are hashed), else the nearest
 * candidate (the file's own folder, or config `workdir`).
 */
function tagFolder(view: ProjectView, fsv: ProjectView['folders'], decl: ImageDecl, state: LintState): string {
  const req = decl.fields.find((f) => f.name === 'requirements');
  if (req && req.value.kind === 'str' && req.value.value !== '') {
    const found = lookupPath(state.run.fs, fsv, req.value.value, 'file');
    if (found.foundIn) return found.foundIn;
  }
  return fsv.folders[0] ?? view.projectRoot;
}

/** The image reference hover of a declaration, judged for the project's pinned flytekit and the builder it installs. */
function imageHover(state: LintState, decl: ImageDecl, docs: DocumentStore): string {
  const readFile = (abs: string): Buffer | undefined => {
    const open = docs.byFile(abs);
    if (open) return Buffer.from(open.text, 'utf8');
    try {
      return fs.readFileSync(abs);
    } catch {
      return undefined;
    }
  };
  const view = projectView(state.run.fs, decl.file || state.file, state.project.root, state.project.config, state.text, state.run.displayRoot);
  const pinned = view.flytekit;
  const release = pinned.version ? `flytekit ${pinned.version}` : 'flytekit';
  const from = `${release} (${pinned.source})`;
  // The builder flytekit fills in when `builder` is unset (hashed by 1.15.1-1.15.2; it builds a nested base spec).
  const unset = view.unsetBuilder(decl.source === 'python');
  const effective = view.builder(decl);
  const folder = tagFolder(view, view.folders, decl, state);
  const ref = pinned.version
    ? computeImageRef(decl, {
        flytekitVersion: pinned.version,
        projectRoot: folder,
        readFile,
        defaultBuilder: unset.known ? unset.name : undefined,
        machine: machineName(),
      })
    : ({ ok: false, reason: `the flytekit release is not known (${pinned.source})` } as const);
  const out: string[] = [];
  const builderText = effective.known ? `${code(effective.name)}${effective.from === 'spec' ? '' : ` (${effective.source})`}` : `_not known_: ${effective.reason}`;
  if (ref.ok) {
    out.push(`**ImageSpec** → \`${ref.fullName}\``, '');
    if (ref.builtName) out.push(`The \`noop\` builder builds nothing: tasks run on \`${ref.builtName}\`.`, '');
    out.push(`| | |`, `|---|---|`);
    out.push(`| registry | ${ref.registry ? code(ref.registry) : '_none: the image is not pushed_'} |`);
    out.push(`| name | ${code(ref.name)} |`);
    out.push(`| tag | ${code(ref.tag)} |`);
    out.push(`| builder | ${builderText} |`);
    if (ref.forcePush) out.push(`| push | forced (\`.force_push()\`) |`);
    out.push('', `_Tag computed as ${release} computes it (\`ImageSpec.tag\`; ${pinned.source}), with pyflyte run from ${code(view.show(folder))}._`);
  } else {
    const reg = strField(decl, 'registry');
    const name = strField(decl, 'name') ?? (decl.fields.some((f) => f.name === 'name') ? undefined : 'flytekit');
    const shown = name !== undefined ? `${reg ? reg.toLowerCase() + '/' : ''}${name.toLowerCase()}:unknown` : 'unknown';
    const builderWhy = !unset.known && /builder/.test(ref.reason) ? ` (the builder: ${unset.reason})` : '';
    out.push(`**ImageSpec** → \`${shown}\``, '', `The tag is unknown: ${ref.reason}${builderWhy}.`);
    if (pinned.version) out.push('', `_Judged as ${from}._`);
  }
  return out.join('\n');
}

function strField(decl: ImageDecl, name: string): string | undefined {
  const f = decl.fields.find((x) => x.name === name);
  return f && f.value.kind === 'str' ? f.value.value : undefined;
}

/** What the registry string is made of, for hover. */
function registryParts(v: StrValue): { lines: string[]; repo?: RepoRef } {
  const p = parseRegistry(v.value);
  const lines: string[] = [];
  const kinds: Record<string, string> = {
    gar: 'Artifact Registry',
    gcr: 'Container Registry (shut down for writes)',
    ecr: 'Amazon ECR',
    'ecr-public': 'Amazon ECR Public',
    ghcr: 'GitHub Container Registry',
    acr: 'Azure Container Registry',
    dockerhub: 'Docker Hub',
    localhost: 'a local registry',
    other: 'a registry',
  };
  lines.push(`${kinds[p.kind] ?? 'a registry'} at ${code(p.registryHost)}${v.envDefault ? ` (the default of $${v.envDefault})` : ''}`, '');
  let repo: RepoRef | undefined;
  if (p.gar) {
    const loc = p.gar.location?.text;
    const region = loc ? garRegion(loc.toLowerCase()) : undefined;
    const multi = loc ? garMultiRegion(loc.toLowerCase()) : undefined;
    const where = region ? ` (${region.city})` : multi ? ` (multi-region: ${multi.description})` : '';
    lines.push(`| | |`, `|---|---|`);
    lines.push(`| location | ${loc ? code(loc) + where : '_missing_'} |`);
    lines.push(`| project | ${p.gar.project ? code(p.gar.project.text) : '_missing_'} |`);
    lines.push(`| repository | ${p.gar.repository ? code(p.gar.repository.text) : '_missing_'} |`);
    if (p.gar.imagePath.length) lines.push(`| image path | ${code(p.gar.imagePath.map((s) => s.text).join('/'))} |`);
    if (loc && p.gar.project?.text && p.gar.repository) repo = { location: loc.toLowerCase(), project: p.gar.project.text.toLowerCase(), repository: p.gar.repository.text.toLowerCase() };
  } else if (p.path.length) {
    lines.push(`path: ${code(p.path.map((s) => s.text).join('/'))}`);
  }
  return { lines, repo };
}

async function deepRepoLine(gar: GarService, repo: RepoRef, timeoutMs: number): Promise<string> {
  const timeout = new Promise<undefined>((r) => setTimeout(() => r(undefined), timeoutMs).unref());
  const answer = await Promise.race([gar.getRepository(repo).catch(() => undefined), timeout]);
  if (!answer) return '_Artifact Registry has not answered yet._';
  if (answer.ok) {
    const mode = String(answer.value.mode).replace(/_REPOSITORY$/, '').toLowerCase();
    return `Artifact Registry: the repository exists (format ${answer.value.format}, ${mode}).`;
  }
  if (answer.failure.kind === 'not-found') return 'Artifact Registry: **the repository does not exist**.';
  return `Artifact Registry: could not check (${answer.failure.kind}: ${answer.failure.message}).`;
}

function fieldAt(decl: ImageDecl, p: Position): FieldArg | undefined {
  for (const f of decl.fields) if (containsPos(f.range, p) || containsPos(f.nameRange, p)) return f;
  return undefined;
}

/** The smallest Flyte 2 declaration whose source contains the position (an inline image inside an environment wins). */
function flyteDeclAt(decls: ImageDecl[], p: Position): Flyte2Decl | undefined {
  let best: Flyte2Decl | undefined;
  for (const d of decls) {
    if (d.kind !== 'flyte2' || !containsPos(d.range, p)) continue;
    if (!best || containsPos(best.range, d.range.start)) best = d as Flyte2Decl;
  }
  return best;
}

export async function hover(state: LintState, p: Position, docs: DocumentStore): Promise<Hover | null> {
  const fd = flyteDeclAt(state.decls, p);
  const decl = declAt(state.decls, p);
  if (fd && (!decl || containsPos(fd.range, decl.range.start))) return flyteHover(state, fd, p);
  if (!decl) return null;
  const chain = decl.chain.find((c) => containsPos(c.nameRange, p));
  if (chain) {
    const m = builderMethod(chain.method);
    if (!m) return null;
    return { range: chain.nameRange, contents: md([`**${m.pySignature}**`, '', m.doc, '', '---', '', imageHover(state, decl, docs)].join('\n')) };
  }
  const f = fieldAt(decl, p);
  if (f && !f.positional) {
    const info = fieldInfo(f.name);
    if (!info) return null;
    const onName = containsPos(f.nameRange, p);
    const parts = [fieldDoc(info)];
    if (f.name === 'registry' && f.value.kind === 'str') {
      const { lines, repo } = registryParts(f.value);
      parts.push('', '---', '', ...lines);
      const gar = state.run.gar;
      if (repo && gar) parts.push('', await deepRepoLine(gar, repo, 1500));
    }
    return { range: onName ? f.nameRange : f.value.range, contents: md(parts.join('\n')) };
  }
  if (containsPos(decl.calleeRange, p) || containsPos(decl.argsRange, p)) {
    return { range: decl.calleeRange, contents: md(imageHover(state, decl, docs)) };
  }
  return null;
}
