// The one place the IS406 / IS7xx rules read a Flyte 2 declaration
// (server/model/decl.ts's Flyte2Decl, as the Flyte 2 extractor writes it):
// its chain as a ChainView (rules/shared/flyteChain.ts), bound once per
// declaration, and the `appliesTo` entry of a Flyte 2 rule.

import type { RuleContext, SdkRange } from '../../server/engine/types';
import { toArgValue } from '../../server/flyte/fromDecl';
import { FLYTE_VERIFIED_VERSION } from '../../server/flyte/version';
import { isFlyte2, type ImageDecl } from '../../server/model/decl';
import { bindChain, type BoundCall, type ChainView } from './flyteChain';
import { flyteSettingsOf } from './flyte2';

const views = new WeakMap<ImageDecl, ChainView | null>();
const bound = new WeakMap<ChainView, { version: string; chain: BoundCall[] }>();

/** The chain of an image declaration (role 'image'); undefined for environments and ImageSpecs. */
export function imageView(decl: ImageDecl): ChainView | undefined {
  const memo = views.get(decl);
  if (memo !== undefined) return memo ?? undefined;
  let view: ChainView | null = null;
  if (isFlyte2(decl) && decl.flyte.role === 'image') {
    const info = decl.flyte;
    const calls = info.calls;
    view = {
      file: decl.file,
      calls: calls.map((c) => ({ method: c.method, args: c.args.map(toArgValue), kwargs: c.kwargs.map((k) => [k.name, toArgValue(k.value)] as [string, ReturnType<typeof toArgValue>]) })),
      complete: info.complete,
      ownFrom: info.ownFrom,
      opaque: (i) => calls[i].opaque,
      nameRange: (i) => calls[i].nameRange,
      callRange: (i) => calls[i].range,
      argValue: (ref) => (ref.kw !== undefined ? calls[ref.call].kwargs.find((k) => k.name === ref.kw)?.value : ref.pos !== undefined ? calls[ref.call].args[ref.pos] : undefined),
      argRange: (ref) => (ref.kw !== undefined ? calls[ref.call].kwargs.find((k) => k.name === ref.kw)?.range : ref.pos !== undefined ? calls[ref.call].args[ref.pos]?.range : undefined),
    };
  }
  views.set(decl, view);
  return view ?? undefined;
}

/** The flyte release the project runs (pinned, else the newest read); calls are bound to its signatures. */
export function flyteVersionOf(ctx: RuleContext, file: string): string {
  return flyteSettingsOf(ctx, file).flyte.version ?? FLYTE_VERIFIED_VERSION;
}

/** The view's calls bound as Python binds them, for the project's flyte release; memoised per view. */
export function boundChain(view: ChainView, ctx: RuleContext): BoundCall[] {
  const version = flyteVersionOf(ctx, view.file);
  const memo = bound.get(view);
  if (memo && memo.version === version) return memo.chain;
  const chain = bindChain(view.calls, version, view.complete, view.opaque);
  bound.set(view, { version, chain });
  return chain;
}

/**
 * The calls this declaration writes itself, bound: what a rule that judges
 * each call reports on. A chain that extends another variable's image
 * (`gpu = base.with_pip_packages(...)`) starts with `base`'s calls, which
 * `base`'s own declaration reports; they are skipped here so that nothing
 * is reported twice. Undefined for environments and ImageSpecs.
 */
export function ownBoundCalls(decl: ImageDecl, ctx: RuleContext): { view: ChainView; calls: BoundCall[] } | undefined {
  const view = imageView(decl);
  if (!view) return undefined;
  return { view, calls: boundChain(view, ctx).filter((c) => c.index >= view.ownFrom) };
}

/**
 * The constructor of a chain this declaration starts itself (`Image.from_*`
 * written here, not a variable's image extended), bound; undefined when the
 * chain's start is not known or lies in another declaration. For rules about
 * what the constructor alone decides.
 */
export function ownConstructor(decl: ImageDecl, ctx: RuleContext): { view: ChainView; call: BoundCall } | undefined {
  const view = imageView(decl);
  if (!view || !view.complete || view.ownFrom > 0) return undefined;
  const [call] = boundChain(view, ctx);
  return call ? { view, call } : undefined;
}

/** `appliesTo` of a Flyte 2 rule: the behaviour, since which release, where it was read. */
export function flyteSince(since: string, what: string, source: string): SdkRange {
  return { sdk: 'flyte', since, note: `${what} since ${since} (${source})` };
}
