// The registry-string model: one parser that rules (IS101-IS109, IS301,
// IS302, IS601) and hover share, so every feature agrees on what the host,
// the project and the repository of `registry="..."` are. This file is the
// entry; the parts live in ./registry/:
//   scan.ts       the body of a registry among the noise pasted around it
//   parse.ts      host kind (GAR, GCR, ECR, GHCR, ACR, Docker Hub, ...) and parts
//   problems.ts   what keeps a string from being a clean registry; stripping it
//   ids.ts        what project, repository, account, owner and namespace ids may be
//   locations.ts  Artifact Registry locations: known, containing, nearest; gcr.io
//
// Pure functions, no I/O. Every offset is a [start, end) index into the
// string passed in, in UTF-16 code units (JavaScript string indices), so a
// rule adds it to the start of the literal's content to underline exactly
// the project or repository segment, and a fix replaces that range.
//
// The parser is tolerant: it never throws, and it looks through the noise
// users paste around a registry (quotes, backticks, a scheme, a trailing
// slash or period, a tag or digest) so that a dirty value still has a host
// and segments. `registryProblems` reports that noise; `stripRegistryNoise`
// removes it. What an SDK itself accepts (flytekit's registry regex) is the
// SDK's business: server/flytekit/ builds on this module, never the reverse.

export type { Segment } from './registry/scan';
export {
  GAR_FORMATS,
  parseRegistry,
  type AcrInfo,
  type DockerHubInfo,
  type EcrInfo,
  type GarFormat,
  type GarInfo,
  type GarProject,
  type GcrInfo,
  type HostKind,
  type NamespaceInfo,
  type ParsedRegistry,
} from './registry/parse';
export { registryProblems, stripRegistryNoise, type RegistryProblem, type RegistryProblemKind } from './registry/problems';
export {
  garProjectToProjectId,
  GCR_REPOSITORY_NAMES,
  isValidAcrName,
  isValidAwsAccountId,
  isValidDockerHubNamespace,
  isValidGarRepositoryId,
  isValidGcpProjectId,
  isValidGhcrOwner,
} from './registry/ids';
export { gcrToArtifactRegistry, GCR_HOST_LOCATIONS, isGarLocation, locationContains, nearestLocations } from './registry/locations';
