// The relative paths a spec names, as flytekit reads them (IS404, IS407):
// `copy` entries come from the field's list items and each `.with_copy(...)`
// argument. A bare string or a tuple as `copy` is IS502's finding; only list
// items and `.with_copy(...)` arguments reach the builder as entries.

import { field, fieldStr, type ImageDecl, type StrValue, type Value } from '../../server/model/decl';

export /** Every statically known string entry `copy` will hold, in order: the field's items, then each `.with_copy(...)` argument. */
function copyEntries(decl: ImageDecl): StrValue[] {
  const out: StrValue[] = [];
  const take = (v: Value | undefined): void => {
    if (!v) return;
    if (v.kind === 'str') out.push(v);
    else if (v.kind === 'list' && (v.form ?? 'list') === 'list') for (const item of v.items) if (item.kind === 'str') out.push(item);
  };
  const f = field(decl, 'copy');
  // A bare string or a tuple is IS502's finding; only lists reach the builder as entries.
  if (f && f.value.kind === 'list') take(f.value);
  for (const c of decl.chain) {
    if (c.method !== 'with_copy') continue;
    // with_copy(src): a string is appended, a list extends.
    take(c.args[0] ?? c.kwargs.find((k) => k.name === 'src')?.value);
  }
  return out;
}


/** A path the spec names, with what it must be. */
export interface SpecPath {
  field: 'requirements' | 'source_root' | 'copy';
  value: StrValue;
  want: 'file' | 'dir' | 'any';
}

/** Every non-empty path the spec names, in field order: requirements, source_root, copy entries. */
export function specPaths(decl: ImageDecl): SpecPath[] {
  const out: SpecPath[] = [];
  const req = fieldStr(decl, 'requirements');
  if (req && req.value !== '') out.push({ field: 'requirements', value: req, want: 'file' });
  const src = fieldStr(decl, 'source_root');
  if (src && src.value !== '') out.push({ field: 'source_root', value: src, want: 'dir' });
  for (const c of copyEntries(decl)) if (c.value !== '') out.push({ field: 'copy', value: c, want: 'any' });
  return out;
}
