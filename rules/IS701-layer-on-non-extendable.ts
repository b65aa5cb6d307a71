// The walk is rules/shared/flyteChain.ts's firstRefusedLayer (shared with
// IS702). Only the first refused layer of a chain is reported: Python stops
// there. The fix edits the chain's last clone() when there is one (adding or
// turning on `extendable`), else inserts a clone before the refused layer.

import { FLYTE_ERRORS } from '../server/flyte/errors';
import type { Fix, OfflineRule, RuleContext, RuleFinding, TextEdit } from '../server/engine/types';
import type { LineIndex } from '../server/model/position';
import { appendArgEdit, firstRefusedLayer, insertBeforeCallEdit, suggestedName, type BoundCall, type ChainView, type LayerRefusal } from './shared/flyteChain';
import { boundChain, flyteSince, imageView } from './shared/flyteView';

/** The refusal IS701 reports: a layer on an image that cannot take layers. */
export function nonExtendableLayer(chain: readonly BoundCall[]): LayerRefusal | undefined {
  const r = firstRefusedLayer(chain);
  return r && r.why !== 'nameless' ? r : undefined;
}

/** The fix, as edits: none for Dockerfile images. */
export function extendableFix(view: ChainView, lines: LineIndex, chain: readonly BoundCall[], r: LayerRefusal): Fix | undefined {
  if (r.why !== 'non-extendable' || r.state.origin === 'from_dockerfile') return undefined;
  const name = r.state.named ? undefined : suggestedName(r.state.baseImage) ?? 'my-image';
  const clone = r.state.lastClone !== undefined ? chain.find((c) => c.index === r.state.lastClone) : undefined;
  let edits: TextEdit[] | undefined;
  let title: string;
  if (clone) {
    const ext = clone.args.get('extendable');
    const parts: TextEdit[] = [];
    if (ext) {
      const v = view.argValue(ext.ref);
      if (!v) return undefined;
      parts.push({ range: v.range, newText: 'True' });
    }
    const add = [...(name ? [`name="${name}"`] : []), ...(ext ? [] : ['extendable=True'])];
    if (add.length) {
      const e = appendArgEdit(view, lines, clone.index, add.join(', '));
      if (!e) return undefined;
      parts.push(e);
    }
    edits = parts;
    title = name ? `Make the clone() extendable, named \`${name}\`` : 'Make the clone() extendable';
  } else {
    const text = name ? `.clone(name="${name}", extendable=True)` : '.clone(extendable=True)';
    edits = [insertBeforeCallEdit(view, r.call, text)];
    title = `Insert \`${text}\` before the first layer`;
  }
  // Safe when only `extendable` changes (the image keeps its name); a made-up name is a guess.
  return { title, edits, preferred: true, safe: !name };
}

function message(r: LayerRefusal, method: string): string {
  if (r.why === 'dockerfile') {
    return (
      `\`${method}\` adds a layer to a Dockerfile-based image (\`Image.from_dockerfile\`): importing the module raises ` +
      `ValueError: ${FLYTE_ERRORS.dockerfile()} Put this step in the Dockerfile`
    );
  }
  const how =
    r.state.origin === 'from_ref_name'
      ? 'add `.clone(extendable=True)` before the first layer'
      : r.state.origin === 'from_dockerfile'
        ? 'a Dockerfile-based image takes no layers even when cloned: put this step in the Dockerfile'
        : r.state.lastClone !== undefined
          ? 'pass `extendable=True` to the clone()'
          : 'add `.clone(name="...", extendable=True)` before the first layer';
  return (
    `\`${method}\` adds a layer to \`Image.${r.state.origin}(...)\`, which cannot take layers: importing the module raises ` +
    `ValueError: ${FLYTE_ERRORS.nonExtendable()} To build on it, ${how}`
  );
}

export const rule: OfflineRule = {
  code: 'IS701',
  name: 'layer-on-non-extendable',
  severity: 'error',
  summary: 'A `with_*` layer on an image that cannot take layers (`from_base`, `from_ref_name`, `from_dockerfile`)',
  docs: {
    whatItDoes:
      'Reports the first `with_*` call of a Flyte 2 image chain that flyte refuses because the image cannot take layers: one made by ' +
      '`Image.from_base`, `Image.from_ref_name` or `Image.from_dockerfile` with no `.clone(..., extendable=True)` before it, and any ' +
      'image made from a Dockerfile even after such a clone. `Image.from_debian_base` and `Image.from_uv_script` are extendable. ' +
      'It stays silent when a value on the way is not known (`extendable=flag`).',
    why:
      'Every `with_*` method goes through `Image.clone(addl_layer=...)`, which refuses a layer on a non-extendable image, and on a ' +
      'Dockerfile-based one whatever it says: flyte cannot tell what the Dockerfile set up (OS, Python, package manager). Images ' +
      'are declared at module level, so the exception is raised while the module is imported: `flyte run` and `flyte deploy` cannot load it.',
    runtimeError: {
      when: 'import',
      error: `ValueError: ${FLYTE_ERRORS.nonExtendable()} (or, on a Dockerfile-based image: ${FLYTE_ERRORS.dockerfile()})`,
    },
    example: 'image = flyte.Image.from_base("python:3.12-slim").with_pip_packages("pandas")',
    fixed: 'image = flyte.Image.from_base("python:3.12-slim").clone(name="python", extendable=True).with_pip_packages("pandas")',
  },
  fixSafety: {
    kind: 'mixed',
    note:
      'Safe when only `extendable=True` is added (`from_ref_name`, or a clone that already names the image); unsafe when the fix also ' +
      'makes up a name for a `from_base` image (the last segment of the base image, else `my-image`): the name is where the image is pushed. ' +
      'Dockerfile-based images get no fix.',
  },
  appliesTo: [flyteSince('2.0.0', 'Image.clone refuses layers on non-extendable and Dockerfile-based images', 'v2.6.5:src/flyte/_image.py:968-979')],
  declKinds: ['flyte2'],
  check(decl, ctx) {
    const view = imageView(decl);
    return view ? checkChain(view, ctx) : [];
  },
};

function checkChain(view: ChainView, ctx: RuleContext): RuleFinding[] {
  if (!view.complete) return [];
  const chain = boundChain(view, ctx);
  const r = nonExtendableLayer(chain);
  if (!r || r.call < view.ownFrom) return [];
  const fix = extendableFix(view, ctx.lines, chain, r);
  return [{ range: view.nameRange(r.call), message: message(r, view.calls[r.call].method), fixes: fix ? [fix] : [] }];
}
