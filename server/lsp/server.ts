// The language server's wiring: capabilities, handlers and their order.
// Every feature lives in its own file (diagnostics, codeActions, hover,
// completion, links, commands, settings, documents); nothing here knows a
// rule: the rule set comes from rules/ and goes to the diagnostics as it is
// (faultInjection.ts can make one rule throw, for tests). Handlers never
// throw to the client: an exception becomes a log line and an empty answer,
// and requests for documents that are not open get empty answers too.

import * as path from 'node:path';
import { createConnection } from 'vscode-languageserver/node';
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  CodeActionKind,
  type CancellationToken,
  type ClientCapabilities,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { catalog, ruleSet } from '../../rules';
import { withInjectedFault } from './faultInjection';
import { DocumentStore } from './documents';
import { Diagnostics } from './diagnostics';
import { DeepChecks } from './deep';
import { ProjectConfigs, parseSettings, type EditorSettings } from './settings';
import { codeActions, FIX_ALL_KIND, type EditCapabilities } from './codeActions';
import { completionFeature, hoverFeature, linksFeature } from './lazy';
import { createRun, lintText } from '../engine/lint';
import { defaultConfig } from '../engine/config';
import { COMMANDS, executeCommand } from './commands';
import { dockerConfigPath } from '../engine/dockerConfigFile';
import { workerMain } from './workspaceLint';

const SERVER_NAME = 'imagespec-language-server';

