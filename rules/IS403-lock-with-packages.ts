// flytekit checks `packages is not None`: `packages=[]` counts, and so does
// any `.with_packages(...)` call (it always leaves a list); `packages=None`
// and a value we cannot know do not.

import { field } from '../server/model/decl';
import type { Range } from '../server/model/position';
import type { OfflineRule, RuleFinding } from '../server/engine/types';
import { builderName } from './shared/builder';
import { lockFileOf } from './shared/lockFile';
import { flytekitSince } from './shared/sdkRange';

export const rule: OfflineRule = {
  code: 'IS403',
  name: 'lock-with-packages',
  severity: 'error',
  summary: 'Lock file in `requirements` together with `packages` (mutually exclusive)',
  docs: {
    whatItDoes: 'Reports `packages` (an empty list included) or a `.with_packages(...)` call together with a `uv.lock` or `poetry.lock` as `requirements`. flytekit then installs exactly the locked project and refuses extra packages.',
    runtimeError: { when: 'build', error: '`ValueError: Support for uv.lock files and packages is mutually exclusive`' },
    why: 'With a `uv.lock` or `poetry.lock` as `requirements`, flytekit installs exactly the locked project (`uv sync --locked` / `poetry install`) and refuses extra `packages`: the build raises `ValueError: Support for uv.lock files and packages is mutually exclusive`. This includes `packages=[]` and packages added with `.with_packages(...)`. Add the packages to the project (`uv add`, `poetry add`) and drop them from the spec.',
    example: 'image = ImageSpec(name="etl", requirements="uv.lock", packages=["pandas"])',
  },
  fixSafety: { kind: 'none', note: 'Moving the packages into the locked project (`uv add`, `poetry add`) is the user\'s job.' },
  appliesTo: [flytekitSince('lock files as requirements, without packages', (b) => !!b.defaultBuilder?.lockFiles.length)],
  check(decl) {
    const lf = lockFileOf(decl);
    if (!lf) return [];
    if (builderName(decl) === 'noop') return [];
    const tool = lf.lock === 'uv.lock' ? '`uv add`' : '`poetry add`';
    const why = `flytekit raises ValueError ("Support for ${lf.lock} files and packages is mutually exclusive") when building`;
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
