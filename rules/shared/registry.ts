// The registry value the registry rules (IS102-IS108, IS301, IS302, IS601)
// may read, and edits inside it.
//
// Precedence of the registry rules: IS101 (rules/IS101-registry-invalid.ts)
// owns "is the registry well formed" and looks at the raw string. When it
// fires, the others stay silent for that registry: their segments are only
// trustworthy once the scheme, quotes, tag and so on are gone, and the user
// sees one finding whose fix makes the registry parseable. `checkedRegistry`
// is that gate: it answers for registries IS101 has nothing to say about,
// and for the well-formed part before problems that sit at the end (a
// trailing `/` is independent of a missing GAR repository: both are
// reported). IS102 (uppercase) is about case only; the others read the registry
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
  const whole = fieldStr(decl, 'registry');
  if (!whole || whole.value === '') return undefined;
  const v = cleanPrefix(whole);
  if (!v) return undefined;
  const lower = v.value.toLowerCase();
  // Offsets into the lowercased text must stay offsets into the literal.
  if (lower.length !== v.value.length) return undefined;
  return { v, lower, p: parseRegistry(lower) };
}

/**
 * The registry the other rules judge: the whole value when IS101 has
 * nothing to say, or the clean part before the first of IS101's problems
 * when every problem sits after a well-formed registry (a trailing `/`, a
 * tag, a stray quote at the end). Those problems are independent of what
 * the registry names, so `us-docker.pkg.dev/proj/` gets both IS101 (the
 * slash) and IS103 (no repository). Offsets into the prefix are offsets
 * into the value; a problem at the start (a scheme, leading noise) shifts
 * everything, and then only IS101 speaks.
 */
function cleanPrefix(v: StrValue): StrValue | undefined {
  const problems = registryProblems(v.value);
  if (problems.length === 0) return isValidRegistry(v.value) ? v : undefined;
  const cut = Math.min(...problems.map((p) => p.start));
  const prefix = v.value.slice(0, cut);
  if (prefix === '' || registryProblems(prefix).length > 0 || !isValidRegistry(prefix)) return undefined;
  const clean: StrValue = { ...v, value: prefix };
  TAILS.set(clean, v.value.slice(cut));
  return clean;
}

/** What cleanPrefix cut off each value it made: a fix rewriting the prefix keeps it (IS101's fix removes it). */
const TAILS = new WeakMap<StrValue, string>();

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
  return registryFix(decl, v, v.value.slice(0, start) + text + v.value.slice(end), title, opts);
}

/** strFix for a registry value from checkedRegistry: what follows its clean prefix stays (IS101's own fix removes it). */
export function registryFix(decl: ImageDecl, v: StrValue, newValue: string, title: string, opts: { preferred?: boolean; safe?: boolean } = {}): Fix | undefined {
  return strFix(decl, v, newValue + (TAILS.get(v) ?? ''), title, opts);
}
