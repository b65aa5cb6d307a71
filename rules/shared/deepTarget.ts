// What the deep rules (IS201-IS205, and IS302's deep half) share: which
// Artifact Registry repository a declaration pushes to, the exact range to
// underline, "use repository X" edits, and the answers they all read.
//
// Not a rule (it exports no `rule`); rules/index.ts does not list it.
//
// How the deep rules split one question between them: every rule asks
// `ctx.gar.getRepository(ref)` for its declaration. The GAR client shares one
// in-flight / cached answer per repository, so however many rules and
// declarations ask, each distinct repository costs one GetRepository per
// run. Then exactly one rule speaks per outcome:
//   NOT_FOUND                         -> IS201 (error)
//   exists, format not DOCKER         -> IS202 (error)
//   exists, DOCKER, REMOTE / VIRTUAL  -> IS203 (error)
//   exists, DOCKER, STANDARD          -> IS204 asks testIamPermissions (warning)
//   any other failure                 -> IS205 (info, once per repository;
//                                        UNAUTHENTICATED once per run)
// A declaration whose registry is not a well-formed GAR / gcr.io reference
// is left to the offline rules (IS101-IS107): deep rules never ask about a
// location, project or repository id the offline rules reject, and never
// about anything that is unknown statically.

import type { ImageDecl, StrValue } from '../../server/model/decl';
import { describeOrigin, fieldStr } from '../../server/model/decl';
import type { LineIndex, Range } from '../../server/model/position';
import {
  garProjectToProjectId,
  isGarLocation,
  isValidGarRepositoryId,
  isValidGcpProjectId,
  parseRegistry,
  type Segment,
} from '../../server/model/registry';
import { closest, strFix, strSubRange } from '../../server/engine/ruleKit';
import type { DeepRuleContext, Fix } from '../../server/engine/types';
import { gcrRepoRef, repositoryName, type GarAnswer, type RepoInfo, type RepoRef } from '../../server/gar/service';

export interface RepoTarget {
  value: StrValue;
  kind: 'gar' | 'gcr';
  /** Lowercased, as flytekit pushes it; the project in path form (`example.com/p`). */
  ref: RepoRef;
  /** `projects/P/locations/L/repositories/R`. */
  resource: string;
  /** The repository segment's [start, end) in the value (GAR only: gcr.io hosts name no repository). */
  repoSegment?: Segment;
  /** What to underline: the repository segment; for gcr.io hosts, host and project. */
  range: Range;
  /** `repository \`images\` (project \`p\`, us-east1)`, for messages. */
  label: string;
  /** ` (the default of $X)` or ``. */
  origin: string;
}

/** The Artifact Registry repository a declaration pushes to, when it is statically certain and well formed. */
function repoTarget(decl: ImageDecl, lines: LineIndex): RepoTarget | undefined {
  const v = fieldStr(decl, 'registry');
  if (!v) return undefined;
  const p = parseRegistry(v.value);
  const origin = describeOrigin(v);
  if (p.kind === 'gar' && p.gar) {
    const g = p.gar;
    if (g.style === 'unrecognized' || !g.location || g.format?.text.toLowerCase() !== 'docker') return undefined;
    if (!g.project?.id || !g.repository) return undefined;
    const location = g.location.text.toLowerCase();
    const project = g.project.text.toLowerCase();
    const repository = g.repository.text.toLowerCase();
    if (!isGarLocation(location) || !isValidGcpProjectId(garProjectToProjectId(project)) || !isValidGarRepositoryId(repository)) return undefined;
    const ref = { project, location, repository };
    return {
      value: v,
      kind: 'gar',
      ref,
      resource: repositoryName(ref),
      repoSegment: g.repository,
      range: strSubRange(v, g.repository.start, g.repository.end, lines),
      label: `repository \`${repository}\` (project \`${project}\`, ${location})`,
      origin,
    };
  }
  if (p.kind === 'gcr' && p.gcr && p.gcr.multiRegion !== undefined && p.gcr.project?.id) {
    const project = p.gcr.project.text.toLowerCase();
    if (!isValidGcpProjectId(garProjectToProjectId(project))) return undefined;
    const ref = gcrRepoRef(p.host.text, project);
    if (!ref) return undefined;
    return {
      value: v,
      kind: 'gcr',
      ref,
      resource: repositoryName(ref),
      range: strSubRange(v, p.host.start, p.gcr.project.end, lines),
      label: `repository \`${ref.repository}\` (project \`${project}\`, ${ref.location}), which serves \`${p.host.text.toLowerCase()}/${project}\` since Container Registry moved to Artifact Registry,`,
      origin,
    };
  }
  return undefined;
}

/** The repository answer for a declaration, or undefined when the declaration names no checkable repository. */
export async function repoAnswer(decl: ImageDecl, ctx: DeepRuleContext): Promise<{ target: RepoTarget; answer: GarAnswer<RepoInfo> } | undefined> {
  const target = repoTarget(decl, ctx.lines);
  if (!target) return undefined;
  return { target, answer: await ctx.gar.getRepository(target.ref) };
}

export function isPushable(r: RepoInfo): boolean {
  return r.format === 'DOCKER' && r.mode === 'STANDARD_REPOSITORY';
}

/**
 * Standard DOCKER repositories of the target's project and location that the
 * image could go to instead, closest names first: typos within a few edits,
 * then names that contain the written one or are contained in it, then (when
 * `all`) the rest alphabetically. Empty when the listing fails.
 */
export async function alternatives(target: RepoTarget, ctx: DeepRuleContext, opts: { all: boolean; limit?: number }): Promise<string[]> {
  if (target.kind !== 'gar') return [];
  const listed = await ctx.gar.listRepositories(target.ref.project, target.ref.location);
  if (!listed.ok) return [];
  const want = target.ref.repository;
  const names = listed.value.filter(isPushable).map((r) => r.repository).filter((n) => n !== want);
  const near = closest(want, names, Math.max(2, Math.floor(want.length / 3)));
  const related = names.filter((n) => !near.includes(n) && (n.includes(want) || want.includes(n)));
  const rest = opts.all ? names.filter((n) => !near.includes(n) && !related.includes(n)).sort() : [];
  return [...near, ...related, ...rest].slice(0, opts.limit ?? 3);
}

/**
 * "Use repository X" fixes: rewrite the registry literal with X in place of
 * the repository segment. Unsafe (a guess at intent); the first is preferred
 * when `preferFirst`. No fix when the value is built from several parts.
 */
export function useRepositoryFixes(decl: ImageDecl, target: RepoTarget, names: string[], preferFirst: boolean): Fix[] {
  const seg = target.repoSegment;
  if (!seg) return [];
  const fixes: Fix[] = [];
  for (const name of names) {
    const v = target.value;
    const next = v.value.slice(0, seg.start) + name + v.value.slice(seg.end);
    const fix = strFix(decl, v, next, `Use existing repository \`${name}\``, { preferred: preferFirst && fixes.length === 0, safe: false });
    if (fix) fixes.push(fix);
  }
  return fixes;
}

/** `` `a`, `b` or `c` `` */
export function orList(names: string[]): string {
  const q = names.map((n) => `\`${n}\``);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}
