// flyte.Secret (src/flyte/_secret.py:7-53 at v2.6.5): a plain dataclass
// (key, group=None, mount=None, as_env_var=None) whose __post_init__ fills
// as_env_var from the key when neither mount nor as_env_var is given
// (`{group}_{key}` or `key`, "-" -> "_", uppercased), allows only
// /etc/flyte/secrets as a mount, and checks the env var name. Its repr is
// what a layer's `secret_mounts` feed the image hash (`str(secret)`); a plain
// str secret is hashed as the str itself.

import type { Param } from './api';
import { bindCall } from './bind';
import { FLYTE_ERRORS } from './errors';
import { pyRepr, pyStr, PyException, truthy, type ArgValue } from './value';

const SECRET_PARAMS: Param[] = [
  { name: 'key', kind: 'positional', required: true, type: 'str' },
  { name: 'group', kind: 'positional', default: 'None', type: 'Optional[str]' },
  { name: 'mount', kind: 'positional', default: 'None', type: 'pathlib.Path | None' },
  { name: 'as_env_var', kind: 'positional', default: 'None', type: 'Optional[str]' },
];

// Python's re.match(r"^[A-Z_][A-Z0-9_]*$", s): `$` also matches before a final newline.
const ENV_NAME = /^[A-Z_][A-Z0-9_]*\n?$/;

/** The repr of the Secret a `flyte.Secret(...)` call builds, or the exception its __post_init__ raises. */
export function secretRepr(args: readonly ArgValue[], kwargs: ReadonlyArray<readonly [string, ArgValue]>): string {
  const { values } = bindCall('Secret.__init__', SECRET_PARAMS, args, kwargs);
  const key = values.get('key')!;
  const group = values.get('group') ?? { kind: 'none' };
  const mount = values.get('mount') ?? { kind: 'none' };
  let asEnv = values.get('as_env_var') ?? { kind: 'none' };
  if (!truthy(mount) && !truthy(asEnv)) {
    const base = truthy(group) ? `${pyStr(group)}_${pyStr(key)}` : key;
    if (typeof base !== 'string' && base.kind !== 'str') {
      throw new PyException('AttributeError', `'${base.kind}' object has no attribute 'replace'`);
    }
    const text = typeof base === 'string' ? base : base.value;
    asEnv = { kind: 'str', value: text.replace(/-/g, '_').toUpperCase() };
  }
  if (truthy(mount) && pyStr(mount) !== '/etc/flyte/secrets') {
    throw new PyException('ValueError', FLYTE_ERRORS.secretMount());
  }
  if (asEnv.kind !== 'none') {
    if (asEnv.kind !== 'str') throw new PyException('TypeError', 'expected string or bytes-like object, got ' + `'${asEnv.kind}'`);
    if (!ENV_NAME.test(asEnv.value)) {
      throw new PyException('ValueError', FLYTE_ERRORS.secretEnvName(asEnv.value));
    }
  }
  return `Secret(key=${pyRepr(key)}, group=${pyRepr(group)}, mount=${pyRepr(mount)}, as_env_var=${pyRepr(asEnv)})`;
}
