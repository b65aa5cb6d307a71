// Which fields exist depends on the flytekit release (python_exec arrived in
// 1.15.0, runtime_packages in 1.15.4, ...: server/flytekit/versions.ts).
// unknownKeywords(decl, version) judges against one release; the rule passes
// the release the declaring file's project pins (server/project/
// flytekitVersion.ts: config, .venv, lock, exact pin, range, else the newest
// read) and says where it came from when a field is too new for it. A release whose fields are not known (older than 1.11, or not
// read) is judged against the newest release's fields only for names no
// release has: a field of some release is never reported then. A positional
// argument past the last field is named `#N` by the extractor.

import { isFlyte2, type Flyte2Decl, type ImageDecl } from '../server/model/decl';
import type { OfflineRule, RuleContext, RuleFinding } from '../server/engine/types';
import { imageMethod, imageMethodNames } from '../server/flyte/api';
import { atLeast, FLYTE_VERIFIED_VERSION, METHODS_AFTER_VERIFIED } from '../server/flyte/version';
import { flyteSettingsOf } from './shared/flyte2';
import { fieldInfo, fieldNamesFor, FIELD_NAMES } from '../server/flytekit/fields';
import { behaviourFor } from '../server/flytekit/versions';
import { flytekitOf } from './shared/project';
import { closest, renameKeyword } from '../server/engine/ruleKit';
import { raisedAt } from './shared/raisedAt';

/** The IS501 findings of one declaration, judged against a flytekit release. */
export function unknownKeywords(decl: ImageDecl, flytekitVersion: string, source?: string): RuleFinding[] {
  const known = fieldNamesFor(flytekitVersion);
  const names = known ?? FIELD_NAMES;
  const release = behaviourFor(flytekitVersion);
  const out: RuleFinding[] = [];
  let position = 0;
  for (const f of decl.fields) {
    if (f.positional) {
      // Positional arguments bind in the release's dataclass order; past its last field, TypeError.
      position++;
      if (position > names.length || f.name.startsWith('#')) {
        out.push({
          range: f.range,
          message: `ImageSpec takes at most ${names.length} positional arguments${known ? ` in flytekit ${release.version}` : ''}; this one raises TypeError ${decl.source === 'yaml' ? 'when `pyflyte run --image` creates `ImageSpec(**spec)`' : 'at import'}. Pass fields by keyword`,
        });
      }
      continue;
    }
    if (names.includes(f.name)) continue;
    const info = fieldInfo(f.name);
    if (info) {
      if (!known) continue;
      // A field of a later release than the project's: upgrading flytekit is the fix, not a rename.
      out.push({
        range: f.nameRange,
        message: `ImageSpec has no field \`${f.name}\` in flytekit ${release.version} (it arrived in ${info.since})${source ? `, the release ${source}` : ''}: ${raisedAt(decl, 'TypeError')}; upgrade flytekit or remove the argument`,
      });
      continue;
    }
    const candidates = closest(f.name, names, Math.max(2, Math.floor(f.name.length / 3)));
    const taken = new Set(decl.fields.map((x) => x.name));
    const usable = candidates.filter((c) => !taken.has(c));
    out.push({
      range: f.nameRange,
      message:
        `ImageSpec has no field \`${f.name}\`: ${raisedAt(decl, 'TypeError')}` +
        (usable.length ? `; did you mean \`${usable[0]}\`?` : '; see `imagespec-lint --explain IS501` for the fields'),
      fixes: usable.slice(0, 3).map((c, i) => ({
        title: `Rename to \`${c}\``,
        edits: [renameKeyword(f, c)],
        preferred: i === 0,
        // A rename changes what the spec means only when the name was a typo;
        // one clear candidate is safe, several are a guess.
        safe: usable.length === 1,
      })),
    });
  }
  return out;
}

/**
 * Flyte 2: a keyword an Image method does not take, or a method Image does
 * not have, in the project's flyte release (TypeError / AttributeError at
 * import). Only calls this declaration writes; a method only in a release
 * newer than the one read is not judged.
 */
