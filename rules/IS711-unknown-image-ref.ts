// _deploy.py:463-481 substitutes the ref from image_refs when an
// environment using the image is deployed. The refs come from the config
// file, FLYTE_IMAGE_IMAGE_REFS, flyte.init(images=...) and `--image
// name=uri`; rules/shared/flyte2.ts says whether every source we can see
// is known (refsKnown), else the rule is silent.

import type { Fix, OfflineRule, RuleFinding } from '../server/engine/types';
import { closest, strFix } from '../server/engine/ruleKit';
import { FLYTE_ERRORS } from '../server/flyte/errors';
import { pyRepr } from '../server/flyte/value';
import type { BoundCall } from './shared/flyteChain';
import { flyteSettingsOf } from './shared/flyte2';
import { flyteSince, ownConstructor } from './shared/flyteView';

/** The ref name a from_ref_name call asks for ("default" when not given), or undefined when not known. */
export function refName(call: BoundCall): string | undefined {
  if (call.method !== 'from_ref_name') return undefined;
  const given = call.args.get('name');
  if (!given) return 'default';
  return given.value.kind === 'str' ? given.value.value : undefined;
}

/** `flyte.init(..., images=...)` / `init_from_config(..., images=...)` somewhere in the module: refs we cannot judge. */
export function initSetsImages(text: string): boolean {
  return /\binit(?:_from_config)?\s*\([^)]*\bimages\s*=/.test(text);
}

/** The deploy error for `name` against `refs`, or undefined when the ref exists. */
export function missingRef(name: string, refs: Record<string, unknown>): string | undefined {
  if (Object.prototype.hasOwnProperty.call(refs, name)) return undefined;
  return FLYTE_ERRORS.refNotFound(name, pyRepr({ kind: 'list', items: Object.keys(refs).map((k) => ({ kind: 'str', value: k })) }));
}

export const rule: OfflineRule = {
  code: 'IS711',
  name: 'unknown-image-ref',
  severity: 'error',
  summary: '`Image.from_ref_name(name)` with no such name in the config\'s `image.image_refs`',
  docs: {
    whatItDoes:
      'Reports `Image.from_ref_name("x")` (`"default"` when no name is given) when the Flyte config\'s `image.image_refs` has no `x`. ' +
      'It judges only when every source of refs it can see is known: a config file with an `image_refs` mapping, no ' +
      '`FLYTE_IMAGE_IMAGE_REFS`, and no `flyte.init(images=...)` / `init_from_config(images=...)` in the file. Refs passed with ' +
      '`flyte deploy --image name=uri` cannot be seen: with those, suppress the finding.',
    why:
      'A ref image is only a name until deploy substitutes the URI from `image_refs`; a name that is not there fails the deploy of every ' +
      'environment using the image.',
    runtimeError: { when: 'build', error: `InvalidImageNameError: ${FLYTE_ERRORS.refNotFound('trainer', "['default', 'gpu']")}` },
    example: '# config.yaml: image: {image_refs: {default: ..., gpu: ...}}\nimage = flyte.Image.from_ref_name("trainer")',
    fixed: 'image = flyte.Image.from_ref_name("gpu")',
  },
  fixSafety: { kind: 'unsafe', note: 'The closest ref name is a guess: it is another image.' },
  configKeys: [],
  appliesTo: [flyteSince('2.0.0', 'deploy substitutes from_ref_name images from image_refs', 'v2.6.5:src/flyte/_deploy.py:463-481')],
  declKinds: ['flyte2'],
  check(decl, ctx) {
    const own = ownConstructor(decl, ctx);
    if (!own) return [];
    const { view, call: call } = own;
    const name = call && refName(call);
    if (name === undefined) return [];
    const { config } = flyteSettingsOf(ctx, decl.file);
    const refs = config.imageRefs;
    // Refs from the config only: flyte.init(images=...) in the module adds its own.
    if (!refs || !config.file || initSetsImages(ctx.text)) return [];
    const err = missingRef(name, refs);
    if (!err) return [];
    const given = call.args.get('name');
    const written = given ? view.argValue(given.ref) : undefined;
    const fixes: Fix[] = [];
    if (written?.kind === 'str') {
      for (const c of closest(name, Object.keys(refs)).slice(0, 3)) {
        const f = strFix(decl, written, c, `Use the ref \`${c}\``, { preferred: fixes.length === 0, safe: false });
        if (f) fixes.push(f);
      }
    }
    const out: RuleFinding = {
      range: written?.range ?? view.nameRange(0),
      message: `No image ref \`${name}\` in ${config.image.imageRefs.from}: deploying an environment with this image raises InvalidImageNameError: ${err}`,
      fixes,
    };
    return [out];
  },
};
