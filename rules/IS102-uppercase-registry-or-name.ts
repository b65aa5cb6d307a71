// A registry IS101 reports is left to IS101 (its fix keeps case; this rule
// speaks once the registry is well formed). `name` is checked whatever else
// is wrong with it: lowercasing is right either way, so the fix is always
// safe.

import type { ImageDecl, StrValue } from '../server/model/decl';
import type { LineIndex } from '../server/model/position';
import { fieldStr, isFlyte2, type Flyte2Decl } from '../server/model/decl';
import type { OfflineRule, RuleContext, RuleFinding } from '../server/engine/types';
import { registryView } from './shared/flyte2Family';
import { shown, strSubRange } from '../server/engine/ruleKit';
import { checkedRegistry, registryFix } from './shared/registry';

function uppercaseSpan(s: string): [number, number] | undefined {
  let start = -1;
  let end = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== c.toLowerCase()) {
      if (start < 0) start = i;
      end = i + 1;
    }
  }
  return start < 0 ? undefined : [start, end];
}

function finding(decl: ImageDecl, v: StrValue, field: 'registry' | 'name', lines: LineIndex): RuleFinding | undefined {
  const span = uppercaseSpan(v.value);
  if (!span) return undefined;
  const lower = v.value.toLowerCase();
  const what =
    field === 'registry'
      ? `flytekit lowercases \`registry\`, so the image is pushed to \`${lower}\`, not ${shown(v)}`
      : `flytekit lowercases \`name\`, so the image is named \`${lower}\`, not ${shown(v)}`;
  const fix = registryFix(decl, v, lower, `Write \`${lower}\``, { preferred: true, safe: true });
  return {
    range: strSubRange(v, span[0], span[1], lines),
    message: `${what}; write it in lowercase so the source says what is pushed`,
    fixes: fix ? [fix] : [],
  };
}

/**
 * Flyte 2 lowercases nothing: uppercase in the registry's path or in `name`
 * makes `registry/name:tag` an invalid reference ("repository name must be
 * lowercase"), so the build fails. A registry host may hold uppercase.
 */
function flyteCheck(fdecl: Flyte2Decl, ctx: RuleContext): RuleFinding[] {
  const decl = registryView(fdecl);
  if (!decl) return [];
  const out: RuleFinding[] = [];
  const reg = checkedRegistry(decl);
  if (reg) {
    const from = reg.p.host.end;
    const span = uppercaseSpan(reg.v.value.slice(from));
    if (span) {
      const lower = reg.v.value.slice(0, from) + reg.v.value.slice(from).toLowerCase();
      const fix = registryFix(decl, reg.v, lower, `Write \`${lower}\``, { preferred: true, safe: false });
      out.push({
        range: strSubRange(reg.v, from + span[0], from + span[1], ctx.lines),
        message: `\`registry\` ${shown(reg.v)} has uppercase in its path: Flyte 2 does not lowercase it, and an image reference with uppercase in its repository path is invalid, so the build fails; write \`${lower}\``,
        severity: 'error',
        fixes: fix ? [fix] : [],
      });
    }
  }
  const name = fieldStr(decl, 'name');
  const span = name && uppercaseSpan(name.value);
  if (name && span) {
    const lower = name.value.toLowerCase();
    const fix = registryFix(decl, name, lower, `Write \`${lower}\``, { preferred: true, safe: false });
    out.push({
      range: strSubRange(name, span[0], span[1], ctx.lines),
      message: `\`name\` ${shown(name)} has uppercase: Flyte 2 does not lowercase it, and an image reference with uppercase in its repository path is invalid, so the build fails; write \`${lower}\``,
      severity: 'error',
      fixes: fix ? [fix] : [],
    });
  }
  return out;
}

export const rule: OfflineRule = {
  code: 'IS102',
  name: 'uppercase-registry-or-name',
  severity: 'warning',
  summary: 'Uppercase in `registry` or `name` (flytekit lowercases both silently)',
  docs: {
    whatItDoes: 'Reports uppercase letters in `registry` or `name`, underlining them. flytekit lowercases both when the ImageSpec is created, without a word, so the image is pushed under a name that is not the one in the source.',
    why:
      'flytekit lowercases `registry` and `name` when the ImageSpec is created, because image references cannot contain ' +
      'uppercase. Nothing tells you: the image is pushed as `ghcr.io/myorg/myimage` while the source says ' +
      '`ghcr.io/MyOrg/MyImage`, and searches, pull commands and IAM paths written from the source miss it.',
    example: 'image = ImageSpec(name="MyImage", registry="ghcr.io/MyOrg")',
    fixed: 'image = ImageSpec(name="myimage", registry="ghcr.io/myorg")',
  },
  fixSafety: { kind: 'safe', note: 'The fix writes the value in lowercase, which is what flytekit pushes anyway.' },
  appliesTo: [{ sdk: 'flytekit', since: '1.10.0', note: 'flytekit lowercases registry and name since 1.10.0 (flyteorg/flytekit@c62ca7a13)' }],
  declKinds: ['imagespec', 'flyte2'],
  check(decl, ctx) {
    if (isFlyte2(decl)) return flyteCheck(decl, ctx);
    const out: RuleFinding[] = [];
    const reg = checkedRegistry(decl);
    if (reg) {
      const f = finding(decl, reg.v, 'registry', ctx.lines);
      if (f) out.push(f);
    }
    const name = fieldStr(decl, 'name');
    if (name) {
      const f = finding(decl, name, 'name', ctx.lines);
      if (f) out.push(f);
    }
    return out;
  },
};
