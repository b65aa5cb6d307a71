// The VS Code extension's pure parts, under Node (they import nothing from
// `vscode`): the translation of the `imagespec.*` settings into what the
// language server reads, checked against the server's own settings
// parser; when the extension starts the server; the palette's argument
// parsing. The settings VS Code would hand over are built from the
// extension's manifest (its declared defaults), so a setting added to
// package.json without a translation fails here.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toServerSettings } from '../editors/vscode/src/settings';
import { documentMentionsFlyte, projectFileMentionsFlyte } from '../editors/vscode/src/activation';
import { commandChoices, parseRegistryHost, parseRepositoryPath, wholeDocument } from '../editors/vscode/src/commands';
import { parseSettings, ProjectConfigs } from '../server/lsp/settings';
import { COMMANDS } from '../server/lsp/commands';
import { FIX_ALL_KIND } from '../server/lsp/codeActions';
import { ROOT } from './helpers/cli';
import { tmpProject } from './helpers/lint';

interface SettingSchema {
  default: unknown;
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'editors', 'vscode', 'package.json'), 'utf8')) as {
  version: string;
  contributes: { configuration: { properties: Record<string, SettingSchema> }; commands: { command: string }[] };
};
const properties = manifest.contributes.configuration.properties;

/** What `workspace.getConfiguration('imagespec')` holds: dotted keys as nested objects, with `over` applied. */
function vscodeSettings(over: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(properties)) {
    const value = key in over ? over[key] : schema.default;
    const parts = key.split('.').slice(1);
    let o = out;
    for (const p of parts.slice(0, -1)) o = (o[p] ??= {}) as Record<string, unknown>;
    o[parts[parts.length - 1]] = structuredClone(value);
  }
  return out;
}

/** The config and options the server ends up with for a project, given VS Code settings. */
function serverView(project: string, over: Record<string, unknown>) {
  const problems: string[] = [];
  const sent = toServerSettings(vscodeSettings(over));
  const settings = parseSettings(sent, problems);
  const configs = new ProjectConfigs(() => project);
  configs.setSettings(settings);
  const p = configs.forFile(path.join(project, 'wf.py'));
  return { sent, problems, options: settings.options, config: p.config, error: p.error };
}

