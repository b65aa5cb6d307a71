// --fix: applies a file's fixes and writes the file back once, atomically,
// in its own encoding; creates the files fixes ask for (IS401).

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunState } from '../engine/run';
import type { Finding } from '../engine/types';
import { CachedFs } from '../engine/fs';
import { writeFileAtomic } from '../util/atomicWrite';
import { encode } from '../workspace/read';
import { engine, fixer } from './lazy';

/**
 * Applies fixes in up to three passes (a fix can reveal or enable another),
 * then writes the file once, atomically, in its own encoding. Returns
 * undefined when nothing changed.
 */
export function applyFixes(
  file: string,
  original: string,
  findings: Finding[],
  run: RunState,
  unsafe: boolean,
  encoding: string,
  bom: boolean,
  notes: string[],
  cwd: string,
): { text: string; count: number } | undefined {
  let text = original;
  let current = findings;
  let count = 0;
  const creates: { path: string; content: string }[] = [];
  for (let pass = 0; pass < 3; pass++) {
    const plan = fixer().planFixes(text, file, current, unsafe);
    if (!plan.applied.length) break;
    text = plan.edits.length ? fixer().applyOffsetEdits(text, plan.edits) : text;
    creates.push(...plan.creates);
    count += plan.applied.length;
    current = engine().lintText(text, file, run).findings;
    if (!plan.deferred.length && !current.some((f) => f.fixes.length)) break;
  }
  const rel = path.relative(cwd, file) || file;
  for (const c of creates) {
    try {
      if (!fs.existsSync(c.path)) {
        fs.mkdirSync(path.dirname(c.path), { recursive: true });
        fs.writeFileSync(c.path, c.content, { flag: 'wx' });
        if (run.fs instanceof CachedFs) run.fs.invalidate(c.path);
      }
    } catch (e) {
      notes.push(`${rel}: could not create ${c.path}: ${(e as Error).message}`);
    }
  }
  if (text === original) return count ? { text, count } : undefined;
  try {
    const st = fs.statSync(file);
    if ((st.mode & 0o222) === 0) {
      notes.push(`${rel}: read-only, fixes not written`);
      return undefined;
    }
    const data = encode(text, encoding, bom);
    if (!data) {
      notes.push(`${rel}: fixed text cannot be written back as ${encoding}; file left unchanged`);
      return undefined;
    }
    writeFileAtomic(file, data);
  } catch (e) {
    notes.push(`${rel}: could not write fixes: ${(e as Error).message}`);
    return undefined;
  }
  return { text, count };
}