function version(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('../../../package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

function cancelled<T>(token: CancellationToken | undefined, value: () => T): T | ResponseError<void> {
  if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
  return value();
}

export function startServer(connection: Connection = createConnection()): Connection {
  let caps: ClientCapabilities = {};
  let folders: string[] = [];
  let mode: 'push' | 'pull' = 'push';
  let canRefresh = false;
  let configurationPull = false;
  let shuttingDown = false;

  const cwd = () => folders[0] ?? process.cwd();
  const log = (m: string) => connection.console.log(`imagespec: ${m}`);
  const docs = new DocumentStore(cwd);
  const projects = new ProjectConfigs(cwd, () => catalog.map((r) => r.code));
  const deep = new DeepChecks(log);
  const diagnostics = new Diagnostics({
    connection,
    docs,
    projects,
    deep,
    mode: () => mode,
    canRefresh: () => canRefresh,
    ruleSet: withInjectedFault(ruleSet, process.env),
    folders: () => folders,
    onConfigChanged: () => {
      deep.reset();
      // The other documents, after the lint that noticed it; then the new config's problems.
      setImmediate(() => {
        diagnostics.relintAll();
        reportProjectErrors();
      });
    },
  });
  const reportedSettings = new Set<string>();

  /** Runs a handler; an exception is logged once and becomes `fallback`. */
  function guard<A extends unknown[], R>(name: string, fallback: R, fn: (...a: A) => R | Promise<R>): (...a: A) => Promise<R> {
    return async (...a: A) => {
      try {
        return await fn(...a);
      } catch (e) {
        if (e instanceof ResponseError) throw e;
        connection.console.error(`imagespec: ${name} failed, please report it: ${(e as Error)?.stack ?? e}`);
        return fallback;
      }
    };
  }

  function applySettings(s: EditorSettings, problems: string[]): void {
    projects.setSettings(s);
    deep.reset();
    for (const p of problems) {
      if (reportedSettings.has(p)) continue;
      reportedSettings.add(p);
      void connection.window.showWarningMessage(`imagespec: ${p}`);
    }
  }

  function reportProjectErrors(): void {
    for (const p of projects.all()) {
      if (!p.error || reportedSettings.has(p.error)) continue;
      reportedSettings.add(p.error);
      connection.console.error(`imagespec: ${p.error}`);
      void connection.window.showErrorMessage(`imagespec: invalid configuration: ${p.error}`);
    }
  }

  async function pullConfiguration(): Promise<void> {
    if (!configurationPull) return;
    try {
      const [global] = await connection.workspace.getConfiguration([{ section: 'imagespec' }]);
      if (global !== null && global !== undefined) {
        const problems: string[] = [];
        applySettings(parseSettings({ imagespec: global }, problems), problems);
      }
      for (const f of folders) {
        const [scoped] = await connection.workspace.getConfiguration([{ scopeUri: pathToUri(f), section: 'imagespec' }]);
        if (scoped && typeof scoped === 'object' && Object.keys(scoped).length) projects.setScopedSettings(f, parseSettings({ imagespec: scoped }));
      }
    } catch (e) {
      log(`workspace/configuration failed: ${(e as Error).message}`);
    }
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    caps = params.capabilities ?? {};
    folders = workspaceFolders(params.workspaceFolders, params.rootUri, params.rootPath);
    const problems: string[] = [];
    const s = parseSettings(params.initializationOptions, problems);
    applySettings(s, problems);
    const pullCapable = !!caps.textDocument?.diagnostic;
    mode = s.options.diagnosticMode === 'auto' ? (pullCapable ? 'pull' : 'push') : s.options.diagnosticMode === 'pull' && pullCapable ? 'pull' : 'push';
    canRefresh = !!caps.workspace?.diagnostics?.refreshSupport;
    configurationPull = !!caps.workspace?.configuration;
    const result: InitializeResult = {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['(', ',', '"', "'", '/', '=', ' '], resolveProvider: false },
        documentLinkProvider: { resolveProvider: false },
        executeCommandProvider: { commands: COMMANDS },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: SERVER_NAME, version: version() },
    };
    if (mode === 'pull') {
      result.capabilities.diagnosticProvider = { identifier: 'imagespec', interFileDependencies: false, workspaceDiagnostics: true };
    }
    // What the first lint needs, before the answer goes out (see warmUp).
    warmUp();
    return result;
  });

  connection.onInitialized(
    guard('initialized', undefined, async () => {
      if (caps.workspace?.workspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders((e) => {
          const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
          folders = [...folders.filter((f) => !removed.has(f)), ...e.added.map((f) => uriToPath(f.uri))];
          projects.invalidate();
        });
      }
      if (caps.workspace?.didChangeConfiguration?.dynamicRegistration) {
        void connection.client.register(DidChangeConfigurationNotification.type, { section: 'imagespec' }).catch(() => undefined);
      }
      // Config files are watched by the client when it can register watchers;
      // otherwise (Neovim 0.7) their stat is checked before each lint.
      const watching = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
      projects.checkConfigStat(!watching);
      if (watching) {
        const docker = dockerConfigPath();
        void connection.client
          .register(DidChangeWatchedFilesNotification.type, {
            watchers: [
              { globPattern: '**/pyproject.toml' },
              { globPattern: '**/imagespec-lint.toml' },
              { globPattern: '**/*.txt' },
              { globPattern: '**/*.lock' },
              { globPattern: '**/*.{yaml,yml}' },
              { globPattern: { baseUri: pathToUri(path.dirname(docker)), pattern: path.basename(docker) } },
            ],
          })
          .catch((e: unknown) => {
            log(`cannot watch config files (${(e as Error)?.message ?? e}); checking them before each lint instead`);
            projects.checkConfigStat(true);
          });
      }
      if (configurationPull) {
        await pullConfiguration();
        diagnostics.relintAll();
      }
      reportProjectErrors();
      if (mode === 'push' && projects.options.lintWorkspace && folders.length) {
        const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
        progress?.begin('imagespec: linting the workspace', 0, undefined, true);
        await diagnostics.workspace.push(folders, progress?.token, { report: (p, m) => progress?.report(p, m ?? '') });
        progress?.done();
      }
    }),
  );

  connection.onDidChangeConfiguration(
    guard('didChangeConfiguration', undefined, async (params) => {
      const problems: string[] = [];
      const raw = params?.settings;
      if (raw && typeof raw === 'object' && Object.keys(raw).length) applySettings(parseSettings(raw, problems), problems);
      await pullConfiguration();
      projects.invalidate();
      diagnostics.relintAll({ deep: true });
      reportProjectErrors();
    }),
  );

  connection.onDidChangeWatchedFiles(
    guard('didChangeWatchedFiles', undefined, (params) => {
      let config = false;
      for (const c of params.changes) {
        const base = c.uri.split('/').pop() ?? '';
        if (base === 'pyproject.toml' || base === 'imagespec-lint.toml') config = true;
        if (base === 'config.json') diagnostics.forgetDockerConfig();
      }
      if (config) {
        projects.invalidate();
        deep.reset();
      }
      diagnostics.relintAll();
      if (config) reportProjectErrors();
    }),
  );

  connection.onDidOpenTextDocument(
    guard('didOpen', undefined, (params) => {
      const d = params.textDocument;
      const doc = docs.open(d.uri, d.languageId, d.version, d.text);
      diagnostics.changed(doc);
      projects.forFile(doc.file);
      reportProjectErrors();
    }),
  );

  connection.onDidChangeTextDocument(
    guard('didChange', undefined, (params) => {
      const doc = docs.change(params.textDocument.uri, params.textDocument.version ?? 0, params.contentChanges);
      if (doc) diagnostics.changed(doc);
    }),
  );

  connection.onDidCloseTextDocument(
    guard('didClose', undefined, (params) => {
      const doc = docs.close(params.textDocument.uri);
      if (doc) diagnostics.closed(doc.uri, doc.file);
    }),
  );

  connection.languages.diagnostics.on(
    guard('textDocument/diagnostic', { kind: 'full' as const, items: [] }, (params, token) =>
      cancelled(token, () => diagnostics.pull(params.textDocument.uri, params.previousResultId)) as never,
    ),
  );

  connection.languages.diagnostics.onWorkspace(
    guard('workspace/diagnostic', { items: [] }, async (params, token, workDone) => {
      const previous = new Map((params.previousResultIds ?? []).map((p) => [p.uri, p.value]));
      workDone?.begin('imagespec: linting the workspace', 0, undefined, true);
      const items = await diagnostics.workspace.pull(folders, previous, token, { report: (p, m) => workDone?.report(p, m ?? '') });
      workDone?.done();
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
      return { items };
    }),
  );

  const editCaps = (): EditCapabilities => ({
    documentChanges: !!caps.workspace?.workspaceEdit?.documentChanges,
    createFiles: !!caps.workspace?.workspaceEdit?.resourceOperations?.includes('create'),
  });

  connection.onCodeAction(
    guard('codeAction', [], (params, token) => {
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
      const state = diagnostics.current(params.textDocument.uri);
      if (!state) return [];
      return codeActions(state, diagnostics.findings(state), params, editCaps());
    }),
  );

  connection.onHover(
    guard('hover', null, async (params, token) => {
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
      const state = diagnostics.current(params.textDocument.uri);
      if (!state) return null;
      const h = await hoverFeature().hover(state, params.position, docs);
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
      return h;
    }),
  );

  connection.onCompletion(
    guard('completion', null, async (params, token) => {
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
      const doc = docs.get(params.textDocument.uri);
      if (!doc) return null;
      // Completion works on the text as typed; the last lint (if any) only lends its aliases.
      const project = projects.forFile(doc.file);
      const state = diagnostics.peek(doc.uri);
      const list = await completionFeature().complete({ text: doc.text, position: params.position, config: project.config, decls: state?.decls ?? [], gar: deep.forConfig(project.config) });
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
      return list;
    }),
  );

  connection.onDocumentLinks(
    guard('documentLink', [], (params, token) => {
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
      const state = diagnostics.current(params.textDocument.uri);
      return state ? linksFeature().documentLinks(state) : [];
    }),
  );

  connection.onExecuteCommand(
    guard('executeCommand', null, async (params) => {
      const res = await executeCommand(params.command, params.arguments, {
        gar: () => {
          for (const d of docs.all()) {
            const s = deep.forConfig(projects.forFile(d.file).config);
            if (s) return s;
          }
          const fallback = deep.forConfig(projects.forFile(path.join(cwd(), '__probe__.py')).config);
          return fallback ?? 'deep checks are off or have no credentials (see the imagespec log)';
        },
        roots: () => [...folders, ...docs.all().map((d) => projects.forFile(d.file).root)],
        relint: (o) => {
          if (o.deep) deep.reset();
          diagnostics.relintAll(o);
        },
        dockerConfigChanged: () => diagnostics.forgetDockerConfig(),
      });
      if (res.ok) void connection.window.showInformationMessage(res.message);
      else void connection.window.showErrorMessage(res.message);
      return res;
    }),
  );

  connection.onShutdown(async () => {
    shuttingDown = true;
    await deep.dispose();
  });
  connection.onExit(() => {
    process.exit(shuttingDown ? 0 : 1);
  });

  connection.listen();
  return connection;
}

