// Reads the Docker client config the way the docker CLI does:
// $DOCKER_CONFIG/config.json, else ~/.docker/config.json. Never throws: a
// missing file means "no credentials", a corrupt one is described in
// `error` so IS601 can say so once.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DockerConfigInfo } from './dockerConfig';

export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.DOCKER_CONFIG && env.DOCKER_CONFIG.trim() ? env.DOCKER_CONFIG : path.join(env.HOME || os.homedir(), '.docker');
  return path.join(dir, 'config.json');
}

export function readDockerConfig(env: NodeJS.ProcessEnv = process.env): DockerConfigInfo {
  const file = dockerConfigPath(env);
  const info: DockerConfigInfo = { path: file, exists: false, credHelpers: {}, auths: [] };
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') {
      info.exists = true;
      info.error = `cannot be read: ${code ?? (e as Error).message}`;
    }
    return info;
  }
  info.exists = true;
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    info.error = `is not valid JSON: ${(e as Error).message}`;
    return info;
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    info.error = 'is not a JSON object';
    return info;
  }
  const d = doc as Record<string, unknown>;
  if (d.credHelpers && typeof d.credHelpers === 'object' && !Array.isArray(d.credHelpers)) {
    for (const [host, helper] of Object.entries(d.credHelpers as Record<string, unknown>)) {
      if (typeof helper === 'string') info.credHelpers[host] = helper;
    }
  }
  if (d.auths && typeof d.auths === 'object' && !Array.isArray(d.auths)) info.auths = Object.keys(d.auths as object);
  if (typeof d.credsStore === 'string' && d.credsStore) info.credsStore = d.credsStore;
  return info;
}
