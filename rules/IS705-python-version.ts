// _get_default_image_for (I:692-760) formats the base image tag as
// f"py{v[0]}.{v[1]}" with no check, so a str indexes characters ("3.12" ->
// "py3.."), a number is not subscriptable and a short tuple has no [1].
// clone(python_version=) only stores the value: not judged. A list of two
// ints and (3, "12") format the right tag: not reported.

import type { Fix, OfflineRule, RuleFinding } from '../server/engine/types';
import { isPublishedPython, PUBLISHED_PYTHON_VERSIONS } from '../server/flyte/baseImage';
import type { ArgValue } from '../server/flyte/value';
import type { Value } from '../server/model/decl';
import { truth, type ArgRef, type BoundCall } from './shared/flyteChain';
import { flyteSince, ownBoundCalls } from './shared/flyteView';

const CONSTRUCTORS = ['from_debian_base', 'from_uv_script'];

export type PythonVersionProblem =
  | { ref: ArgRef; kind: 'string'; value: string; tag: string }
  | { ref: ArgRef; kind: 'raises'; pyType: string; message: string }
  | { ref: ArgRef; kind: 'unpublished'; major: number; minor: number };

/** (M, m) from "3.12" / 3.12 as written; undefined when it is not such a version. */
export function versionOfText(text: string): [number, number] | undefined {
  const m = /^["']?(\d+)\.(\d+)["']?$/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** What the constructor makes of `python_version`, when that is wrong. */
export function pythonVersionProblem(call: BoundCall): PythonVersionProblem | undefined {
  if (!CONSTRUCTORS.includes(call.method)) return undefined;
  const given = call.args.get('python_version');
  if (!given) return undefined;
  const v: ArgValue = given.value;
  const ref = given.ref;
  switch (v.kind) {
    case 'str': {
      const chars = [...v.value];
      if (chars.length < 2) return { ref, kind: 'raises', pyType: 'IndexError', message: 'string index out of range' };
      return { ref, kind: 'string', value: v.value, tag: `py${chars[0]}.${chars[1]}` };
    }
    case 'int':
    case 'float':
    case 'bool':
      return { ref, kind: 'raises', pyType: 'TypeError', message: `'${v.kind}' object is not subscriptable` };
    case 'tuple':
    case 'list': {
      if (v.items.length < 2) return { ref, kind: 'raises', pyType: 'IndexError', message: `${v.kind} index out of range` };
      const [a, b] = v.items;
      if (v.kind !== 'tuple' || a.kind !== 'int' || b.kind !== 'int' || v.items.length !== 2) return undefined;
      // The default image (install_flyte=True) is published for 3.10-3.14 only; python:M.m-slim-bookworm is not ours to judge.
      if (call.method !== 'from_debian_base') return undefined;
      const install = call.args.get('install_flyte');
      if (install && truth(install.value) !== true) return undefined;
      return isPublishedPython(a.value, b.value) ? undefined : { ref, kind: 'unpublished', major: a.value, minor: b.value };
    }
  }
  return undefined;
}

/** `(3, 12)` for a value written as "3.12" or 3.12. */
export function tupleFix(written: Value | undefined, sourceText: string | undefined): Fix | undefined {
  if (!written || sourceText === undefined) return undefined;
  const mm = written.kind === 'num' ? versionOfText(written.text) : written.kind === 'str' && written.origin ? versionOfText(written.value) : undefined;
  if (!mm) return undefined;
  const text = `(${mm[0]}, ${mm[1]})`;
  return { title: `Use \`${text}\``, edits: [{ range: written.range, newText: text }], preferred: true, safe: true };
}

const PUBLISHED = PUBLISHED_PYTHON_VERSIONS.map(([a, b]) => `${a}.${b}`).join(', ');

export const rule: OfflineRule = {
  code: 'IS705',
  name: 'python-version',
  severity: 'error',
  summary: '`python_version` of a Flyte 2 image not a tuple of two ints, or without a published default image',
  docs: {
    whatItDoes:
      'Reports a `python_version` of `Image.from_debian_base` / `Image.from_uv_script` that is not a tuple of two ints: a string ' +
      '(`"3.12"`) builds a broken base image tag, a number or a one-element tuple raises while the module is imported. As a warning, ' +
      `a version with no published default image (${PUBLISHED}) for \`from_debian_base\`.`,
    why:
      'flyte formats the base image as `ghcr.io/flyteorg/flyte:py{v[0]}.{v[1]}-v<flyte version>` (or `python:{v[0]}.{v[1]}-slim-bookworm`) ' +
      'without checking the value: "3.12" indexes characters and gives `py3..`, an image that cannot exist, so the build or the ' +
      'pod\'s image pull fails. Flyte publishes its default image for a fixed set of Python versions.',
    runtimeError: { when: 'build', error: 'the base image `ghcr.io/flyteorg/flyte:py3..-v2.6.5` is not a valid reference: the build (or the task\'s image pull) fails' },
    example: 'image = flyte.Image.from_debian_base(python_version="3.12", name="etl")',
    fixed: 'image = flyte.Image.from_debian_base(python_version=(3, 12), name="etl")',
  },
  fixSafety: { kind: 'safe', note: 'Only a value written as `"M.m"` or `M.m` is rewritten, to the `(M, m)` it names.' },
  appliesTo: [flyteSince('2.0.0', 'the default image tag is formatted from python_version unchecked', 'v2.6.5:src/flyte/_image.py:692-760')],
  declKinds: ['flyte2'],
  check(decl, ctx) {
    const own = ownBoundCalls(decl, ctx);
    if (!own) return [];
    const { view } = own;
    const out: RuleFinding[] = [];
    for (const call of own.calls) {
      const p = pythonVersionProblem(call);
      if (!p) continue;
      const written = view.argValue(p.ref);
      const range = written?.range ?? view.nameRange(call.index);
      const fix = p.kind === 'unpublished' ? undefined : tupleFix(written, written ? ctx.lines.slice(written.range) : undefined);
      if (p.kind === 'string') {
        out.push({
          range,
          message:
            `\`python_version\` is the string "${p.value}": flyte indexes its characters, so the base image tag starts with \`${p.tag}\`, ` +
            'an image that does not exist: the build or the image pull fails. Pass a tuple of two ints' + (fix ? `: \`${fix.edits[0].newText}\`` : ''),
          fixes: fix ? [fix] : [],
        });
      } else if (p.kind === 'raises') {
        out.push({
          range,
          message: `\`python_version\` must be a tuple of two ints: importing the module raises ${p.pyType}: ${p.message}` + (fix ? `. Use \`${fix.edits[0].newText}\`` : ''),
          fixes: fix ? [fix] : [],
        });
      } else {
        out.push({
          range,
          severity: 'warning',
          message: `Flyte publishes no default image for Python ${p.major}.${p.minor} (only ${PUBLISHED}): \`ghcr.io/flyteorg/flyte:py${p.major}.${p.minor}-v…\` cannot be pulled`,
        });
      }
    }
    return out;
  },
};
