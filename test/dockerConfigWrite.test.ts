import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigureDockerError, configureDocker, parseConfigureDockerArgs } from '../server/engine/dockerConfigWrite';
import { readDockerConfig } from '../server/engine/dockerConfigFile';
import { tmpDir } from './helpers/tmp';

let dir: string;
let env: NodeJS.ProcessEnv;
const cfgFile = (): string => path.join(dir, 'config.json');

beforeEach(() => {
  dir = tmpDir('isl-docker-');
  env = { DOCKER_CONFIG: dir, HOME: '/nonexistent-home' };
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('imagespec.configureDocker executor', () => {
  it('adds the helper and keeps every other key, their order, the indentation and the file mode', () => {
    const original = '{\n  "auths": {\n    "https://index.docker.io/v1/": {}\n  },\n  "credsStore": "desktop",\n  "credHelpers": {\n    "gcr.io": "gcloud"\n  },\n  "psFormat": "table {{.ID}}"\n}\n';
    fs.writeFileSync(cfgFile(), original, { mode: 0o640 });
    fs.chmodSync(cfgFile(), 0o640);
    const r = configureDocker({ host: 'us-east1-docker.pkg.dev', helper: 'gcloud' }, env);
    expect(r).toEqual({
      path: fs.realpathSync(cfgFile()),
      changed: true,
      message: `Docker now uses the gcloud credential helper for us-east1-docker.pkg.dev (${fs.realpathSync(cfgFile())})`,
    });
    expect(fs.readFileSync(cfgFile(), 'utf8')).toBe(
      '{\n  "auths": {\n    "https://index.docker.io/v1/": {}\n  },\n  "credsStore": "desktop",\n  "credHelpers": {\n    "gcr.io": "gcloud",\n    "us-east1-docker.pkg.dev": "gcloud"\n  },\n  "psFormat": "table {{.ID}}"\n}\n',
    );
    expect(fs.statSync(cfgFile()).mode & 0o777).toBe(0o640);
    // No temp file is left behind, and the reader sees the new helper.
    expect(fs.readdirSync(dir)).toEqual(['config.json']);
    expect(readDockerConfig(env).credHelpers).toEqual({ 'gcr.io': 'gcloud', 'us-east1-docker.pkg.dev': 'gcloud' });
  });

  it('creates the folder and the file (0600) when missing, tab-indented like the docker CLI', () => {
    env.DOCKER_CONFIG = path.join(dir, 'nested', 'docker');
    const r = configureDocker({ host: '123456789012.dkr.ecr.us-west-2.amazonaws.com', helper: 'ecr-login' }, env);
    const file = path.join(dir, 'nested', 'docker', 'config.json');
    expect(r.changed).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe('{\n\t"credHelpers": {\n\t\t"123456789012.dkr.ecr.us-west-2.amazonaws.com": "ecr-login"\n\t}\n}\n');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('does nothing when the entry is there, and replaces another helper', () => {
    fs.writeFileSync(cfgFile(), '{"credHelpers":{"us-docker.pkg.dev":"gcloud"}}');
    const before = fs.statSync(cfgFile()).mtimeMs;
    const same = configureDocker({ host: 'us-docker.pkg.dev', helper: 'gcloud' }, env);
    expect(same.changed).toBe(false);
    expect(fs.readFileSync(cfgFile(), 'utf8')).toBe('{"credHelpers":{"us-docker.pkg.dev":"gcloud"}}');
    expect(fs.statSync(cfgFile()).mtimeMs).toBe(before);
    const other = configureDocker({ host: 'us-docker.pkg.dev', helper: 'desktop' }, env);
    expect(other.previous).toBe('gcloud');
    expect(JSON.parse(fs.readFileSync(cfgFile(), 'utf8'))).toEqual({ credHelpers: { 'us-docker.pkg.dev': 'desktop' } });
  });

  it('writes through a symlinked config to its target', () => {
    const target = path.join(dir, 'dotfiles-docker.json');
    fs.writeFileSync(target, '{"auths":{}}');
    fs.symlinkSync(target, cfgFile());
    configureDocker({ host: 'ghcr.io', helper: 'gh' }, env);
    expect(fs.lstatSync(cfgFile()).isSymbolicLink()).toBe(true);
    expect(JSON.parse(fs.readFileSync(target, 'utf8'))).toEqual({ auths: {}, credHelpers: { 'ghcr.io': 'gh' } });
  });

  it('never overwrites a corrupt config', () => {
    fs.writeFileSync(cfgFile(), '{"auths": {,}');
    expect(() => configureDocker({ host: 'us-docker.pkg.dev', helper: 'gcloud' }, env)).toThrow(ConfigureDockerError);
    expect(() => configureDocker({ host: 'us-docker.pkg.dev', helper: 'gcloud' }, env)).toThrow(/is not valid JSON .*it was left unchanged/);
    expect(fs.readFileSync(cfgFile(), 'utf8')).toBe('{"auths": {,}');
    fs.writeFileSync(cfgFile(), '{"credHelpers": ["x"]}');
    expect(() => configureDocker({ host: 'us-docker.pkg.dev', helper: 'gcloud' }, env)).toThrow('"credHelpers" is not an object');
  });

  it('validates the arguments the client passes back', () => {
    expect(parseConfigureDockerArgs([{ host: 'US-Docker.pkg.dev', helper: 'gcloud' }])).toEqual({ host: 'us-docker.pkg.dev', helper: 'gcloud' });
    expect(parseConfigureDockerArgs({ host: 'localhost:5000', helper: 'x' })).toEqual({ host: 'localhost:5000', helper: 'x' });
    for (const bad of [{ host: 'https://x.io', helper: 'gcloud' }, { host: 'x.io/p', helper: 'gcloud' }, { host: 'x.io', helper: '../evil' }, { host: '', helper: 'gcloud' }, null]) {
      expect(() => parseConfigureDockerArgs(bad), JSON.stringify(bad)).toThrow(ConfigureDockerError);
    }
  });
});
