// Which image builder builds a spec: the name in `builder`, else config
// `builder`, else the highest-priority builder the project installs
// (server/project/builder.ts decides; rules/shared/project.ts memoises per
// file). When that cannot be known (union installed: its priority depends
// on the Union endpoint), the rules that depend on it say nothing.

import type { ImageDecl } from '../../server/model/decl';
import type { RuleContext } from '../../server/engine/types';
import { DEFAULT_BUILDER, PUSHING_BUILDERS } from '../../server/flytekit/fields';
import { builderPhrase, specBuilder, type EffectiveBuilder } from '../../server/project/builder';
import { builderOf } from './project';

export { builderPhrase };

/** The builder the spec names: the string when known, `undefined` when unset (or None), `null` when not statically known. */
export function builderName(decl: ImageDecl): string | undefined | null {
  return specBuilder(decl);
}

export type KnownBuilder = Extract<EffectiveBuilder, { known: true }>;

/** The effective builder when it is known. */
export function knownBuilder(decl: ImageDecl, ctx: RuleContext): KnownBuilder | undefined {
  const b = builderOf(decl, ctx);
  return b.known ? b : undefined;
}

/**
 * Whether flytekit's default builder builds this spec (IS506, IS508): the
 * effective builder when it is `default`, undefined when another builder
 * does or it cannot be known.
 */
export function defaultBuilderUse(decl: ImageDecl, ctx: RuleContext): KnownBuilder | undefined {
  const b = knownBuilder(decl, ctx);
  return b && b.name === DEFAULT_BUILDER ? b : undefined;
}

/** The effective builder when it pushes with the local Docker client (default, envd); undefined otherwise or when unknown. */
export function pushingBuilder(decl: ImageDecl, ctx: RuleContext): KnownBuilder | undefined {
  const b = knownBuilder(decl, ctx);
  return b && PUSHING_BUILDERS.includes(b.name) ? b : undefined;
}
