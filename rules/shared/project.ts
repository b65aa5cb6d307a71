// The project as the declaring file sees it (server/project/view.ts):
// its dependencies, the flytekit release it runs and the builder a spec
// gets. Computed once per linted file and shared by every rule.

import type { ImageDecl } from '../../server/model/decl';
import type { RuleContext } from '../../server/engine/types';
import type { EffectiveBuilder } from '../../server/project/builder';
import type { PinnedFlytekit } from '../../server/project/flytekitVersion';
import { projectView, type ProjectView } from '../../server/project/view';

export type { EffectiveBuilder, PinnedFlytekit };

/** The project view of a declaring file (memoised per linted file). */
export function projectOf(ctx: RuleContext, file: string): ProjectView {
  return ctx.perFile(`project\0${file}`, () => projectView(ctx.fs, file, ctx.projectRoot, ctx.config, ctx.text, ctx.displayRoot));
}

/** The builder that builds a declaration, and where that comes from. */
export function builderOf(decl: ImageDecl, ctx: RuleContext): EffectiveBuilder {
  return projectOf(ctx, decl.file).builder(decl);
}

/** The flytekit release the declaring file's project runs. */
export function flytekitOf(ctx: RuleContext, file: string): PinnedFlytekit {
  return projectOf(ctx, file).flytekit;
}