describe('VS Code settings → server settings', () => {
  const project = tmpProject({
    '.git/': '',
    'pyproject.toml': '[tool.imagespec-lint]\nignore = ["IS107"]\ndeep = false\n\n[tool.imagespec-lint.dataplane]\nregion = "us-east1"\n',
  });

  it('the declared defaults send no config key: the project keeps its own configuration', () => {
    const v = serverView(project, {});
    expect(v.sent).toEqual({ diagnosticMode: 'auto', lintWorkspace: false, debounceMs: 0, deepDebounceMs: 300 });
    expect(v.problems).toEqual([]);
    expect(v.error).toBeUndefined();
    expect(v.config.ignore).toEqual(['IS107']);
    expect(v.config.deep).toBe(false);
    expect(v.config.dataplane.region).toBe('us-east1');
    expect(v.options).toEqual({ debounceMs: 0, deepDebounceMs: 300, diagnosticMode: 'auto', lintWorkspace: false });
  });

  // One row per contributed setting: a value a user sets, and what the server must make of it.
  const rows: [string, unknown, (v: ReturnType<typeof serverView>) => unknown, unknown][] = [
    ['imagespec.select', ['IS1', 'is301'], (v) => v.config.select, ['IS1', 'IS301']],
    ['imagespec.ignore', [], (v) => v.config.ignore, []],
    ['imagespec.severity', { IS301: 'error' }, (v) => v.config.severity, { IS301: 'error' }],
    ['imagespec.deep', 'on', (v) => v.config.deep, true],
    ['imagespec.dataplane.provider', 'gcp', (v) => v.config.dataplane.provider, 'gcp'],
    ['imagespec.dataplane.project', 'acme-ml', (v) => v.config.dataplane.project, 'acme-ml'],
    ['imagespec.dataplane.region', 'europe-west4', (v) => v.config.dataplane.region, 'europe-west4'],
    ['imagespec.dataplane.nodeServiceAccount', 'nodes@acme-ml.iam.gserviceaccount.com', (v) => v.config.dataplane.nodeServiceAccount, 'nodes@acme-ml.iam.gserviceaccount.com'],
    ['imagespec.gar.endpoint', 'http://127.0.0.1:8080', (v) => v.config.gar.endpoint, 'http://127.0.0.1:8080'],
    ['imagespec.gar.timeout', 2.5, (v) => v.config.gar.timeoutMs, 2500],
    ['imagespec.gar.repositories', ['us-east1/acme-ml/images'], (v) => v.config.gar.repositories, ['us-east1/acme-ml/images']],
    ['imagespec.exclude', ['legacy/'], (v) => v.config.exclude, ['legacy/']],
    ['imagespec.specs', ['images/*.yaml'], (v) => v.config.specs, ['images/*.yaml']],
    ['imagespec.workdir', 'examples/etl', (v) => v.config.workdir, 'examples/etl'],
    ['imagespec.builder', 'envd', (v) => v.config.builder, 'envd'],
    ['imagespec.flytekitVersion', '>=1.14,<1.16', (v) => v.config.flytekitVersion, '>=1.14,<1.16'],
    ['imagespec.diagnosticMode', 'push', (v) => v.options.diagnosticMode, 'push'],
    ['imagespec.lintWorkspace', true, (v) => v.options.lintWorkspace, true],
    ['imagespec.debounceMs', 50, (v) => v.options.debounceMs, 50],
    ['imagespec.deepDebounceMs', 1000, (v) => v.options.deepDebounceMs, 1000],
    ['imagespec.trace.server', 'verbose', (v) => v.sent.trace, undefined],
  ];

  it('every contributed setting has a row here', () => {
    expect(rows.map((r) => r[0]).sort()).toEqual(Object.keys(properties).sort());
  });

  for (const [key, value, read, want] of rows) {
    it(`${key} = ${JSON.stringify(value)} reaches the server as it means`, () => {
      const v = serverView(project, { [key]: value });
      expect(v.problems).toEqual([]);
      expect(v.error).toBeUndefined();
      expect(read(v)).toEqual(want);
    });
  }

  it('deep: "project" leaves the project\'s, "auto" / "off" are the config values', () => {
    expect(serverView(project, { 'imagespec.deep': 'project' }).config.deep).toBe(false);
    expect(serverView(project, { 'imagespec.deep': 'auto' }).config.deep).toBe('auto');
    expect(serverView(project, { 'imagespec.deep': 'off' }).config.deep).toBe(false);
    expect(toServerSettings(vscodeSettings({ 'imagespec.deep': 'off' })).deep).toBe(false);
  });

  it('the config-file keys go out in the config file\'s spelling', () => {
    const sent = toServerSettings(vscodeSettings({ 'imagespec.dataplane.nodeServiceAccount': 'sa@p.iam.gserviceaccount.com', 'imagespec.gar.timeout': 3, 'imagespec.flytekitVersion': '1.15.3' }));
    expect(sent.dataplane).toEqual({ 'node-service-account': 'sa@p.iam.gserviceaccount.com' });
    expect(sent.gar).toEqual({ timeout: 3 });
    expect(sent['flytekit-version']).toBe('1.15.3');
  });

  it('workdir: the project\'s own stays unless set; a setting replaces it and the server checks it', () => {
    const pinned = tmpProject({ '.git/': '', 'pyproject.toml': '[tool.imagespec-lint]\nworkdir = "jobs"\n' });
    expect(serverView(pinned, {}).config.workdir).toBe('jobs');
    expect(serverView(pinned, { 'imagespec.workdir': 'examples/etl' }).config.workdir).toBe('examples/etl');
    const bad = serverView(pinned, { 'imagespec.workdir': '../elsewhere' });
    expect(bad.error).toBe('editor settings: imagespec.workdir: expected a folder inside the project root, relative to it, got "../elsewhere"');
    expect(bad.config.workdir).toBe('jobs');
  });

  it('a value of the wrong type is passed on, and the server says what is wrong with it', () => {
    const v = serverView(project, { 'imagespec.select': 'IS1' });
    expect(v.sent.select).toBe('IS1');
    expect(v.error).toBe('editor settings: imagespec.select: expected a list of strings');
    const w = serverView(project, { 'imagespec.debounceMs': -5 });
    expect(w.problems).toEqual(['imagespec.debounceMs: expected a number of milliseconds between 0 and 10000']);
  });

  it('nothing usable in: nothing out', () => {
    expect(toServerSettings(undefined)).toEqual({});
    expect(toServerSettings(null)).toEqual({});
  });
});

