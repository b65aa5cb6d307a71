// The rule families ImageSpec and Flyte 2 share (RULES.md "Flyte 2 images"):
// a Flyte 2 image pushes to `registry/name:tag`, where `registry` is the
// last truthy `registry=` of its chain (constructor or `clone`), so the
// registry rules judge that argument, written in this declaration, with
// messages that say what Flyte 2 does. `withFlyte2` turns an ImageSpec rule
// into one that also checks Flyte 2 images, through a view of the image as
// a declaration with `registry` and `name` fields.
//
// What differs from ImageSpec, and where it is handled:
//  - Flyte 2 validates no registry or name and lowercases nothing: IS101 and
//    IS102 have their own Flyte 2 checks (in their rule files);
//  - the repository of an Artifact Registry path may sit in `name`
//    (`registry="us-docker.pkg.dev/proj", name="repo/img"`): the GAR rules
//    judge `registry` alone only when `name` holds no `/`;
//  - a missing registry is not IS109's on Flyte 2 (the config or
//    FLYTE_IMAGE_REGISTRY supplies it): IS109 never opts in.

import { isFlyte2, type FieldArg, type Flyte2Decl, type FlyteCall, type ImageDecl } from '../../server/model/decl';
import type { DeepCheck, DeepRule, OfflineRule, Rule, RuleContext, RuleFinding } from '../../server/engine/types';
import { callArg } from '../../server/flyte/fromDecl';

/** Python truthiness of a resolved value: undefined when it is not known. */
function truthy(a: FieldArg): boolean | undefined {
  const v = a.value;
  switch (v.kind) {
    case 'unknown':
      return undefined;
    case 'none':
      return false;
    case 'str':
      return v.value !== '';
    default:
      return true;
  }
}

/** The argument of `param` in the call, as a FieldArg (a positional one named after the parameter). */
function argOf(call: FlyteCall, param: string): FieldArg | undefined {
  const a = callArg(call, param);
  if (!a) return undefined;
  return a.arg ?? { name: param, nameRange: a.value.range, value: a.value, range: a.value.range, positional: true };
}

/**
 * The argument that decides `param` (`registry` or `name`) of the image:
 * the last truthy one of the chain (clone keeps the image's own when given a
 * falsy one), or the last one not known. Undefined when none is written.
 */
export function effectiveArg(decl: Flyte2Decl, param: 'registry' | 'name'): { arg: FieldArg; call: number } | undefined {
  const f = decl.flyte;
  if (f.role !== 'image') return undefined;
  let out: { arg: FieldArg; call: number } | undefined;
  f.calls.forEach((c, i) => {
    // The constructor (of a chain whose start is known) and clone set them.
    if (c.method !== 'clone' && !(i === 0 && f.complete)) return;
    const a = argOf(c, param);
    if (a && truthy(a) !== false) out = { arg: a, call: i };
  });
  return out;
}

/**
 * The image as the registry rules see it: a declaration with the `registry`
 * (and `name`) that decide where it is pushed, when this declaration writes
 * them. `gar`: the view for rules that read the repository path from
 * `registry` alone, which is undefined when `name` adds path segments.
 */
export function registryView(decl: Flyte2Decl, opts: { gar?: boolean } = {}): ImageDecl | undefined {
  if (decl.flyte.role !== 'image') return undefined;
  const own = decl.flyte.role === 'image' ? decl.flyte.ownFrom : 0;
  const reg = effectiveArg(decl, 'registry');
  const name = effectiveArg(decl, 'name');
  if (!reg || reg.call < own) return undefined;
  if (opts.gar && name && (name.arg.value.kind !== 'str' || name.arg.value.value.includes('/'))) return undefined;
  const fields: FieldArg[] = [{ ...reg.arg, name: 'registry' }];
  if (name && name.call >= own) fields.push({ ...name.arg, name: 'name' });
  return { ...decl, fields, chain: [] };
}

/** ImageSpec wording -> Flyte 2 wording, for messages whose meaning is the same (where the image is pushed). */
export function flyteWording(message: string): string {
  return message
    .replace(/\bflytekit would push\b/g, 'Flyte 2 would push')
    .replace(/\bflytekit pushes\b/g, 'Flyte 2 pushes')
    .replace(/\bflytekit\b/g, 'Flyte 2')
    .replace(/\bthe ImageSpec\b/g, 'the image')
    .replace(/\bImageSpec\b/g, 'flyte.Image')
    .replace(/\bpyflyte run\b/g, 'flyte run')
    .replace(/\bpyflyte\b/g, 'flyte');
}

function reword(findings: RuleFinding[]): RuleFinding[] {
  return findings.map((f) => ({ ...f, message: flyteWording(f.message) }));
}

/**
 * An ImageSpec rule that also checks Flyte 2 images (through registryView,
 * messages reworded). `gar`: the rule reads the repository path.
 */
export function withFlyte2<R extends Rule>(rule: R, opts: { gar?: boolean; gate?: (decl: Flyte2Decl, ctx: RuleContext) => boolean } = {}): R {
  const view = (decl: ImageDecl, ctx: RuleContext): ImageDecl | undefined => {
    if (!isFlyte2(decl)) return decl;
    if (opts.gate && !opts.gate(decl, ctx)) return undefined;
    return registryView(decl, opts);
  };
  const kinds = ['imagespec', 'flyte2'] as const;
  if (rule.deep) {
    const deep: DeepRule = rule;
    const check: DeepCheck = async (decl, ctx) => {
      const d = view(decl, ctx);
      if (!d) return [];
      const out = await deep.check(d, ctx);
      return isFlyte2(decl) ? reword(out) : out;
    };
    return { ...rule, declKinds: kinds, check };
  }
  const offline: OfflineRule = rule;
  const inner = offline.deepCheck;
  const deepCheck: DeepCheck | undefined = inner
    ? async (decl, ctx) => {
        const d = view(decl, ctx);
        if (!d) return [];
        const out = await inner.call(offline, d, ctx);
        return isFlyte2(decl) ? reword(out) : out;
      }
    : undefined;
  const wrapped: OfflineRule = {
    ...offline,
    declKinds: kinds,
    check(decl, ctx) {
      const d = view(decl, ctx);
      if (!d) return [];
      const out = offline.check(d, ctx);
      return isFlyte2(decl) ? reword(out) : out;
    },
    ...(deepCheck ? { deepCheck } : {}),
  };
  return wrapped as R;
}
