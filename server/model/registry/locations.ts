// Artifact Registry locations: which exist (gcpLocations.ts is the table),
// which contain a region, the valid ones nearest a misspelt one (IS104's
// suggestions), and where Container Registry hosts' repositories live in
// Artifact Registry (IS107).

import { garMultiRegion, garRegion, GAR_MULTI_REGIONS, GAR_REGIONS } from '../gcpLocations';

/** A known Artifact Registry location: a region (restricted ones included) or a multi-region. */
export function isGarLocation(location: string): boolean {
  return typeof location === 'string' && (garRegion(location) !== undefined || garMultiRegion(location) !== undefined);
}

/**
 * Whether `location` (a GAR region or multi-region) covers `region`: equal,
 * or a multi-region containing it (`us` ⊇ `us-east1`; `europe` ⊇ EU regions
 * only, not `europe-west2` London or `europe-west6` Zurich; `asia` ⊇
 * `asia-*`). IS301 accepts a repository whose location covers the data plane
 * region.
 */
export function locationContains(location: string, region: string): boolean {
  if (typeof location !== 'string' || typeof region !== 'string') return false;
  const l = location.trim().toLowerCase();
  const r = region.trim().toLowerCase();
  if (l === '' || r === '') return false;
  if (l === r) return true;
  const m = garMultiRegion(l);
  return m ? m.contains(r) : false;
}

interface LocParts {
  area: string;
  dir: string;
  num?: number;
}

function locParts(s: string): LocParts | undefined {
  const m = /^([a-z]+)(?:-([a-z]+?))?(\d+)?$/.exec(s);
  if (!m) return undefined;
  const parts: LocParts = { area: m[1], dir: m[2] ?? '' };
  if (m[3] !== undefined) parts.num = Number(m[3]);
  return parts;
}

// Plain Levenshtein, not engine/ruleKit's OSA distance (which counts a swap
// of two neighbours as one edit): locationDistance's weights were set with
// this one, and OSA would change the suggestions for 454 of 1,170 one-slip
// spellings of real locations (`africa-osuth1` would also offer `asia-south1`).
function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

// Spellings of the same place from other clouds or shorthand: AWS writes
// `us-east-1` and `eu-`/`ap-`; people write `eu` for the `europe` multi-region.
function variants(bad: string): string[] {
  const out = new Set<string>([bad]);
  for (const v of [...out]) out.add(v.replace(/-(\d+)$/, '$1'));
  for (const v of [...out]) {
    if (v === 'eu') out.add('europe');
    if (v.startsWith('eu-')) out.add('europe-' + v.slice(3));
    if (v.startsWith('ap-')) out.add('asia-' + v.slice(3));
    if (v === 'usa' || v === 'us-multi' || v === 'united-states') out.add('us');
  }
  return [...out];
}

/** Lower is closer. Structure first (same area and direction, nearest number), spelling second. */
function locationDistance(v: string, cand: string): number {
  if (v === cand) return 0;
  const a = locParts(v);
  const b = locParts(cand);
  const lev = levenshtein(v, cand);
  if (a && b && a.area === b.area) {
    if (a.dir === b.dir && a.dir !== '') {
      if (a.num !== undefined && b.num !== undefined) return 1 + Math.abs(a.num - b.num) * 0.5 + lev * 0.01;
      return 1.5 + (b.num ?? 0) * 0.01;
    }
    if (a.dir === '' && b.dir === '') return 1 + lev * 0.01;
    // Same area, another direction (`us-east` vs `us-west1`), or a
    // multi-region vs one of its regions (`us` vs `us-east1`).
    return 4 + lev * 0.1;
  }
  return 10 + lev;
}

/**
 * Valid Artifact Registry locations near an unknown one, best first, at most
 * `limit`: `us-east-1` → `us-east1` first; `us-east` → `us-east1`,
 * `us-east4`, `us-east5`; `europe-west5` → `europe-west4`, `europe-west6`,
 * ... The data plane region (`preferred`) comes first when it is close: same
 * area (`us-*`), or within a few edits. Restricted regions are never
 * suggested. Empty when nothing is plausibly meant.
 */
export function nearestLocations(bad: string, preferred?: string, limit = 5): string[] {
  try {
    if (typeof bad !== 'string') return [];
    const b = bad.trim().toLowerCase();
    if (b === '') return [];
    const cands = [...GAR_REGIONS.filter((r) => !r.restricted).map((r) => r.name), ...GAR_MULTI_REGIONS.map((m) => m.name)];
    const vs = variants(b);
    const scored = cands.map((c, order) => ({ c, order, d: Math.min(...vs.map((v) => locationDistance(v, c))) }));
    // Beyond a few edits with no shared area, a suggestion is a guess.
    const maxLev = Math.max(3, Math.floor(b.length / 3));
    const kept = scored.filter((s) => s.d < 10 + maxLev + 0.5);
    kept.sort((x, y) => x.d - y.d || x.order - y.order);
    let out = kept.map((s) => s.c);
    const pref = preferred?.trim().toLowerCase();
    if (pref && cands.includes(pref) && out[0] !== pref) {
      const pd = Math.min(...vs.map((v) => locationDistance(v, pref)));
      // Close: the same area as the bad value (`us-east-1` and data plane
      // `us-east4`), or within three edits of it. Pushing there also avoids
      // the IS301 warning the other fix would trigger.
      if (pd < 10 || pd <= 13) out = [pref, ...out.filter((c) => c !== pref)];
    }
    return out.slice(0, Math.max(0, limit));
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------
// Container Registry → Artifact Registry

/**
 * Container Registry hosts and the Artifact Registry location of their
 * `gcr.io` repositories ("gcr.io repositories in Artifact Registry"): the
 * repository keeps the host's name.
 */
export const GCR_HOST_LOCATIONS: Readonly<Record<string, string>> = {
  'gcr.io': 'us',
  'us.gcr.io': 'us',
  'eu.gcr.io': 'europe',
  'asia.gcr.io': 'asia',
};

/**
 * The Artifact Registry equivalent of a Container Registry host and project:
 * `gcr.io` + `p` → `us-docker.pkg.dev/p/gcr.io`, `eu.gcr.io` →
 * `europe-docker.pkg.dev/p/eu.gcr.io`, ... A domain-scoped project is written
 * with a slash in the path (`example.com/p`) whichever form is passed.
 * Undefined for other hosts or an empty project.
 */
export function gcrToArtifactRegistry(host: string, project: string): string | undefined {
  if (typeof host !== 'string' || typeof project !== 'string') return undefined;
  const h = host.trim().toLowerCase();
  const location = Object.prototype.hasOwnProperty.call(GCR_HOST_LOCATIONS, h) ? GCR_HOST_LOCATIONS[h] : undefined;
  const p = project.trim();
  if (!location || p === '') return undefined;
  const pathProject = /^(?:[a-z0-9-]+\.)+[a-z0-9-]+:/i.test(p) ? p.replace(':', '/') : p;
  return `${location}-docker.pkg.dev/${pathProject}/${h}`;
}
