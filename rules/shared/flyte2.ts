// What Flyte 2 does with a declaration, for the rules: the project's flyte
// release, its `image:` config, and the chain evaluated by
// server/flyte/uri.ts (the URI, the exception the SDK raises, or why
// neither is known), through server/project/flyte.ts, which the hover uses
// too. Computed once per declaration per linted file.

import type { Flyte2Decl } from '../../server/model/decl';
import type { RuleContext } from '../../server/engine/types';
import type { UriResult } from '../../server/flyte/uri';
import { evaluateFlyte, flyteSettings, type FlyteSettings } from '../../server/project/flyte';
import { projectOf } from './project';

export type { FlyteSettings, UriResult };

/** The project's flyte release and image config as the declaring file sees them (memoised per linted file). */
export function flyteSettingsOf(ctx: RuleContext, file: string): FlyteSettings {
  return ctx.perFile(`flyte2\0${file}`, () => flyteSettings(ctx.fs, projectOf(ctx, file), ctx.config.flyteVersion, process.env));
}

/** The declaration evaluated for its project (memoised per declaration per linted file). */
export function flyteResult(decl: Flyte2Decl, ctx: RuleContext, stage: 'deploy' | 'declaration' = 'deploy'): UriResult {
  const key = `flyte2-eval\0${stage}\0${decl.file}\0${decl.range.start.line}:${decl.range.start.character}`;
  return ctx.perFile(key, () => evaluateFlyte(decl, flyteSettingsOf(ctx, decl.file), ctx.fs, stage));
}
