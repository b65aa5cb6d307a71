// flytekit checks `packages is not None`: `packages=[]` counts, and so does
// any `.with_packages(...)` call (it always leaves a list); `packages=None`
// and a value we cannot know do not.

import { field } from '../server/model/decl';
import type { Range } from '../server/model/position';
import type { OfflineRule, RuleFinding } from '../server/engine/types';
import { builderName } from './shared/builder';
import { lockFileOf, lockHandler } from './shared/lockFile';
import { flytekitSince } from './shared/sdkRange';

export const rule: OfflineRule = {
  code: 'IS403',
  name: 'lock-with-packages',
  severity: 'error',
  summary: 'Lock file in `requirements` together with `packages` (mutually exclusive)',
  docs: {
    whatItDoes: 'Reports `packages` (an empty list included) or a `.with_packages(...)` call together with a `uv.lock` or `poetry.lock` as `requirements`. flytekit then installs exactly the locked project and refuses extra packages. Judged when the lock file is installed as a lock: by flytekit\'s default builder in a release that knows it (uv.lock from 1.14.0, poetry.lock from 1.15.0), or a uv.lock by Union\'s builder (which refuses packages with it too); silent when another builder (envd) or an older release hands the file to pip.',
    runtimeError: { when: 'build', error: '`ValueError: Support for uv.lock files and packages is mutually exclusive`' },
    why: 'With a `uv.lock` or `poetry.lock` as `requirements`, flytekit installs exactly the locked project (`uv sync --locked` / `poetry install`) and refuses extra `packages`: the build raises `ValueError: Support for uv.lock files and packages is mutually exclusive`. This includes `packages=[]` and packages added with `.with_packages(...)`. Add the packages to the project (`uv add`, `poetry add`) and drop them from the spec.',
    example: 'image = ImageSpec(name="etl", requirements="uv.lock", packages=["pandas"])',
  },
  fixSafety: { kind: 'none', note: 'Moving the packages into the locked project (`uv add`, `poetry add`) is the user\'s job.' },
  appliesTo: [flytekitSince('lock files as requirements, without packages', (b) => !!b.defaultBuilder?.lockFiles.length)],
  check(decl, ctx) {
    const lf = lockFileOf(decl);
    if (!lf) return [];
    if (builderName(decl) === 'noop') return [];
    const handler = lockHandler(decl, ctx, lf.lock);
    // Union's builder refuses packages only with a uv.lock; a builder that hands the lock to pip fails otherwise.
    if (!handler || (handler !== 'default' && lf.lock !== 'uv.lock')) return [];
    const tool = lf.lock === 'uv.lock' ? '`uv add`' : '`poetry add`';
    const flytekitError = `flytekit raises ValueError ("Support for ${lf.lock} files and packages is mutually exclusive") when building`;
    const unionError = 'Union\'s image builder raises ValueError ("When using uv.lock, setting packages is not supported")';
    const why = handler === 'default' ? flytekitError : handler === 'union' ? unionError : `${flytekitError} (and ${unionError}, on Union Serverless)`;
    const out: RuleFinding[] = [];
    const report = (range: Range, what: string): void => {
      out.push({
        range,
        message: `${what} cannot be combined with the lock file \`${lf.value.value}\`: ${why}. Add the packages to the locked project with ${tool} and remove them from the spec`,
      });
    };
    const pk = field(decl, 'packages');
    // `packages=None` is fine; an unknown value may be None.
    if (pk && pk.value.kind !== 'none' && pk.value.kind !== 'unknown') report(pk.nameRange, '`packages`');
    for (const c of decl.chain) {
      if (c.method === 'with_packages') report(c.nameRange, '`.with_packages(...)`');
    }
    return out;
  },
};
