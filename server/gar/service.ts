// What rules may ask Artifact Registry. The implementation (client.ts) owns
// the real @google-cloud/artifact-registry client, deduplication, the
// on-disk cache, concurrency limits and timeouts; rules only see answers.

export type GarFailureKind =
  | 'not-found'
  | 'permission-denied'
  | 'service-disabled'
  | 'unauthenticated'
  | 'timeout'
  | 'unavailable'
  | 'other';

export interface GarFailure {
  kind: GarFailureKind;
  /** A short human sentence from the API or the transport, without credentials. */
  message: string;
  /** For service-disabled: the API to enable (`artifactregistry.googleapis.com`). */
  service?: string;
}

export type GarAnswer<T> = { ok: true; value: T } | { ok: false; failure: GarFailure };

export type RepoFormat = 'DOCKER' | 'MAVEN' | 'NPM' | 'PYTHON' | 'APT' | 'YUM' | 'GO' | 'KFP' | 'GENERIC' | string;
export type RepoMode = 'STANDARD_REPOSITORY' | 'REMOTE_REPOSITORY' | 'VIRTUAL_REPOSITORY' | string;

export interface RepoRef {
  project: string;
  location: string;
  repository: string;
}

export interface RepoInfo extends RepoRef {
  /** Full resource name: projects/P/locations/L/repositories/R. */
  name: string;
  format: RepoFormat;
  mode: RepoMode;
}

export interface IamBinding {
  role: string;
  members: string[];
}

export interface GarService {
  /** Who the calls run as (an email, "anonymous (plaintext endpoint)"), for messages; never a token. */
  readonly identity: string;
  getRepository(ref: RepoRef): Promise<GarAnswer<RepoInfo>>;
  listRepositories(project: string, location: string): Promise<GarAnswer<RepoInfo[]>>;
  /** Whether the caller holds artifactregistry.repositories.uploadArtifacts on the repository. */
  canUpload(ref: RepoRef): Promise<GarAnswer<boolean>>;
  getIamBindings(ref: RepoRef): Promise<GarAnswer<IamBinding[]>>;
  /** Creates a DOCKER, STANDARD repository and waits for the long-running operation. */
  createRepository(ref: RepoRef): Promise<GarAnswer<RepoInfo>>;
}
