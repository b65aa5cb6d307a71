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
//    FLYTE_IMAGE_REGISTRY supplies it): IS109 never opts in;
//  - an image that names no registry anywhere in its chain is pushed, by the
//    local builder, to the push registry of the config flyte finds or of
//    FLYTE_IMAGE_REGISTRY (image_builder.py:305-307): the rules judge that
//    registry, once per file, at the call that makes the image, with no text
//    edit (the text to change is in the config) and the source named.

import { isFlyte2, type FieldArg, type Flyte2Decl, type FlyteCall, type ImageDecl } from '../../server/model/decl';
import type { Range } from '../../server/model/position';
import type { DeepCheck, DeepRule, OfflineRule, Rule, RuleContext, RuleFinding } from '../../server/engine/types';
import { callArg } from '../../server/flyte/fromDecl';
import { flyteResult, flyteSettingsOf } from './flyte2';

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

/** A view whose registry comes from outside the file: where findings go and what to add to their messages. */
interface ConfigRegistry {
  decl: ImageDecl;
  anchor: Range;
  from: string;
  registry: string;
}

/**
 * Whether flyte builds (and so pushes) the image, read from the chain where
 * evaluating it stops at something not known (most often the Python version
 * a default base follows): any call after the constructor clones it, and so
 * do `from_debian_base` with a name or `install_flyte=False`,
 * `from_uv_script` and `from_dockerfile` (uri.ts's constructors). Undefined
 * when it cannot be told.
 */
function builtByShape(decl: Flyte2Decl): boolean | undefined {
  const f = decl.flyte;
  if (f.role !== 'image') return undefined;
  if (f.calls.length > 1) return true;
  const ctor = f.calls[0];
  switch (ctor.method) {
    case 'from_uv_script':
    case 'from_dockerfile':
      return true;
    case 'from_base':
    case 'from_ref_name':
      return false;
    case 'from_debian_base': {
      const name = argOf(ctor, 'name');
      const install = argOf(ctor, 'install_flyte');
      const named = name ? truthy(name) : false;
      const slim = install ? truthy(install) === false : false;
      if (named === true || slim) return true;
      return named === false && (!install || truthy(install) === true) ? false : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The image as the registry rules see it when it names no registry and the
 * local builder pushes it to the configured push registry. Undefined when
 * the image names a registry (or may: a chain whose start is not known),
 * is not built (a released default image is only pulled), raises, or when
 * the builder or the push registry is not known: flyte.init(image_registry=)
 * or a config outside the project could decide then.
 */
export function configRegistryView(decl: Flyte2Decl, ctx: RuleContext, opts: { gar?: boolean } = {}): ConfigRegistry | undefined {
  const f = decl.flyte;
  if (f.role !== 'image' || !f.complete || !f.calls.length || effectiveArg(decl, 'registry')) return undefined;
  const { config } = flyteSettingsOf(ctx, decl.file);
  const push = config.pushRegistry;
  if (typeof push !== 'string' || !push || config.builder !== 'local') return undefined;
  // Code in this file that passes its own push registry to flyte.init wins over the config.
  if (ctx.perFile(`flyte2-init-registry\0${decl.file}`, () => /\bimage_registry\s*=/.test(ctx.lines.text))) return undefined;
  const res = flyteResult(decl, ctx);
  const built = res.kind === 'uri' ? res.built : res.kind === 'unknown' ? builtByShape(decl) : false;
  if (!built) return undefined;
  const name = effectiveArg(decl, 'name');
  if (opts.gar && name && (name.arg.value.kind !== 'str' || name.arg.value.value.includes('/'))) return undefined;
  const anchor = f.calls[Math.min(f.ownFrom, f.calls.length - 1)].nameRange;
  const value = { kind: 'str' as const, value: push, range: anchor };
  const fields: FieldArg[] = [{ name: 'registry', nameRange: anchor, value, range: anchor, positional: false }];
  if (name && name.call >= f.ownFrom) fields.push({ ...name.arg, name: 'name' });
  return { decl: { ...decl, fields, chain: [] }, anchor, from: config.image.registry.from, registry: push };
}

/** Findings on a configured registry: at the image's call, without text edits, once per file and message, saying where the registry comes from. */
function onConfigRegistry(findings: RuleFinding[], code: string, cfg: ConfigRegistry, ctx: RuleContext): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const f of findings) {
    if (!ctx.once(`${code}\0config registry\0${cfg.decl.file}\0${f.message}`)) continue;
    // Edits would land on the call, not on the registry in the config; a command (create the repository) still helps.
    const fixes = (f.fixes ?? []).filter((x) => !x.edits.length && x.command);
    out.push({
      range: cfg.anchor,
      message: `${f.message} (the image names no registry: the local builder pushes it to \`${cfg.registry}\`, from ${cfg.from})`,
      ...(fixes.length ? { fixes } : {}),
      ...(f.severity ? { severity: f.severity } : {}),
    });
  }
  return out;
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
  // The declaration the rule judges, and how its findings become Flyte 2 ones.
  const view = (decl: ImageDecl, ctx: RuleContext): { d: ImageDecl; post: (out: RuleFinding[]) => RuleFinding[] } | undefined => {
    if (!isFlyte2(decl)) return { d: decl, post: (out) => out };
    if (opts.gate && !opts.gate(decl, ctx)) return undefined;
    const own = registryView(decl, opts);
    if (own) return { d: own, post: reword };
    const cfg = configRegistryView(decl, ctx, opts);
    if (cfg) return { d: cfg.decl, post: (out) => onConfigRegistry(reword(out), rule.code, cfg, ctx) };
    return undefined;
  };
  const kinds = ['imagespec', 'flyte2'] as const;
  if (rule.deep) {
    const deep: DeepRule = rule;
    const check: DeepCheck = async (decl, ctx) => {
      const v = view(decl, ctx);
      return v ? v.post(await deep.check(v.d, ctx)) : [];
    };
    return { ...rule, declKinds: kinds, check };
  }
  const offline: OfflineRule = rule;
  const inner = offline.deepCheck;
  const deepCheck: DeepCheck | undefined = inner
    ? async (decl, ctx) => {
        const v = view(decl, ctx);
        return v ? v.post(await inner.call(offline, v.d, ctx)) : [];
      }
    : undefined;
  const wrapped: OfflineRule = {
    ...offline,
    declKinds: kinds,
    check(decl, ctx) {
      const v = view(decl, ctx);
      return v ? v.post(offline.check(v.d, ctx)) : [];
    },
    ...(deepCheck ? { deepCheck } : {}),
  };
  return wrapped as R;
}
