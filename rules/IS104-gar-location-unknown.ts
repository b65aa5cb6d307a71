// The data plane region leads the fixes (pushing there also keeps IS301
// quiet), but the preferred fix stays the nearest location unless
// nearestLocations itself judged the data plane region close enough to lead.

import type { Fix, OfflineRule } from '../server/engine/types';
import { strSubRange } from '../server/engine/ruleKit';
import { isGarLocation, nearestLocations } from '../server/model/registry';
import { checkedRegistry, spliceFix } from './shared/registry';

export const rule: OfflineRule = {
  code: 'IS104',
  name: 'gar-location-unknown',
  severity: 'error',
  summary: 'Artifact Registry host with a location that does not exist',
  configKeys: ['dataplane.region'],
  docs: {
    whatItDoes: 'Reports an Artifact Registry host whose location is not one Artifact Registry has: the AWS spelling `us-east-1`, `us-east` without a number, a region that does not exist such as `europe-west5`. Only the location is underlined. The fixes offer the nearest valid locations, the configured data plane region first.',
    runtimeError: { when: 'push', error: 'the host does not resolve, so the push fails after the whole build' },
    why:
      'An Artifact Registry host names a location: a region such as `us-east1` or a multi-region (`us`, `europe`, `asia`). ' +
      'A location Artifact Registry does not have, often the AWS spelling `us-east-1` or a region that does not exist such as ' +
      '`europe-west5`, makes a host that does not resolve, and the push fails after the whole build. The fixes offer the ' +
      'nearest valid locations, the data plane region (`[tool.imagespec-lint.dataplane] region`) first.',
    example: 'image = ImageSpec(name="etl", registry="us-east-1-docker.pkg.dev/my-project/images")',
    fixed: 'image = ImageSpec(name="etl", registry="us-east1-docker.pkg.dev/my-project/images")',
  },
  fixSafety: { kind: 'mixed', note: 'Respelling `us-east-1` as `us-east1` is safe; any other location moves the image elsewhere.' },
  appliesTo: [{ sdk: 'flytekit' }],
  check(decl, ctx) {
    const reg = checkedRegistry(decl);
    const loc = reg?.p.gar?.location;
    if (!reg || !loc || loc.text === '' || isGarLocation(loc.text)) return [];

    const dp = ctx.config.dataplane.region?.trim().toLowerCase();
    const dataplane = dp && isGarLocation(dp) ? dp : undefined;
    const nearest = nearestLocations(loc.text, dataplane);
    // The data plane region always comes first; the preferred fix stays the
    // nearest location unless nearestLocations itself judged the data plane
    // region close enough to lead.
    const order = dataplane ? [dataplane, ...nearest.filter((c) => c !== dataplane)] : nearest;
    const preferred = nearest[0] ?? dataplane;
    // `us-east-1` → `us-east1` is a spelling fix that cannot move the image elsewhere.
    const respelled = loc.text.replace(/-(\d+)$/, '$1');

    const fixes: Fix[] = [];
    for (const c of order) {
      const title = `Use location \`${c}\`${c === dataplane ? ' (the data plane region)' : ''}`;
      const fix = spliceFix(decl, reg.v, loc.start, loc.end, c, title, {
        preferred: c === preferred,
        safe: c === preferred && c === respelled,
      });
      if (fix) fixes.push(fix);
    }

    const aws = /^[a-z]+-[a-z]+-\d+$/.test(loc.text) ? ' (AWS writes regions with a hyphen before the number; Google Cloud does not)' : '';
    const hint = preferred ? `; did you mean \`${preferred}\`?` : '; see `gcloud artifacts locations list` for the valid ones';
    return [
      {
        range: strSubRange(reg.v, loc.start, loc.end, ctx.lines),
        message: `Artifact Registry has no location \`${loc.text}\`${aws}: the host \`${reg.p.host.text}\` does not exist and the push fails${hint}`,
        fixes,
      },
    ];
  },
};
