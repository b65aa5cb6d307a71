// with_requirements checks the suffix while the module is imported
// (I:1139-1140). UVScript.validate and PixiProject.validate run at build,
// after the image is hashed (image_builder.py:314-322): the hash reads the
// script (and parses its header) or the manifest and lock first, so those
// are reported only when that reading succeeds, i.e. when the SDK really
// gets to the check. from_pixi_script is in no tagged release read.

import * as path from 'node:path';
import type { OfflineRule, RuleContext, RuleFinding } from '../server/engine/types';
import { FLYTE_ERRORS } from '../server/flyte/errors';
import { parseUvScriptHeader } from '../server/flyte/uvScript';
import { purePath, type ArgValue } from '../server/flyte/value';
import type { BoundCall, ArgRef } from './shared/flyteChain';
import { flyteSince, ownBoundCalls } from './shared/flyteView';
import { displayPath, findPath } from './shared/projectPaths';

export type KindProblem =
  | { ref: ArgRef; kind: 'requirements'; file: string }
  | { ref: ArgRef; kind: 'uv-script'; script: string }
  | { ref: ArgRef; kind: 'pixi-manifest'; manifest: string };

function pathText(v: ArgValue | undefined): string | undefined {
  return v && (v.kind === 'str' || v.kind === 'path') ? purePath(v.value).str : undefined;
}

/** The wrong-kind problem of one call, judged on the names alone (the rule checks the files). */
export function kindProblem(call: BoundCall): KindProblem | undefined {
  if (call.method === 'with_requirements') {
    const f = call.args.get('file');
    const p = pathText(f?.value);
    if (f && p !== undefined && purePath(p).suffix !== '.txt') return { ref: f.ref, kind: 'requirements', file: p };
  }
  if (call.method === 'from_uv_script') {
    const s = call.args.get('script');
    const p = pathText(s?.value);
    if (s && p !== undefined && purePath(p).suffix !== '.py') return { ref: s.ref, kind: 'uv-script', script: p };
  }
  if (call.method === 'with_pixi_project') {
    const m = call.args.get('manifest_file');
    const p = pathText(m?.value);
    if (m && p !== undefined && !['pixi.toml', 'pyproject.toml'].includes(purePath(p).name)) return { ref: m.ref, kind: 'pixi-manifest', manifest: p };
  }
  return undefined;
}

/** The SDK's message, or undefined when the build would fail earlier or the files cannot be read. */
function confirmed(ctx: RuleContext, file: string, call: BoundCall, p: KindProblem): string | undefined {
  if (p.kind === 'requirements') return `importing the module raises ValueError: ${FLYTE_ERRORS.requirementsTxt(p.file)}`;
  if (p.kind === 'uv-script') {
    const found = findPath(ctx, file, p.script, 'file');
    if (!found.found) return undefined; // IS406's
    const text = ctx.fs.readText(found.found);
    if (text === undefined) return undefined;
    try {
      parseUvScriptHeader(Buffer.from(text, 'utf8'));
    } catch {
      return undefined; // the hash fails first (no header), or we cannot tell
    }
    return `building the image raises ValueError: UV script ${p.script} must have a .py extension`;
  }
  const found = findPath(ctx, file, p.manifest, 'any');
  if (!found.found || found.wrongKind || !found.foundIn) return undefined;
  if (ctx.fs.kind(found.found) !== 'file') return undefined; // a folder is searched for pixi.toml / pyproject.toml
  const lock = call.args.get('pixi_lock');
  if (lock && lock.value.kind !== 'none') {
    const l = pathText(lock.value);
    if (l === undefined || ctx.fs.kind(path.resolve(found.foundIn, l)) !== 'file') return undefined;
  }
  return (
    `building the image raises ValueError: Pixi manifest ${displayPath(ctx, found.found)} must be named 'pixi.toml' or 'pyproject.toml', ` +
    'since pixi only discovers manifests with those names.'
  );
}

const WHAT: Record<KindProblem['kind'], string> = {
  requirements: '`with_requirements` takes a `.txt` requirements file',
  'uv-script': '`from_uv_script` takes a `.py` script',
  'pixi-manifest': '`with_pixi_project` takes a manifest named `pixi.toml` or `pyproject.toml` (or their folder)',
};

export const rule: OfflineRule = {
  code: 'IS707',
  name: 'wrong-file-kind',
  severity: 'error',
  summary: 'A Flyte 2 image file of the wrong kind (requirements not `.txt`, uv script not `.py`, pixi manifest misnamed)',
  docs: {
    whatItDoes:
      'Reports a file a `flyte.Image` method refuses by its name: a `with_requirements` file without the `.txt` suffix, a ' +
      '`from_uv_script` script without `.py`, a `with_pixi_project` manifest not named `pixi.toml` or `pyproject.toml`. The last two ' +
      'are checked at build, after flyte has read the file, so they are reported only when the file exists and reads (a missing one is IS406).',
    why:
      '`with_requirements` checks the suffix when it runs, while the module is imported: the module does not load. The script and ' +
      'manifest checks run when the image is built, so `flyte deploy` fails after the hash. A `uv.lock` or `poetry.lock` is not a ' +
      'requirements file: use `with_uv_project` or `with_poetry_project` for them.',
    runtimeError: { when: 'import', error: `ValueError: ${FLYTE_ERRORS.requirementsTxt('requirements.in')} (script and manifest names: ValueError at build)` },
    example: 'image = flyte.Image.from_debian_base(name="etl").with_requirements("requirements.in")',
  },
  fixSafety: { kind: 'none' },
  appliesTo: [flyteSince('2.0.0', 'with_requirements checks the .txt suffix, UVScript.validate the .py suffix', 'v2.6.5:src/flyte/_image.py:1139-1140')],
  declKinds: ['flyte2'],
  check(decl, ctx) {
    const own = ownBoundCalls(decl, ctx);
    if (!own) return [];
    const { view } = own;
    const out: RuleFinding[] = [];
    for (const call of own.calls) {
      const p = kindProblem(call);
      if (!p) continue;
      const raised = confirmed(ctx, decl.file, call, p);
      if (!raised) continue;
      out.push({ range: view.argValue(p.ref)?.range ?? view.nameRange(call.index), message: `${WHAT[p.kind]}: ${raised}` });
    }
    return out;
  },
};
