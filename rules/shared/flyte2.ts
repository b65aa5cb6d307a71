// What Flyte 2 does with a declaration, for the rules (and the hover, which
// asks the same questions): the project's flyte release, its `image:`
// config, and the chain evaluated by server/flyte/uri.ts: the URI, the
// exception the SDK raises, or why neither is known. Computed once per
// declaration per linted file.

import * as path from 'node:path';
import type { Flyte2Decl } from '../../server/model/decl';
import type { RuleContext } from '../../server/engine/types';
import type { FileAccess, UriResult } from '../../server/flyte/uri';
import { imageUri } from '../../server/flyte/uri';
import { chainOf } from '../../server/flyte/fromDecl';
import { flyteConfig, pinnedFlyte, type FlyteConfig, type PinnedFlyte } from '../../server/project/flyte';
import type { FsView } from '../../server/project/fsView';
import type { WorkingFolders } from '../../server/project/workdir';
import { projectOf } from './project';

export type { UriResult };

export interface FlyteSettings {
  flyte: PinnedFlyte;
  config: FlyteConfig;
  folders: WorkingFolders;
}

/** The project's flyte release and image config as the declaring file sees them (memoised per linted file). */
export function flyteSettingsOf(ctx: RuleContext, file: string): FlyteSettings {
  return ctx.perFile(`flyte2\0${file}`, () => {
    const p = projectOf(ctx, file);
    return {
      flyte: pinnedFlyte(ctx.config.flyteVersion, p.deps, p.show),
      config: flyteConfig(ctx.fs, p.folders, process.env, p.show),
      folders: p.folders,
    };
  });
}

/** Python's open() through the run's file system (UTF-8 text files only: bytes that are not are unknown). */
export function fileAccess(fs: FsView): FileAccess {
  return {
    kind: (abs) => {
      const k = fs.kind(abs);
      return k === 'other' ? undefined : k;
    },
    read: (abs) => {
      const t = fs.readText(abs);
      if (t === undefined || t.includes('\uFFFD')) return undefined;
      return Buffer.from(t, 'utf8');
    },
  };
}

/**
 * The chain evaluated for this project. Relative paths resolve from the
 * working-folder candidates, nearest first: the first folder from which no
 * file is missing wins (else the nearest's answer).
 */
export function evaluateFlyte(decl: Flyte2Decl, settings: FlyteSettings, fs: FsView, stage: 'deploy' | 'declaration' = 'deploy'): UriResult {
  const c = chainOf(decl);
  if ('unknown' in c) return { kind: 'unknown', reason: c.unknown };
  const version = settings.flyte.version;
  if (!version) return { kind: 'unknown', reason: `the flyte release is not known (${settings.flyte.source})` };
  const files = fileAccess(fs);
  let first: UriResult | undefined;
  for (const cwd of settings.folders.folders) {
    const r = imageUri(c.chain, {
      flyteVersion: version,
      cwd,
      files,
      pushRegistry: settings.config.pushRegistry,
      ...(settings.config.builder ? { builder: settings.config.builder } : {}),
      ...(settings.config.imageRefs ? { imageRefs: settings.config.imageRefs } : {}),
      rootDir: cwd,
    }, stage);
    first ??= r;
    const missing = r.kind === 'error' && (r.pyType === 'FileNotFoundError' || r.message.includes('does not exist'));
    if (!missing) return r;
  }
  return first ?? { kind: 'unknown', reason: 'no folder flyte may run in' };
}

/** flyteResult: evaluateFlyte for a rule, memoised per declaration per linted file. */
export function flyteResult(decl: Flyte2Decl, ctx: RuleContext, stage: 'deploy' | 'declaration' = 'deploy'): UriResult {
  const key = `flyte2-eval\0${stage}\0${decl.file}\0${decl.range.start.line}:${decl.range.start.character}`;
  return ctx.perFile(key, () => evaluateFlyte(decl, flyteSettingsOf(ctx, decl.file), ctx.fs, stage));
}

/** A path relative to the project root for messages. */
export function showPath(ctx: RuleContext, abs: string): string {
  return path.relative(ctx.projectRoot, abs) || '.';
}