function flyteUnknown(decl: Flyte2Decl, ctx: RuleContext): RuleFinding[] {
  if (decl.flyte.role !== 'image') return [];
  const { version: pinned, how } = flyteSettingsOf(ctx, decl.file).flyte;
  const version = pinned && atLeast(FLYTE_VERIFIED_VERSION, pinned) ? pinned : FLYTE_VERIFIED_VERSION;
  const newer = !!pinned && !atLeast(FLYTE_VERIFIED_VERSION, pinned);
  const out: RuleFinding[] = [];
  const f = decl.flyte;
  f.calls.forEach((c, i) => {
    if (i < f.ownFrom) return;
    const m = imageMethod(c.method, version);
    const ctor = i === 0 && f.complete;
    if (!m || m.classmethod !== ctor) {
      if (newer || !f.complete || m) return;
      // A method newer releases may have (from_pixi_script): an error only in a release pinned and read.
      if (how !== 'pinned' && METHODS_AFTER_VERIFIED.includes(c.method)) return;
      const names = imageMethodNames(version).filter((n) => imageMethod(n, version)!.classmethod === ctor);
      const near = closest(c.method, names);
      const later = imageMethod(c.method, FLYTE_VERIFIED_VERSION);
      const what = ctor ? `type object 'Image' has no attribute '${c.method}'` : `'Image' object has no attribute '${c.method}'`;
      out.push({
        range: c.nameRange,
        message:
          `\`Image\` has no method \`${c.method}\` in flyte ${version}` +
          (later ? ` (it arrived in ${later.since}): importing this module raises AttributeError; upgrade flyte` : `: importing this module raises AttributeError: ${what}`) +
          (near.length && !later ? `; did you mean \`${near[0]}\`?` : ''),
        fixes: later ? [] : near.slice(0, 3).map((n, k) => ({ title: `Rename to \`${n}\``, edits: [{ range: c.nameRange, newText: n }], preferred: k === 0, safe: near.length === 1 })),
      });
      return;
    }
    const params = m.params.filter((p) => p.kind !== 'varargs').map((p) => p.name);
    for (const k of c.kwargs) {
      if (params.includes(k.name)) continue;
      const later = imageMethod(c.method, FLYTE_VERIFIED_VERSION)?.params.find((p) => p.name === k.name);
      const near = closest(k.name, params);
      out.push({
        range: k.nameRange,
        message: later
          ? `\`Image.${c.method}\` has no parameter \`${k.name}\` in flyte ${version} (it arrived in ${later.since ?? m.since}): importing this module raises TypeError; upgrade flyte or remove the argument`
          : `\`Image.${c.method}\` has no parameter \`${k.name}\`: importing this module raises TypeError: Image.${c.method}() got an unexpected keyword argument '${k.name}'` +
            (near.length ? `; did you mean \`${near[0]}\`?` : ''),
        fixes: later ? [] : near.slice(0, 3).map((n, j) => ({ title: `Rename to \`${n}\``, edits: [renameKeyword(k, n)], preferred: j === 0, safe: near.length === 1 })),
      });
    }
  });
  return out;
}

export const rule: OfflineRule = {
  code: 'IS501',
  name: 'unknown-keyword',
  severity: 'error',
  summary: 'Keyword that ImageSpec does not accept (TypeError at import)',
  docs: {
    whatItDoes: 'Reports a keyword `ImageSpec` does not have (the same for a key of a YAML spec), and positional arguments past the dataclass\'s fields, judged against the flytekit release the project runs (config `flytekit-version`, a `.venv`, `uv.lock` / `poetry.lock`, an exact pin or the newest release inside a range in pyproject.toml or requirements*.txt; nothing pinned: the newest release read): a field that arrived in a later release is reported with that release, a misspelt one with the closest field, which the fix renames it to.',
    runtimeError: { when: 'import', error: '`TypeError: __init__() got an unexpected keyword argument` as soon as the module is imported' },
    why: '`ImageSpec` is a dataclass: an unknown keyword raises `TypeError: __init__() got an unexpected keyword argument` as soon as the module is imported, so `pyflyte run` and registration fail before anything is built. In YAML specs flytekit rejects the key the same way.',
    example: 'image = ImageSpec(name="etl", pacakges=["pandas"])',
    fixed: 'image = ImageSpec(name="etl", packages=["pandas"])',
  },
  fixSafety: { kind: 'mixed', note: 'Safe when exactly one field is close; several candidates are a guess.' },
  appliesTo: [{ sdk: 'flytekit' }, { sdk: 'flyte' }],
  declKinds: ['imagespec', 'flyte2'],
  check(decl, ctx) {
    if (isFlyte2(decl)) return flyteUnknown(decl, ctx);
    const pinned = flytekitOf(ctx, decl.file);
    // A release that cannot be known is judged only for names no release has.
    if (!pinned.version) return unknownKeywords(decl, 'unknown');
    return unknownKeywords(decl, pinned.version, pinned.how === 'newest' ? undefined : `the project runs (${pinned.source})`);
  },
};
