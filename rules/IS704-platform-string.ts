// _get_default_image_for (I:692-760) stores `platform` as given, so a str
// stays a str and the builders join its characters (",".join(platform));
// clone() and from_dockerfile() run _ensure_tuple on it (a str becomes a
// 1-tuple). `Architecture = Literal["linux/amd64", "linux/arm64"]` is only a
// type hint: nothing checks the values. from_pixi_script (which rejects
// other platforms) is in no tagged release read, so it is not judged here.

import type { Fix, OfflineRule, RuleFinding } from '../server/engine/types';
import type { ArgValue } from '../server/flyte/value';
import { truth, type ArgRef, type BoundCall, type ChainView } from './shared/flyteChain';
import { flyteSince, ownBoundCalls } from './shared/flyteView';

const ARCHITECTURES = ['linux/amd64', 'linux/arm64'];
/** Methods that keep a str platform as a str. */
const KEEPS_STR = ['from_debian_base', 'from_uv_script'];

export interface PlatformProblem {
  ref: ArgRef;
  kind: 'string' | 'unknown-arch';
  /** The platform string (for 'string'), or the unknown value. */
  value: string;
  /** For 'unknown-arch' inside a tuple: the item's index. */
  item?: number;
}

/** The platform problems of one call. */
export function platformProblems(call: BoundCall): PlatformProblem[] {
  const given = call.args.get('platform');
  if (!given) return [];
  const v = given.value;
  if (v.kind === 'str') {
    if (KEEPS_STR.includes(call.method)) return truth(v) ? [{ ref: given.ref, kind: 'string', value: v.value }] : [];
    return v.value && !ARCHITECTURES.includes(v.value) ? [{ ref: given.ref, kind: 'unknown-arch', value: v.value }] : [];
  }
  if (v.kind !== 'tuple' && v.kind !== 'list') return [];
  const out: PlatformProblem[] = [];
  v.items.forEach((x: ArgValue, i) => {
    if (x.kind === 'str' && !ARCHITECTURES.includes(x.value)) out.push({ ref: given.ref, kind: 'unknown-arch', value: x.value, item: i });
  });
  return out;
}

/** `"linux/amd64"` -> `("linux/amd64",)`, keeping the literal as written. */
export function tupleFix(view: ChainView, text: (r: ArgRef) => string | undefined, p: PlatformProblem): Fix | undefined {
  const v = view.argValue(p.ref);
  const src = text(p.ref);
  if (!v || src === undefined) return undefined;
  return { title: `Pass a tuple: \`(${src},)\``, edits: [{ range: v.range, newText: `(${src},)` }], preferred: true, safe: true };
}

export const rule: OfflineRule = {
  code: 'IS704',
  name: 'platform-string',
  severity: 'error',
  summary: '`platform` a string where a Flyte 2 image wants a tuple, or a platform no builder targets',
  docs: {
    whatItDoes:
      'Reports `platform="linux/amd64"` (a string) in `Image.from_debian_base` and `Image.from_uv_script`, which keep it as a ' +
      'string, so each of its characters becomes a platform (error); and, as a warning, a platform other than `linux/amd64` ' +
      'and `linux/arm64` anywhere (`clone`, `from_dockerfile`, tuples).',
    why:
      'These constructors store `platform` as given, and the builders join it with commas: the string "linux/amd64" becomes ' +
      '`--platform l,i,n,u,x,/,a,m,d,6,4`, and the build fails. `clone()` and `from_dockerfile()` turn a string into a one-element ' +
      'tuple, so a string is fine there. Flyte\'s images and builders target `linux/amd64` and `linux/arm64` only; nothing checks the value ' +
      'before the build.',
    runtimeError: { when: 'build', error: 'the build is asked for the platforms `l,i,n,u,x,/,a,m,d,6,4` and fails (docker: invalid platform)' },
    example: 'image = flyte.Image.from_debian_base(name="etl", platform="linux/amd64")',
    fixed: 'image = flyte.Image.from_debian_base(name="etl", platform=("linux/amd64",))',
  },
  fixSafety: { kind: 'safe', note: 'Wrapping the string in a one-element tuple builds for the platform it names. Unknown platforms get no fix.' },
  appliesTo: [flyteSince('2.0.0', 'from_debian_base and from_uv_script store platform as given', 'v2.6.5:src/flyte/_image.py:692-760')],
  declKinds: ['flyte2'],
  check(decl, ctx) {
    const own = ownBoundCalls(decl, ctx);
    if (!own) return [];
    const { view } = own;
    const out: RuleFinding[] = [];
    const text = (r: ArgRef) => {
      const v = view.argValue(r);
      return v ? ctx.lines.slice(v.range) : undefined;
    };
    for (const call of own.calls) {
      for (const p of platformProblems(call)) {
        const v = view.argValue(p.ref);
        const range = v?.kind === 'list' && p.item !== undefined ? v.items[p.item]?.range ?? v.range : v?.range ?? view.nameRange(call.index);
        if (p.kind === 'string') {
          const chars = [...p.value].join(',');
          const fix = tupleFix(view, text, p);
          out.push({
            range,
            message:
              `\`${call.method}\` keeps \`platform\` as given, so the string "${p.value}" is used character by character: ` +
              `the build is asked for the platforms \`${chars}\` and fails. Pass a tuple: \`("${p.value}",)\``,
            fixes: fix ? [fix] : [],
          });
        } else {
          out.push({
            range,
            severity: 'warning',
            message: `platform "${p.value}" is neither \`linux/amd64\` nor \`linux/arm64\`, the platforms Flyte's images and builders target: the build or the pull is likely to fail`,
          });
        }
      }
    }
    return out;
  },
};
