// The data plane's provider and region, checked when the config (or
// --dataplane-region, or $IMAGESPEC_DATAPLANE_REGION) sets them. IS301 judges
// a registry's location against the region only when both are known values,
// so a typo (`gpc`, `us-east-1` on Google Cloud) would switch it off
// silently: it is a configuration error instead, naming the closest valid
// value.

import { AWS_REGIONS, isAwsRegion } from '../model/awsRegions';
import { garMultiRegion, isGcpRegion } from '../model/gcpLocations';
import { nearestLocations } from '../model/registry/locations';

/** Provider names, each with the cloud it means. */
const PROVIDERS: Record<string, 'gcp' | 'aws' | 'azure' | 'oci'> = {
  gcp: 'gcp',
  gke: 'gcp',
  google: 'gcp',
  'google-cloud': 'gcp',
  gcloud: 'gcp',
  aws: 'aws',
  amazon: 'aws',
  eks: 'aws',
  azure: 'azure',
  aks: 'azure',
  oci: 'oci',
  oracle: 'oci',
};

/** The cloud a provider name means; undefined for an unknown name. */
export function providerCloud(provider: string): 'gcp' | 'aws' | 'azure' | 'oci' | undefined {
  return PROVIDERS[provider.trim().toLowerCase()];
}

/** What is wrong with the data plane's provider or region, with the closest valid value. */
export function dataplaneProblem(dp: { provider?: string; region?: string }): { key: 'provider' | 'region'; detail: string } | undefined {
  let cloud: string | undefined;
  // Empty means unset (editors send "" for a setting left empty).
  if (dp.provider?.trim()) {
    cloud = providerCloud(dp.provider!);
    if (!cloud) {
      const near = closestOf(dp.provider!.trim().toLowerCase(), ['gcp', 'aws', 'azure', 'oci', ...Object.keys(PROVIDERS)]);
      const canonical = near ? PROVIDERS[near] : undefined;
      return {
        key: 'provider',
        detail: `unknown provider ${JSON.stringify(dp.provider)}${canonical ? `; did you mean "${canonical}"?` : ''} (known: "gcp", "aws", "azure", "oci")`,
      };
    }
  }
  const region = dp.region?.trim().toLowerCase();
  if (!region) return undefined;
  if (cloud === 'azure' || cloud === 'oci') return undefined;
  if (cloud === 'aws') {
    if (isAwsRegion(region)) return undefined;
    const near = closestOf(region, AWS_REGIONS.map((r) => r.name));
    return { key: 'region', detail: `${JSON.stringify(dp.region)} is not an AWS region${near ? `; did you mean "${near}"?` : ''}` };
  }
  // Google Cloud, or no provider (IS301 then takes the region as Google Cloud's).
  if (isGcpRegion(region)) return undefined;
  const zone = /^([a-z]+-[a-z]+\d+)-[a-z]$/.exec(region);
  if (zone && isGcpRegion(zone[1])) return { key: 'region', detail: `${JSON.stringify(dp.region)} is a zone; the data plane region is "${zone[1]}"` };
  if (garMultiRegion(region)) {
    return { key: 'region', detail: `${JSON.stringify(dp.region)} is an Artifact Registry multi-region; a data plane runs in one region, such as "${nearestLocations(region, undefined, 10).find(isGcpRegion) ?? 'us-east1'}"` };
  }
  const near = nearestLocations(region, undefined, 10).find(isGcpRegion);
  const mean = near ? `; did you mean "${near}"?` : '';
  if (cloud === undefined && isAwsRegion(region)) {
    return { key: 'region', detail: `${JSON.stringify(dp.region)} is an AWS region, not a Google Cloud one${mean} (for a data plane on AWS, set provider = "aws")` };
  }
  return { key: 'region', detail: `${JSON.stringify(dp.region)} is not a Google Cloud region${mean}` };
}

function closestOf(bad: string, cands: readonly string[]): string | undefined {
  let best: { c: string; d: number } | undefined;
  for (const c of cands) {
    const d = distance(bad, c);
    if (!best || d < best.d) best = { c, d };
  }
  return best && best.d <= Math.max(2, Math.floor(bad.length / 3)) ? best.c : undefined;
}

/** Optimal string alignment distance: a swap of two letters (`gpc`) is one edit. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 0; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
