// What rules may ask Artifact Registry. The implementation (client.ts) owns
// the real @google-cloud/artifact-registry client, deduplication, the
// on-disk cache, concurrency limits and timeouts; rules only see answers.

/** The `[tool.imagespec-lint.gar]` section of the config (engine/config.ts reads it). */
export interface GarConfig {
  /** `http://127.0.0.1:PORT` = plaintext gRPC without credentials; `host[:port]` = TLS with ADC. */
  endpoint?: string;
  /** Per-request timeout in milliseconds (default 5000). */
  timeoutMs: number;
  /** Repositories the user knows exist, offered by IS103's fixes: `["LOCATION/PROJECT/REPO"]` or bare `["REPO"]`. */
  repositories: string[];
}

/** What creating the service reads from the config. */
export interface GarSettings {
  /** `deep`: on, off, or on when credentials are found. */
  deep: 'auto' | boolean;
  gar: GarConfig;
}

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
  /**
   * A short human sentence, without credentials: the API's own for what it
   * answered about the resource (not-found, permission, credentials), in
   * our words for the transport and other failures ("could not connect to
   * HOST:PORT (connection refused)").
   */
  message: string;
  /**
   * The raw text the client library gave (sanitized), when `message` says
   * it in other words: for --verbose and the language server's log, never
   * the finding's message.
   */
  detail?: string;
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
  /** Releases the gRPC channel (a CLI run calls it before exiting; an editor when settings change). */
  close?(): Promise<void>;
}

/** Permission IS204 asks about (testIamPermissions). */
export const UPLOAD_PERMISSION = 'artifactregistry.repositories.uploadArtifacts';

/** Role IS302 (deep) looks for on the repository for the data plane's node service account. */
export const READER_ROLE = 'roles/artifactregistry.reader';

/** What to tell a user with no (or rejected) credentials. */
export const LOGIN_HINT = 'run `gcloud auth application-default login` (or set GOOGLE_APPLICATION_CREDENTIALS to a service account key file)';

/**
 * The API spells a domain-scoped project `example.com:my-project`; image URIs
 * spell it `example.com/my-project`. Accept both, return the API form.
 */
export function apiProjectId(project: string): string {
  const slash = project.indexOf('/');
  return slash >= 0 ? `${project.slice(0, slash)}:${project.slice(slash + 1)}` : project;
}

/** `projects/P/locations/L/repositories/R`, the resource name every call uses. */
export function repositoryName(ref: RepoRef): string {
  return `projects/${apiProjectId(ref.project)}/locations/${ref.location}/repositories/${ref.repository}`;
}

/**
 * Container Registry hosts are served by Artifact Registry repositories named
 * after the host ("gcr.io repositories"): `gcr.io/P` -> `us` / `gcr.io`,
 * `eu.gcr.io/P` -> `europe` / `eu.gcr.io`, `asia.gcr.io/P` -> `asia` / `asia.gcr.io`.
 */
export function gcrRepoRef(host: string, project: string): RepoRef | undefined {
  const h = host.toLowerCase();
  const location = ({ 'gcr.io': 'us', 'us.gcr.io': 'us', 'eu.gcr.io': 'europe', 'asia.gcr.io': 'asia' } as Record<string, string>)[h];
  return location ? { project, location, repository: h } : undefined;
}
