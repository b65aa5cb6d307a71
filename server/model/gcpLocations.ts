// Google Cloud regions and Artifact Registry locations: offline data that
// IS104 (unknown GAR location), IS301 (location vs data plane region) and
// hover read. No network: the list is a snapshot, and a location missing
// here produces a finding, so the list errs on the side of completeness.
//
// Sources (checked 2026):
// - gcloud's own list of Artifact Registry Docker hosts, as written by
//   `gcloud auth configure-docker` into credHelpers: every
//   `LOCATION-docker.pkg.dev` and `docker.LOCATION.rep.pkg.dev` host below.
// - Google Cloud "Geography and regions" tables as reproduced on product
//   location pages (region name and city).
// - Artifact Registry "Repository locations": multi-regions `us` (data
//   centers in the United States), `europe` (data centers within member
//   states of the European Union), `asia` (data centers in Asia).
// The live list is `gcloud artifacts locations list`; update this file from it.

export interface GcpRegion {
  /** Region name, e.g. `us-east1`. */
  name: string;
  /** City or area, for hover and messages. */
  city: string;
  /**
   * Not generally available to every project (private or allow-listed
   * regions, e.g. TPU regions). Valid in a registry host, so never reported
   * as unknown, but never suggested either.
   */
  restricted?: boolean;
  /** Artifact Registry has a regional endpoint `docker.REGION.rep.pkg.dev` (per gcloud's host list). */
  repEndpoint?: boolean;
}

/** Regions where Artifact Registry repositories can be created. */
export const GAR_REGIONS: readonly GcpRegion[] = [
  // Africa
  { name: 'africa-south1', city: 'Johannesburg', repEndpoint: true },
  // Asia Pacific
  { name: 'asia-east1', city: 'Taiwan', repEndpoint: true },
  { name: 'asia-east2', city: 'Hong Kong', repEndpoint: true },
  { name: 'asia-northeast1', city: 'Tokyo', repEndpoint: true },
  { name: 'asia-northeast2', city: 'Osaka', repEndpoint: true },
  { name: 'asia-northeast3', city: 'Seoul', repEndpoint: true },
  { name: 'asia-south1', city: 'Mumbai', repEndpoint: true },
  { name: 'asia-south2', city: 'Delhi', repEndpoint: true },
  { name: 'asia-southeast1', city: 'Singapore', repEndpoint: true },
  { name: 'asia-southeast2', city: 'Jakarta', repEndpoint: true },
  { name: 'asia-southeast3', city: 'Bangkok' },
  { name: 'australia-southeast1', city: 'Sydney', repEndpoint: true },
  { name: 'australia-southeast2', city: 'Melbourne', repEndpoint: true },
  // Europe
  { name: 'europe-central2', city: 'Warsaw', repEndpoint: true },
  { name: 'europe-north1', city: 'Finland', repEndpoint: true },
  { name: 'europe-north2', city: 'Stockholm' },
  { name: 'europe-southwest1', city: 'Madrid', repEndpoint: true },
  { name: 'europe-west1', city: 'Belgium', repEndpoint: true },
  { name: 'europe-west2', city: 'London', repEndpoint: true },
  { name: 'europe-west3', city: 'Frankfurt', repEndpoint: true },
  { name: 'europe-west4', city: 'Netherlands', repEndpoint: true },
  { name: 'europe-west6', city: 'Zurich', repEndpoint: true },
  { name: 'europe-west8', city: 'Milan', repEndpoint: true },
  { name: 'europe-west9', city: 'Paris', repEndpoint: true },
  { name: 'europe-west10', city: 'Berlin', repEndpoint: true },
  { name: 'europe-west12', city: 'Turin', repEndpoint: true },
  // Middle East
  { name: 'me-central1', city: 'Doha', repEndpoint: true },
  { name: 'me-central2', city: 'Dammam', repEndpoint: true },
  { name: 'me-west1', city: 'Tel Aviv', repEndpoint: true },
  // North America
  { name: 'northamerica-northeast1', city: 'Montréal', repEndpoint: true },
  { name: 'northamerica-northeast2', city: 'Toronto', repEndpoint: true },
  { name: 'northamerica-south1', city: 'Querétaro' },
  { name: 'us-central1', city: 'Iowa', repEndpoint: true },
  { name: 'us-central2', city: 'Oklahoma (private region)', restricted: true, repEndpoint: true },
  { name: 'us-east1', city: 'South Carolina', repEndpoint: true },
  { name: 'us-east4', city: 'Northern Virginia', repEndpoint: true },
  { name: 'us-east5', city: 'Columbus', repEndpoint: true },
  { name: 'us-east7', city: 'restricted region', restricted: true, repEndpoint: true },
  { name: 'us-south1', city: 'Dallas', repEndpoint: true },
  { name: 'us-west1', city: 'Oregon', repEndpoint: true },
  { name: 'us-west2', city: 'Los Angeles', repEndpoint: true },
  { name: 'us-west3', city: 'Salt Lake City', repEndpoint: true },
  { name: 'us-west4', city: 'Las Vegas', repEndpoint: true },
  { name: 'us-west8', city: 'restricted region', restricted: true },
  // South America
  { name: 'southamerica-east1', city: 'São Paulo', repEndpoint: true },
  { name: 'southamerica-west1', city: 'Santiago', repEndpoint: true },
];

