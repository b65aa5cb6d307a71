// Uppercase is not reported here: flytekit lowercases it (IS102 warns). The
// grammar is the distribution reference grammar in server/model/imageRef.ts.

import { field } from '../server/model/decl';
import type { OfflineRule, RuleFinding } from '../server/engine/types';
import { shown, strFix, strSubRange } from '../server/engine/ruleKit';
import { pyLower } from '../server/flytekit/pyrepr';
import { checkImagePath, NAME_TOTAL_LENGTH_MAX, normalizeImagePath } from '../server/model/imageRef';

export const rule: OfflineRule = {
  code: 'IS503',
  name: 'image-name-invalid',
  severity: 'error',
  summary: '`name` is not a valid image name after lowercasing',
  docs: {
    whatItDoes: 'Reports a `name` that is not a valid image repository path once flytekit has lowercased it: `/`-separated components of lowercase letters and digits joined by `.`, `_`, `__` or dashes, at most 255 characters; or a `name` that is not a string at all.',
    runtimeError: { when: 'build', error: '`docker build` fails with "invalid reference format"; a name that is not a string raises AttributeError when the ImageSpec is created' },
    why:
      'flytekit lowercases `name` and tags the image `REGISTRY/NAME:TAG`. NAME must be a repository path: `/`-separated components of lowercase letters and digits, joined by `.`, `_`, `__` or dashes, not starting or ending with a separator. Spaces, `:`, `@` and other characters make `docker build` fail with "invalid reference format"; the tag is computed by flytekit (shape it with `tag_format`).',
    example: 'image = ImageSpec(name="my etl image:v1", registry="ghcr.io/acme")',
    fixed: 'image = ImageSpec(name="my-etl-image-v1", registry="ghcr.io/acme")',
  },
  fixSafety: { kind: 'unsafe', note: 'The fix proposes a normalized name; renaming the image is the user\'s choice.' },
  appliesTo: [{ sdk: 'flytekit' }],
  check(decl, ctx) {
    const f = field(decl, 'name');
    if (!f) return [];
    const v = f.value;
    if (v.kind === 'unknown') return [];
    if (v.kind !== 'str') {
      const none = v.kind === 'none';
      return [
        {
          range: v.range,
          message: `name must be a string: flytekit calls \`name.lower()\`, which raises AttributeError on ${none ? (decl.source === 'yaml' ? 'null' : 'None') : `a ${v.kind === 'num' ? 'number' : v.kind === 'bool' ? 'boolean' : v.kind}`} when the spec is created. Quote it or remove it (the default name is "flytekit")`,
        },
      ];
    }
    const lower = pyLower(v.value);
    const out: RuleFinding[] = [];
    const p = checkImagePath(lower);
    if (p) {
      const fixed = normalizeImagePath(v.value);
      const sameOffsets = lower.length === v.value.length;
      const range = sameOffsets && p.end > p.start ? strSubRange(v, p.start, p.end, ctx.lines) : v.range;
      const tagHint = /[:@]/.test(lower) ? '; the tag is computed by flytekit (shape it with `tag_format`)' : '';
      const fix = fixed ? strFix(decl, v, fixed, `Use name \`${fixed}\``, { preferred: true, safe: false }) : undefined;
      out.push({
        range,
        message:
          `name ${shown(v)} is not a valid image name${lower !== v.value ? ' (after lowercasing)' : ''}: ${p.message}. ` +
          `The image is tagged NAME:TAG, so \`docker build\` fails with "invalid reference format"${tagHint}` +
          (fixed ? `; use \`${fixed}\`` : ''),
        fixes: fix ? [fix] : [],
      });
      return out;
    }
    if (lower.length > NAME_TOTAL_LENGTH_MAX) {
      out.push({
        range: v.range,
        message: `name ${shown(v)} is ${lower.length} characters long: an image name has at most ${NAME_TOTAL_LENGTH_MAX}, so the build fails. Use a shorter name`,
      });
    }
    return out;
  },
};
