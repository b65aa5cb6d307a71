// The Docker client config (IS601) for a long-running server: read once and
// re-read only when the file changes, also for clients that do not watch
// files for us.

import * as fs from 'node:fs';
import type { DockerConfigInfo } from '../engine/dockerConfig';
import { dockerConfigPath, readDockerConfig } from '../engine/dockerConfigFile';

export class DockerConfigMemo {
  private key = '';
  private info: DockerConfigInfo | undefined;
  get(): DockerConfigInfo {
    const p = dockerConfigPath();
    let key: string;
    try {
      const st = fs.statSync(p);
      key = `${p}\0${st.mtimeMs}\0${st.size}`;
    } catch {
      key = `${p}\0missing`;
    }
    if (!this.info || key !== this.key) {
      this.info = readDockerConfig();
      this.key = key;
    }
    return this.info;
  }
  invalidate(): void {
    this.info = undefined;
  }
}