export interface GarMultiRegion {
  name: 'us' | 'europe' | 'asia';
  description: string;
  /**
   * Decides whether a region lies inside the multi-region. `us` and `asia`
   * are geographic (every `us-*` region is in the United States, every
   * `asia-*` one in Asia), so a prefix is exact and also covers regions newer
   * than this file. `europe` means EU member states only: London
   * (europe-west2) and Zurich (europe-west6) are in Europe but not in the EU,
   * so it is an explicit list. Middle East (`me-*`) and Australia regions are
   * deliberately outside `asia`: Google files them under their own geographies.
   */
  contains(region: string): boolean;
}

/** EU member-state regions, the extent of the `europe` multi-region. */
export const EU_REGIONS: readonly string[] = [
  'europe-central2', // Poland
  'europe-north1', // Finland
  'europe-north2', // Sweden
  'europe-southwest1', // Spain
  'europe-west1', // Belgium
  'europe-west3', // Germany
  'europe-west4', // Netherlands
  'europe-west8', // Italy
  'europe-west9', // France
  'europe-west10', // Germany
  'europe-west12', // Italy
];

export const GAR_MULTI_REGIONS: readonly GarMultiRegion[] = [
  { name: 'us', description: 'data centers in the United States', contains: (r) => /^us-[a-z]+\d+$/.test(r) },
  { name: 'europe', description: 'data centers in EU member states', contains: (r) => EU_REGIONS.includes(r) },
  { name: 'asia', description: 'data centers in Asia', contains: (r) => /^asia-[a-z]+\d+$/.test(r) },
];

const regionByName = new Map(GAR_REGIONS.map((r) => [r.name, r]));
const multiByName = new Map(GAR_MULTI_REGIONS.map((m) => [m.name as string, m]));

export function garRegion(name: string): GcpRegion | undefined {
  return regionByName.get(name);
}

export function garMultiRegion(name: string): GarMultiRegion | undefined {
  return multiByName.get(name);
}

/** Every Artifact Registry location name: regions, then multi-regions. */
export const GAR_LOCATION_NAMES: readonly string[] = [
  ...GAR_REGIONS.map((r) => r.name),
  ...GAR_MULTI_REGIONS.map((m) => m.name),
];

/**
 * GCP regions outside Artifact Registry's list. Empty today: every public
 * Compute region also hosts Artifact Registry. Kept as its own export so the
 * data plane region (a GCP region) is validated against the right list if the
 * two ever diverge.
 */
const GCP_ONLY_REGIONS: readonly string[] = [];

export function isGcpRegion(name: string): boolean {
  return regionByName.has(name) || GCP_ONLY_REGIONS.includes(name);
}
