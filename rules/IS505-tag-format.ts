// scanFormat follows Python's str.format parser; a formatted sample tag
// (with a spec hash of the right shape) is checked against the tag grammar,
// and the underline goes back to the template where the bad characters are
// literal text.

import { fieldStr, type StrValue } from '../server/model/decl';
import type { Fix, OfflineRule, RuleFinding } from '../server/engine/types';
import { closest, shown, strFix, strSubRange } from '../server/engine/ruleKit';
import type { ImageDecl } from '../server/model/decl';
import type { LineIndex } from '../server/model/position';
import { pyFormat } from '../server/flytekit/pyrepr';
import { checkTag } from '../server/model/imageRef';
import { flytekitSince } from './shared/sdkRange';

interface Placeholder {
  /** The field name before any `!conv`, `:spec`, `.attr` or `[index]`. */
  name: string;
  /** Offsets of the whole `{...}`. */
  start: number;
  end: number;
}

type Scan = { placeholders: Placeholder[]; error?: { start: number; end: number; message: string } };

/** The replacement fields of a str.format template, as Python's parser finds them. */
export function scanFormat(t: string): Scan {
  const placeholders: Placeholder[] = [];
  let i = 0;
  while (i < t.length) {
    const c = t[i];
    if (c === '}') {
      if (t[i + 1] === '}') {
        i += 2;
        continue;
      }
      return { placeholders, error: { start: i, end: i + 1, message: `a single "}" raises ValueError ("Single '}' encountered in format string"); write "}}" for a literal brace` } };
    }
    if (c !== '{') {
      i++;
      continue;
    }
    if (t[i + 1] === '{') {
      i += 2;
      continue;
    }
    let depth = 1;
    let j = i + 1;
    while (j < t.length && depth > 0) {
      if (t[j] === '{') depth++;
      else if (t[j] === '}') depth--;
      if (depth > 0) j++;
    }
    if (depth > 0) {
      return { placeholders, error: { start: i, end: i + 1, message: `this "{" is never closed, which raises ValueError; write "{{" for a literal brace` } };
    }
    const body = t.slice(i + 1, j);
    placeholders.push({ name: /^[^!:.[]*/.exec(body)![0], start: i, end: j + 1 });
    i = j + 1;
  }
  return { placeholders };
}

/** A spec hash as flytekit makes it: url-safe base64 of an md5, "-" replaced by "_", 22 characters. */
const SAMPLE_HASH = 'Ab0_Ab0_Ab0_Ab0_Ab0_Ab';

function badPlaceholder(decl: ImageDecl, v: StrValue, p: Placeholder, hasHash: boolean, lines: LineIndex): RuleFinding {
  const shownField = v.value.slice(p.start, p.end);
  const err = p.name === '' || /^\d+$/.test(p.name) ? 'IndexError (there are no positional arguments)' : `KeyError: '${p.name}'`;
  const fixes: Fix[] = [];
  const typo = !hasHash && p.name !== '' && closest(p.name, ['spec_hash'], 3).length > 0;
  if (typo) {
    const fixed = v.value.slice(0, p.start) + '{spec_hash}' + v.value.slice(p.end);
    const fix = strFix(decl, v, fixed, 'Use `{spec_hash}`', { preferred: true, safe: false });
    if (fix) fixes.push(fix);
  }
  return {
    range: strSubRange(v, p.start, p.end, lines),
    severity: 'error',
    message:
      `tag_format ${shown(v)} uses \`${shownField}\`, but flytekit formats it with spec_hash only: computing the tag raises ${err}, so every build and registration fails` +
      (typo ? '; did you mean `{spec_hash}`?' : '. Only `{spec_hash}` is available'),
    fixes,
  };
}

export const rule: OfflineRule = {
  code: 'IS505',
  name: 'tag-format',
  severity: 'warning',
  summary: '`tag_format` without `{spec_hash}` (every build gets the same tag); E for any other placeholder',
  docs: {
    whatItDoes: 'Reports a `tag_format` without `{spec_hash}` (a warning: every build gets the same tag), and as errors any other placeholder (`{version}`, `{}`, `{0}`), an unbalanced brace, or a format that yields an invalid tag.',
    runtimeError: { when: 'tag', error: 'without `{spec_hash}` a changed spec is never rebuilt where the tag already exists; other placeholders raise KeyError, IndexError or ValueError when the tag is computed, so every build and registration fails' },
    why:
      'flytekit tags the image with `tag_format.format(spec_hash=HASH)`. Without `{spec_hash}` the tag never changes, so once it exists in the registry flytekit never rebuilds the image and a changed spec runs on stale contents. `{spec_hash}` is the only name formatted in: any other placeholder, `{}` or an unbalanced brace raises when the tag is computed, which fails every build and registration.',
    example: 'image = ImageSpec(name="etl", registry="ghcr.io/acme", tag_format="dev")',
    fixed: 'image = ImageSpec(name="etl", registry="ghcr.io/acme", tag_format="dev-{spec_hash}")',
  },
  fixSafety: { kind: 'unsafe', note: 'Appending `-{spec_hash}` or correcting a misspelt placeholder changes the tags the images get.' },
  appliesTo: [flytekitSince('`tag_format`', (b) => b.fields.includes('tag_format'))],
  check(decl, ctx) {
    const v = fieldStr(decl, 'tag_format');
    // An empty tag_format is falsy: flytekit uses the bare hash.
    if (!v || v.value === '') return [];
    const scan = scanFormat(v.value);
    if (scan.error) {
      return [
        {
          range: strSubRange(v, scan.error.start, scan.error.end, ctx.lines),
          severity: 'error',
          message: `tag_format ${shown(v)} is not a valid format string: ${scan.error.message}. Computing the tag fails, so every build and registration fails`,
        },
      ];
    }
    const hasHash = scan.placeholders.some((p) => p.name === 'spec_hash');
    const bad = scan.placeholders.filter((p) => p.name !== 'spec_hash');
    if (bad.length) return bad.map((p) => badPlaceholder(decl, v, p, hasHash, ctx.lines));
    if (!hasHash) {
      const fix = strFix(decl, v, `${v.value}-{spec_hash}`, 'Append `-{spec_hash}`', { preferred: true, safe: false });
      return [
        {
          range: strSubRange(v, 0, v.value.length, ctx.lines),
          message: `tag_format ${shown(v)} has no \`{spec_hash}\`: every build gets the same tag, so once it exists flytekit never rebuilds and a changed spec runs on the old image. Add \`{spec_hash}\`, e.g. "${v.value}-{spec_hash}"`,
          fixes: fix ? [fix] : [],
        },
      ];
    }
    // The formatted tag must be a valid tag.
    const formatted = pyFormat(v.value, { spec_hash: SAMPLE_HASH });
    if (!formatted.ok) return [];
    const p = checkTag(formatted.value);
    if (!p) return [];
    // Map the offending characters back to the template when they are literal text there.
    const badText = formatted.value.slice(p.start, p.end);
    const at = badText ? v.value.indexOf(badText) : -1;
    const literal = at !== -1 && !scan.placeholders.some((ph) => at < ph.end && ph.start < at + badText.length);
    return [
      {
        range: literal ? strSubRange(v, at, at + badText.length, ctx.lines) : strSubRange(v, 0, v.value.length, ctx.lines),
        severity: 'error',
        message: `tag_format ${shown(v)} makes tags like "${formatted.value}", which is not a valid tag: ${p.message}. The build fails with "invalid reference format"`,
      },
    ];
  },
};
