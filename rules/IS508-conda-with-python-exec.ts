// Which builder is in use is decided as for IS506 (rules/shared/builder.ts);
// an empty list or string is falsy and passes flytekit's check.

import { field, type Value } from '../server/model/decl';
import type { OfflineRule, RuleFinding } from '../server/engine/types';
import { shown } from '../server/engine/ruleKit';
import { builderPhrase, defaultBuilderUse } from './shared/builder';
import { flytekitSince } from './shared/sdkRange';

/** Python truthiness of a known value; undefined when it cannot be known. */
function truthy(v: Value): boolean | undefined {
  switch (v.kind) {
    case 'str':
      return v.value !== '';
    case 'list':
      return v.items.length > 0;
    case 'dict':
      return v.entries.length > 0 || (v.open ? undefined : false);
    case 'none':
      return false;
    case 'bool':
      return v.value;
    case 'num':
      return v.value !== 0;
    case 'spec':
      return true;
    default:
      return undefined;
  }
}

export const rule: OfflineRule = {
  code: 'IS508',
  name: 'conda-with-python-exec',
  severity: 'error',
  summary: '`conda_packages`/`conda_channels` with `python_exec`',
  docs: {
    whatItDoes: 'Reports `conda_packages` or `conda_channels` (non-empty) together with `python_exec` when flytekit\'s default builder builds the spec: with `python_exec` it uses the base image\'s Python and creates no conda environment.',
    runtimeError: { when: 'build', error: '`ValueError: conda_packages is not supported with python_exec` (or conda_channels)' },
    why:
      'With `python_exec` the default builder uses the Python of the base image and does not create the conda environment that `conda_packages` and `conda_channels` install into, so it raises `ValueError: conda_packages is not supported with python_exec`. Either drop `python_exec` (flytekit installs Python with micromamba) or install the packages with `packages=` / `apt_packages=`.',
    example: 'image = ImageSpec(name="etl", base_image="python:3.11-slim", python_exec="/usr/local/bin/python", conda_packages=["gdal"])',
    fixed: 'image = ImageSpec(name="etl", base_image="python:3.11-slim", python_exec="/usr/local/bin/python", apt_packages=["gdal-bin"])',
  },
  fixSafety: { kind: 'none' },
  appliesTo: [flytekitSince('`python_exec` and its conda check', (b) => !!b.defaultBuilder?.pythonExecRejectsConda)],
  check(decl, ctx) {
    const exec = field(decl, 'python_exec');
    if (!exec || exec.value.kind !== 'str' || exec.value.value === '') return [];
    const execValue = exec.value;
    const conda = ['conda_channels', 'conda_packages']
      .map((name) => field(decl, name))
      .filter((f) => f !== undefined && truthy(f.value) === true)
      .sort((a, b) => a!.range.start.line - b!.range.start.line || a!.range.start.character - b!.range.start.character);
    if (conda.length === 0) return [];
    const use = defaultBuilderUse(decl, ctx);
    if (!use) return [];
    return conda.map(
      (f): RuleFinding => ({
        range: f!.range,
        message:
          `\`${f!.name}\` cannot be combined with python_exec=${shown(execValue)}: ${builderPhrase(use)} raises ValueError ("${f!.name} is not supported with python_exec"). ` +
          'Remove python_exec to let flytekit install Python with conda, or install these with packages= / apt_packages=',
      }),
    );
  },
};
