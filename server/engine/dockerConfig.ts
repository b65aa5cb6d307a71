// The Docker client's credential configuration, as IS601 needs it.
// Read from $DOCKER_CONFIG/config.json or ~/.docker/config.json.

export interface DockerConfigInfo {
  /** The file consulted (may not exist). */
  path: string;
  exists: boolean;
  /**
   * Set when the file exists but cannot be read or parsed, what is wrong
   * with it after its path ("is not valid JSON: ..."): reported once, never thrown.
   */
  error?: string;
  credHelpers: Record<string, string>;
  auths: string[];
  credsStore?: string;
}
