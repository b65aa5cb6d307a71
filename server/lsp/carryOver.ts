// Deep findings outlive the text they were computed on while someone types:
// until the new answers arrive, each old one moves with the registry value
// it is about, so squiggles do not flicker (or is dropped when that value
// changed).

import type { ImageDecl } from '../model/decl';
import type { Range } from '../model/position';
import type { Finding } from '../engine/types';

/** Moves a deep finding computed on an older text to the same registry value in the new text, or drops it. */
export function carryOver(f: Finding, oldDecls: ImageDecl[], newDecls: ImageDecl[]): Finding | undefined {
  const inRange = (r: Range, x: Range) =>
    (r.start.line < x.start.line || (r.start.line === x.start.line && r.start.character <= x.start.character)) &&
    (x.end.line < r.end.line || (x.end.line === r.end.line && x.end.character <= r.end.character));
  for (let i = 0; i < oldDecls.length && i < newDecls.length; i++) {
    for (const arg of oldDecls[i].fields) {
      const ov = arg.value;
      if (!inRange(ov.range, f.range)) continue;
      const nv = newDecls[i].fields.find((a) => a.name === arg.name)?.value;
      if (!nv || nv.kind !== ov.kind || JSON.stringify((nv as { value?: unknown }).value) !== JSON.stringify((ov as { value?: unknown }).value)) return undefined;
      const dl = nv.range.start.line - ov.range.start.line;
      const dc = nv.range.start.character - ov.range.start.character;
      const move = (p: { line: number; character: number }) => ({
        line: p.line + dl,
        character: p.line === ov.range.start.line ? p.character + dc : p.character,
      });
      return { ...f, range: { start: move(f.range.start), end: move(f.range.end) } };
    }
  }
  return undefined;
}
