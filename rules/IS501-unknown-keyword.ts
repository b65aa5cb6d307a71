// IS501: a keyword ImageSpec does not have. The dataclass constructor raises
// TypeError when the module is imported, so registration fails before any
// build; the fix renames the keyword to the closest field.

import type { OfflineRule, RuleFinding } from '../server/engine/types';
import { FIELD_NAMES } from '../server/flytekit/fields';
import { closest, renameKeyword } from '../server/engine/ruleKit';

export const rule: OfflineRule = {
  code: 'IS501',
  name: 'unknown-keyword',
  severity: 'error',
  summary: 'Keyword that ImageSpec does not accept (TypeError at import)',
  docs: {
    why: '`ImageSpec` is a dataclass: an unknown keyword raises `TypeError: __init__() got an unexpected keyword argument` as soon as the module is imported, so `pyflyte run` and registration fail before anything is built. In YAML specs flytekit rejects the key the same way.',
    example: 'image = ImageSpec(name="etl", pacakges=["pandas"])',
    fixed: 'image = ImageSpec(name="etl", packages=["pandas"])',
  },
  check(decl) {
    const out: RuleFinding[] = [];
    for (const f of decl.fields) {
      if (f.positional) {
        if (f.name.startsWith('#')) {
          out.push({
            range: f.range,
            message: `ImageSpec takes at most ${FIELD_NAMES.length} positional arguments; this one raises TypeError at import. Pass fields by keyword`,
          });
        }
        continue;
      }
      if (FIELD_NAMES.includes(f.name)) continue;
      const candidates = closest(f.name, FIELD_NAMES, Math.max(2, Math.floor(f.name.length / 3)));
      const taken = new Set(decl.fields.map((x) => x.name));
      const usable = candidates.filter((c) => !taken.has(c));
      out.push({
        range: f.nameRange,
        message:
          `ImageSpec has no field \`${f.name}\`: importing this module raises TypeError` +
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
  },
};