describe('VS Code manifest', () => {
  it('has the server\'s version (one release of both)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(manifest.version).toBe(pkg.version);
  });

  it('puts fix all, the server\'s commands that users run by hand, and restart in the palette', () => {
    const ids = manifest.contributes.commands.map((c) => c.command);
    expect(ids).toEqual(['imagespec.fixAll', 'imagespec.createRepository', 'imagespec.configureDocker', 'imagespec.restartServer']);
    // The two server commands are the server's own (the language client registers them).
    expect(COMMANDS).toEqual(expect.arrayContaining(['imagespec.createRepository', 'imagespec.configureDocker']));
    expect(FIX_ALL_KIND).toBe('source.fixAll.imagespec');
  });
});

describe('when the extension starts the server', () => {
  it('a Python or YAML document that declares or imports what we lint', () => {
    expect(documentMentionsFlyte('from flytekit import ImageSpec\n')).toBe(true);
    expect(documentMentionsFlyte('import flyte\nenv = flyte.TaskEnvironment(image=flyte.Image.from_debian_base())\n')).toBe(true);
    expect(documentMentionsFlyte('name: etl\nregistry: ghcr.io/acme\n')).toBe(false);
    expect(documentMentionsFlyte('import numpy as np\nflytekitten = 1\n')).toBe(false);
  });

  it('a project file that configures us or depends on flytekit, flyte or union', () => {
    expect(projectFileMentionsFlyte('imagespec-lint.toml', '')).toBe(true);
    expect(projectFileMentionsFlyte('pyproject.toml', '[project]\ndependencies = ["flytekit>=1.16", "pandas"]\n')).toBe(true);
    expect(projectFileMentionsFlyte('pyproject.toml', '[project]\ndependencies = ["union==0.1.180"]\n')).toBe(true);
    expect(projectFileMentionsFlyte('requirements.txt', 'pandas\nflyte==2.0.0\n')).toBe(true);
    expect(projectFileMentionsFlyte('pyproject.toml', '[tool.imagespec-lint]\nignore = []\n')).toBe(true);
    expect(projectFileMentionsFlyte('pyproject.toml', '[project]\ndependencies = ["flytekitplugins-envd>=1.16"]\n')).toBe(true);
    expect(projectFileMentionsFlyte('poetry.lock', '[[package]]\nname = "unionai"\nversion = "0.1.5"\n')).toBe(true);
    expect(projectFileMentionsFlyte('pyproject.toml', '[project]\ndependencies = ["reunion", "flytekitten"]\ndescription = "a union of two sets"\n')).toBe(false);
    expect(projectFileMentionsFlyte('requirements.txt', 'pandas\nnumpy\n')).toBe(false);
  });
});

describe('palette arguments', () => {
  it('a repository path becomes createRepository\'s arguments', () => {
    expect(parseRepositoryPath(' us-east1-docker.pkg.dev/acme-ml/images/ ')).toEqual({ args: { location: 'us-east1', project: 'acme-ml', repository: 'images' } });
    expect(parseRepositoryPath('https://europe-docker.pkg.dev/acme-ml/images')).toEqual({ args: { location: 'europe', project: 'acme-ml', repository: 'images' } });
    expect(parseRepositoryPath('us-east1-docker.pkg.dev/acme-ml')).toHaveProperty('error');
    expect(parseRepositoryPath('ghcr.io/acme/images')).toHaveProperty('error');
  });

  it('a registry host for configureDocker', () => {
    expect(parseRegistryHost(' US-East1-Docker.pkg.dev ')).toEqual({ host: 'us-east1-docker.pkg.dev' });
    expect(parseRegistryHost('localhost:5000')).toEqual({ host: 'localhost:5000' });
    expect(parseRegistryHost('https://gcr.io')).toHaveProperty('error');
    expect(parseRegistryHost('gcr.io/acme')).toHaveProperty('error');
  });

  it('the quick fixes that run a command, once per argument list', () => {
    const a = { title: 'Run gcloud auth configure-docker', command: { title: 'x', command: 'imagespec.configureDocker', arguments: [{ host: 'gcr.io', helper: 'gcloud' }] } };
    const actions = [a, { ...a, title: 'again' }, { title: 'edit only' }, { title: 'other', command: { title: 'y', command: 'imagespec.createRepository', arguments: [{}] } }];
    expect(commandChoices(actions, 'imagespec.configureDocker')).toEqual([{ label: 'Run gcloud auth configure-docker', args: [{ host: 'gcr.io', helper: 'gcloud' }] }]);
    expect(commandChoices(undefined, 'imagespec.configureDocker')).toEqual([]);
    expect(wholeDocument(3)).toEqual({ start: { line: 0, character: 0 }, end: { line: 3, character: 0 } });
  });
});
