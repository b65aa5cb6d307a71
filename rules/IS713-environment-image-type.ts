// Environment.__post_init__ (_environment.py:126-128) runs for
// TaskEnvironment and AppEnvironment alike; a falsy image (None, {}, [])
// passes and means the default.

import type { OfflineRule, RuleFinding } from '../server/engine/types';
import { FLYTE_ERRORS } from '../server/flyte/errors';
import type { Value } from '../server/model/decl';
import { flyteSince } from './shared/flyteView';
import { isFlyte2 } from '../server/model/decl';

/** Python's repr of the value's type, when the value is truthy and neither a str nor an Image; else undefined. */
export function badImageType(v: Value): string | undefined {
  switch (v.kind) {
    case 'dict':
      return v.entries.length ? "<class 'dict'>" : undefined;
    case 'list':
      return v.items.length ? `<class '${v.form ?? 'list'}'>` : undefined;
    case 'num':
      return v.value !== 0 ? `<class '${v.isFloat ? 'float' : 'int'}'>` : undefined;
    case 'bool':
      return v.value ? "<class 'bool'>" : undefined;
  }
  return undefined;
}

export const rule: OfflineRule = {
  code: 'IS713',
  name: 'environment-image-type',
  severity: 'error',
  summary: 'A Flyte 2 environment `image=` that is neither a string nor an `Image`',
  docs: {
    whatItDoes:
      'Reports `flyte.TaskEnvironment(image=...)` / `flyte.AppEnvironment(image=...)` given a value that is neither a string (an image ' +
      'URI, or "auto") nor a `flyte.Image`: a non-empty dict or list (an ImageSpec-style `{"packages": [...]}`, or several images), a number, `True`.',
    why:
      'The environment checks its image when it is created, while the module is imported, and raises TypeError: the module does not load. ' +
      'An empty dict or list is falsy and means the default image.',
    runtimeError: { when: 'import', error: `TypeError: ${FLYTE_ERRORS.envImage("<class 'dict'>")}` },
    example: 'env = flyte.TaskEnvironment(name="etl", image={"packages": ["pandas"]})',
    fixed: 'env = flyte.TaskEnvironment(name="etl", image=flyte.Image.from_debian_base().with_pip_packages("pandas"))',
  },
  fixSafety: { kind: 'none' },
  appliesTo: [flyteSince('2.0.0', 'Environment checks the type of image', 'v2.6.5:src/flyte/_environment.py:126-128')],
  declKinds: ['flyte2'],
  check(decl) {
    if (!isFlyte2(decl) || decl.flyte.role !== 'environment') return [];
    const arg = decl.flyte.image;
    if (!arg) return [];
    const type = badImageType(arg.value);
    if (!type) return [];
    const out: RuleFinding = {
      range: arg.value.range,
      message: `\`image=\` must be an image URI string or a \`flyte.Image\`: creating the ${decl.flyte.callee} raises TypeError: ${FLYTE_ERRORS.envImage(type)}`,
    };
    return [out];
  },
};