/**
 * What the first lint needs, loaded and run once while `initialize` is being
 * answered: the parser (a native module and its language's node classes,
 * ~13 ms on the 2-core bench machine) and a lint of WARM_UP_MODULE, which
 * runs extraction and the rules for the first time (~8 ms, mostly what any
 * first run of that code costs: regular expressions compiled, inline caches
 * and feedback made), which the first real lint paid otherwise. An editor sends
 * didOpen as soon as it has the answer (VS Code and the bench within a few
 * milliseconds), so done after the answer all of it delayed that lint.
 * bench/lsp.ts startupOnce, 41 interleaved runs: didOpen to diagnostics
 * 114 -> 96 ms; `initialize` answered 20 ms later, spawn to diagnostics
 * 274 -> 277 ms (the parser no longer loads while the client turns the
 * answer into didOpen).
 */
function warmUp(): void {
  try {
    lintText(WARM_UP_MODULE, WARM_UP_FILE, createRun({ config: defaultConfig(), projectRoot: WARM_UP_ROOT, displayRoot: null, fs: NO_FILES, rules: ruleSet, dockerConfig: () => NO_DOCKER_CONFIG }));
  } catch {
    /* the first real lint reports it */
  }
}

/** An ordinary workflow module's declaration: the fields most specs set, a task using it. */
const WARM_UP_MODULE = `from flytekit import ImageSpec, task

image = ImageSpec(
    name="warm-up",
    registry="us-east1-docker.pkg.dev/project/images",
    python_version="3.11",
    packages=["pandas==2.2.2", "numpy"],
    apt_packages=["git"],
    env={"MODE": "batch"},
)


@task(container_image=image)
def step(x: int) -> int:
    return x
`;
// Nowhere: the warm-up lint sees no file (NO_FILES), and its findings go nowhere.
const WARM_UP_ROOT = path.join(path.sep, 'imagespec-warm-up');
const WARM_UP_FILE = path.join(WARM_UP_ROOT, 'workflow.py');
const NO_FILES = { kind: () => 'missing' as const, list: () => [], readText: () => undefined };
const NO_DOCKER_CONFIG = { path: '', exists: false, credHelpers: {}, auths: [] };

function uriToPath(uri: string): string {
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
}

function pathToUri(p: string): string {
  return pathToFileURL(p).href;
}

function workspaceFolders(wf: WorkspaceFolder[] | null | undefined, rootUri: string | null | undefined, rootPath: string | null | undefined): string[] {
  if (wf && wf.length) return wf.map((f) => uriToPath(f.uri));
  if (rootUri) return [uriToPath(rootUri)];
  if (rootPath) return [rootPath];
  return [];
}

/** A worker thread of the lint pool, for the workspace lint (server/workspace/pool.ts starts it through the server's loader). */
export function lintWorkerMain(): void {
  workerMain();
}

if (require.main === module) startServer();
