// Only known locations are judged (an unknown one is IS104's finding), and
// only when the data plane is on Google Cloud (or its provider is unset)
// with a region we know. The regional endpoint form
// (`docker.LOCATION.rep.pkg.dev`) exists only for some regions, so the fix
// is offered only where the rewritten host exists.

import { describeOrigin } from '../server/model/decl';
import type { Config } from '../server/engine/config';
import { providerCloud } from '../server/engine/dataplane';
import type { OfflineRule } from '../server/engine/types';
import { strSubRange } from '../server/engine/ruleKit';
import { GAR_MULTI_REGIONS, garMultiRegion, garRegion } from '../server/model/gcpLocations';
import { isGarLocation, locationContains } from '../server/model/registry';
import { checkedRegistry, registryFix } from './shared/registry';

/** The data plane region when the data plane is on Google Cloud (or the provider is unset) and the region is known. */
function gcpDataplaneRegion(config: Config): string | undefined {
  const dp = config.dataplane;
  if (dp.provider && providerCloud(dp.provider) !== 'gcp') return undefined;
  const r = dp.region?.trim().toLowerCase();
  // A data plane runs in one region; a multi-region or an unknown name cannot be judged.
  if (!r || !garRegion(r)) return undefined;
  return r;
}

export const rule: OfflineRule = {
  code: 'IS301',
  name: 'gar-region-mismatch',
  severity: 'warning',
  summary: 'Artifact Registry location differs from the data plane region',
  docs: {
    whatItDoes: 'Reports an Artifact Registry location in `registry` that is not the configured data plane region (`[tool.imagespec-lint.dataplane] region` or `--dataplane-region`). A multi-region that contains the region (`us` for `us-east1`) is fine.',
    why: 'Task pods pull their image from the registry on every cold start. When the Artifact Registry repository lives in another region than the data plane, each pull crosses regions: slower starts, inter-region network charges, and a dependency on a second region being up. A multi-region that contains the data plane region (`us` for `us-east1`) is fine. Set the region under `[tool.imagespec-lint.dataplane]` or with `--dataplane-region`.',
    example: '# [tool.imagespec-lint.dataplane] region = "us-east1"\nimage = ImageSpec(name="etl", registry="europe-west1-docker.pkg.dev/my-project/images")',
    fixed: 'image = ImageSpec(name="etl", registry="us-east1-docker.pkg.dev/my-project/images")',
  },
  fixSafety: { kind: 'unsafe', note: 'The repository must exist in the new location too.' },
  appliesTo: [{ sdk: 'flytekit' }],
  configKeys: ['dataplane.region', 'dataplane.provider'],
  check(decl, ctx) {
    const region = gcpDataplaneRegion(ctx.config);
    if (!region) return [];
    const reg = checkedRegistry(decl);
    const loc = reg?.p.gar?.location;
    if (!reg || !loc || reg.p.gar?.format?.text !== 'docker') return [];
    if (!isGarLocation(loc.text) || locationContains(loc.text, region)) return [];
    const { v, p } = reg;
    const fixes = [];
    // The regional endpoint form only exists for regions that have one.
    const canRewrite = p.gar!.style !== 'regional' || garRegion(region)?.repEndpoint === true;
    if (canRewrite) {
      const fix = registryFix(decl, v, v.value.slice(0, loc.start) + region + v.value.slice(loc.end), `Push to \`${region}\`, the data plane region`, {
        preferred: true,
        // The repository must exist in the new location too.
        safe: false,
      });
      if (fix) fixes.push(fix);
    }
    const kind = garMultiRegion(loc.text) ? 'multi-region' : 'region';
    const multi = GAR_MULTI_REGIONS.find((m) => m.contains(region));
    return [
      {
        range: strSubRange(v, loc.start, loc.end, ctx.lines),
        message:
          `Artifact Registry ${kind} \`${loc.text}\`${describeOrigin(v)} is not the data plane region \`${region}\`: every task start pulls the image across regions (slower starts, egress charges). ` +
          `Push to a repository in \`${region}\`${multi ? ` or in the \`${multi.name}\` multi-region` : ''}`,
        fixes,
      },
    ];
  },
};
