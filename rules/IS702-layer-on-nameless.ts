// The walk is rules/shared/flyteChain.ts's firstRefusedLayer (shared with
// IS701, which reports the refusals that come first in Image.clone). The
// SDK's message embeds rich's repr of the layer, which we do not reproduce:
// "…" stands for its fields.

import { FLYTE_ERRORS } from '../server/flyte/errors';
import type { Fix, OfflineRule, RuleFinding, TextEdit } from '../server/engine/types';
import type { LineIndex } from '../server/model/position';
import { appendArgEdit, firstRefusedLayer, insertBeforeCallEdit, suggestedName, type BoundCall, type ChainView, type LayerRefusal } from './shared/flyteChain';
import { boundChain, flyteSince, imageView } from './shared/flyteView';

/** The refusal IS702 reports: a layer on an extendable image that has no name. */
export function namelessLayer(chain: readonly BoundCall[]): LayerRefusal | undefined {
  const r = firstRefusedLayer(chain);
  return r?.why === 'nameless' ? r : undefined;
}

/** Names the image: in the chain's last clone() when there is one, else in a clone inserted before the layer. */
export function nameFix(view: ChainView, lines: LineIndex, chain: readonly BoundCall[], r: LayerRefusal): Fix | undefined {
  const name = suggestedName(r.state.baseImage) ?? 'my-image';
  const clone = r.state.lastClone !== undefined ? chain.find((c) => c.index === r.state.lastClone) : undefined;
  let edit: TextEdit | undefined;
  if (clone) {
    const given = clone.args.get('name');
    if (given) {
      const v = view.argValue(given.ref);
      edit = v ? { range: v.range, newText: `"${name}"` } : undefined;
    } else edit = appendArgEdit(view, lines, clone.index, `name="${name}"`);
  } else edit = insertBeforeCallEdit(view, r.call, `.clone(name="${name}")`);
  if (!edit) return undefined;
  return { title: clone ? `Name the image \`${name}\` in its clone()` : `Insert \`.clone(name="${name}")\` before the layer`, edits: [edit], preferred: true, safe: false };
}

/** The Layer class each with_* appends, as the SDK's message names it. */
const LAYER_OF: Record<string, string> = {
  with_workdir: 'WorkDir',
  with_requirements: 'Requirements',
  with_pip_packages: 'PipPackages',
  with_env_vars: 'Env',
  with_source_folder: 'CopyConfig',
  with_source_file: 'CopyConfig',
  with_code_bundle: 'CodeBundleLayer',
  with_dockerignore: 'DockerIgnore',
  with_uv_project: 'UVProject',
  with_poetry_project: 'PoetryProject',
  with_pixi_project: 'PixiProject',
  with_apt_packages: 'AptPackages',
  with_commands: 'Commands',
};

export const rule: OfflineRule = {
  code: 'IS702',
  name: 'layer-on-nameless',
  severity: 'error',
  summary: 'A `with_*` layer on an image with no name',
  docs: {
    whatItDoes:
      'Reports the first `with_*` call of a Flyte 2 image chain on an image that has no name: typically ' +
      '`Image.from_base(uri).clone(extendable=True)` followed by a layer, or a `clone(name="")`. Images from ' +
      '`from_debian_base` and `from_uv_script` always have a name (`flyte` when none is given). Silent when the name is not known.',
    why:
      'A built image is pushed as `registry/name:<hash>`, so flyte requires a name before it adds a layer, and raises while the ' +
      'module is imported: `flyte run` and `flyte deploy` cannot load it.',
    runtimeError: { when: 'import', error: `ValueError: ${FLYTE_ERRORS.nameless('PipPackages(…)')}` },
    example: 'image = flyte.Image.from_base("python:3.12-slim").clone(extendable=True).with_pip_packages("pandas")',
    fixed: 'image = flyte.Image.from_base("python:3.12-slim").clone(extendable=True, name="python").with_pip_packages("pandas")',
  },
  fixSafety: { kind: 'unsafe', note: 'The name is a guess (the last segment of the base image, else `my-image`), and it is where the image is pushed.' },
  appliesTo: [flyteSince('2.0.0', 'Image.clone refuses a layer on an image without a name', 'v2.6.5:src/flyte/_image.py:984-987')],
  declKinds: ['flyte2'],
  check(decl, ctx) {
    const view = imageView(decl);
    if (!view || !view.complete) return [];
    const chain = boundChain(view, ctx);
    const r = namelessLayer(chain);
    if (!r || r.call < view.ownFrom) return [];
    const method = view.calls[r.call].method;
    const fix = nameFix(view, ctx.lines, chain, r);
    const out: RuleFinding = {
      range: view.nameRange(r.call),
      message:
        `\`${method}\` adds a layer to an image with no name: importing the module raises ValueError: ` +
        `${FLYTE_ERRORS.nameless(`${LAYER_OF[method] ?? 'Layer'}(…)`)} Name it (\`.clone(name="...")\`) before the first layer`,
      fixes: fix ? [fix] : [],
    };
    return [out];
  },
};
