// The registry value the registry rules (IS102-IS108, IS301, IS302, IS601)
// may read, and edits inside it.
//
// Precedence of the registry rules: IS101 (rules/IS101-registry-invalid.ts)
// owns "is the registry well formed" and looks at the raw string. When it
// fires, the others stay silent for that registry: their segments are only
// trustworthy once the scheme, quotes, tag and so on are gone, and the user
// sees one finding whose fix makes the registry parseable. `checkedRegistry`
// is that gate: it answers only for registries IS101 has nothing to say
// about. IS102 (uppercase) is about case only; the others read the registry
// lowercased, as flytekit pushes it, so an uppercase owner or project is
// IS102's business and no other rule's. IS103-IS106 each own one part of an
// Artifact Registry URI and can fire together; IS107 owns Container Registry
// hosts and IS108 every other known registry kind, so the three never overlap.

import { fieldStr, type ImageDecl, type StrValue } from '../../server/model/decl';
import type { Fix } from '../../server/engine/types';
import { strFix } from '../../server/engine/ruleKit';
import { isValidRegistry } from '../../server/flytekit/fields';
import { parseRegistry, registryProblems, type ParsedRegistry } from '../../server/model/registry';

/** A registry value the registry rules after IS101 may check. */
export interface CheckedRegistry {
  v: StrValue;
  /** The value as flytekit pushes it: lowercased. Offsets match `v.value` (IS101-clean values are ASCII). */
  lower: string;
  /** The parse of `lower`. */
  p: ParsedRegistry;
}

/**
 * The registry of a declaration when it is set to a known, non-empty string
 * that IS101 has nothing to say about; undefined otherwise (absent, unknown,
 * `None`, `""`, or malformed: then IS101 reports and the others stay silent).
 */
export function checkedRegistry(decl: ImageDecl): CheckedRegistry | undefined {
  const v = fieldStr(decl, 'registry');
  if (!v || v.value === '') return undefined;
  if (!isValidRegistry(v.value) || registryProblems(v.value).length > 0) return undefined;
  const lower = v.value.toLowerCase();
  // Offsets into the lowercased text must stay offsets into the literal.
  if (lower.length !== v.value.length) return undefined;
  return { v, lower, p: parseRegistry(lower) };
}

/** A fix that replaces [start, end) of a string value with `text` (through the literal the value came from). */
export function spliceFix(
  decl: ImageDecl,
  v: StrValue,
  start: number,
  end: number,
  text: string,
  title: string,
  opts: { preferred?: boolean; safe?: boolean } = {},
): Fix | undefined {
  return strFix(decl, v, v.value.slice(0, start) + text + v.value.slice(end), title, opts);
}
