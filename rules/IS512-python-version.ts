// Only a number written at the use site can be replaced by the string as
// written; for a constant, its name would be inlined, so no fix. An empty
// string is falsy: flytekit then uses the local Python version.

import { field, type ImageDecl, type NumValue, type StrValue } from '../server/model/decl';
import type { Fix, OfflineRule, RuleContext, RuleFinding } from '../server/engine/types';
import { literalFor, shown, strFix, strSubRange } from '../server/engine/ruleKit';

const PYTHON_VERSION_RE = /^\d+\.\d+(?:\.\d+)?$/;

/** How Python (and PyYAML) print a float, for the common cases: 3.10 -> "3.1". */
function floatText(x: number): string {
  const s = String(x);
  return Number.isInteger(x) ? `${s}.0` : s;
}

function numberFinding(decl: ImageDecl, v: NumValue, ctx: RuleContext): RuleFinding {
  const lang = decl.source === 'yaml' ? 'YAML' : 'Python';
  const fixes: Fix[] = [];
  // Only a number written at the use site can be replaced by the string as
  // written; a constant's name would be inlined.
  const atUse = ctx.lines.slice(v.range) === v.text;
  if (!v.isFloat) {
    return {
      range: v.range,
      message: `python_version is the integer ${v.text}, not a version string: flytekit needs a string "X.Y" such as "3.11" and the build fails with ${v.text}. Write the version as a quoted string`,
    };
  }
  const read = floatText(v.value);
  if (atUse && PYTHON_VERSION_RE.test(v.text)) {
    fixes.push({
      title: `Quote the version: ${literalFor(decl, v.text, '"')}`,
      edits: [{ range: v.range, newText: literalFor(decl, v.text, '"') }],
      preferred: true,
      safe: true,
    });
  }
  const message =
    read !== v.text
      ? `python_version is the number ${v.text}, which ${lang} reads as the float ${read}: flytekit asks for Python ${read} and the build fails. Write it as a string: "${v.text}"`
      : `python_version is the number ${v.text}, not a string: it works only while the float prints the same (3.10 would become 3.1). Write it as a string: "${v.text}"`;
  return { range: v.range, message, fixes };
}

function stringFinding(decl: ImageDecl, v: StrValue, ctx: RuleContext): RuleFinding | undefined {
  if (v.value === '' || PYTHON_VERSION_RE.test(v.value)) return undefined;
  const fixes: Fix[] = [];
  const m = /^\s*(?:python|py|v)?\s*(\d+\.\d+(?:\.\d+)?)\s*$/i.exec(v.value);
  if (m) {
    const fix = strFix(decl, v, m[1], `Use "${m[1]}"`, { preferred: true, safe: false });
    if (fix) fixes.push(fix);
  }
  return {
    range: strSubRange(v, 0, v.value.length, ctx.lines),
    message:
      `python_version ${shown(v)} is not a Python version of the form X.Y or X.Y.Z such as "3.11": the builder installs \`python=${v.value}\`, which does not resolve, and the build fails` +
      (m ? `; use "${m[1]}"` : ''),
    fixes,
  };
}

export const rule: OfflineRule = {
  code: 'IS512',
  name: 'python-version',
  severity: 'error',
  summary: '`python_version` is not a string `X.Y[.Z]` (a number like 3.10 becomes the float 3.1)',
  docs: {
    whatItDoes: 'Reports a `python_version` that is not a string `X.Y[.Z]`: a number (`3.10` is the float 3.1, in Python and in YAML alike; `3.11` works only by accident), a malformed string (`"3.x"`, `"python3.11"`), or another type.',
    runtimeError: { when: 'build', error: 'the builder asks for `python=<version>` that does not resolve (`3.10` becomes Python 3.1) and the build fails' },
    why:
      '`python_version` is a string. Written as a number, `3.10` is the float 3.1, in Python and in YAML alike, so flytekit asks the builder for Python 3.1 and the build fails; `3.11` works only by accident. A malformed string (`"3.x"`, `"python3.11"`) cannot be resolved either. Quote the version as written: `"3.10"`.',
    example: 'image = ImageSpec(name="etl", python_version=3.10)',
    fixed: 'image = ImageSpec(name="etl", python_version="3.10")',
  },
  fixSafety: { kind: 'mixed', note: 'Quoting a number as written is safe; extracting the version from a malformed string is a guess.' },
  appliesTo: [{ sdk: 'flytekit' }],
  check(decl, ctx) {
    const f = field(decl, 'python_version');
    if (!f) return [];
    const v = f.value;
    switch (v.kind) {
      case 'num':
        return [numberFinding(decl, v, ctx)];
      case 'str': {
        const out = stringFinding(decl, v, ctx);
        return out ? [out] : [];
      }
      case 'none':
      case 'unknown':
        return [];
      default:
        return [
          {
            range: v.range,
            message: `python_version must be a version string such as "3.11", not a ${v.kind === 'bool' ? 'boolean' : v.kind === 'spec' ? 'spec' : v.kind}: the build fails. Write the version as a quoted string`,
          },
        ];
    }
  },
};
