// The VS Code extension: starts the imagespec language server that ships
// inside it (server/: the npm package's bin/ and dist/bundle/ with the
// native parsers, staged by scripts/build-vsix.js) through
// vscode-languageclient, passes the `imagespec.*` settings (settings.ts),
// and puts the server's commands in the palette. Everything the server
// does (diagnostics, quick fixes, hover, completion, links) comes over LSP.

import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CodeActionRequest,
  LanguageClient,
  TransportKind,
  type CodeAction,
  type Command,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { documentMentionsFlyte, PROJECT_FILES, projectFileMentionsFlyte } from './activation';
import { commandChoices, CONFIGURE_DOCKER, CREATE_REPOSITORY, FIX_ALL_KIND, parseRegistryHost, parseRepositoryPath, wholeDocument } from './commands';
import { toServerSettings } from './settings';

const SECTION = 'imagespec';
const RUNNING = 'imagespec.serverRunning';

let client: LanguageClient | undefined;
let starting: Promise<void> | undefined;

function rawSettings(scope?: vscode.Uri): Record<string, unknown> {
  // A WorkspaceConfiguration holds the section's values (declared defaults included) as properties.
  return JSON.parse(JSON.stringify(vscode.workspace.getConfiguration(SECTION, scope))) as Record<string, unknown>;
}

function isLinted(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme === 'file' && (doc.languageId === 'python' || doc.languageId === 'yaml');
}

async function workspaceMentionsFlyte(): Promise<boolean> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    for (const name of PROJECT_FILES) {
      try {
        const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, name));
        if (projectFileMentionsFlyte(name, Buffer.from(bytes).toString('utf8'))) return true;
      } catch {
        /* not there */
      }
    }
  }
  return false;
}

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const serverModule = context.asAbsolutePath(path.join('server', 'bin', 'imagespec-language-server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'file', language: 'yaml' },
    ],
    initializationOptions: toServerSettings(rawSettings()),
    middleware: {
      workspace: {
        // The server asks for the `imagespec` section (globally and per
        // folder); it gets the translated settings, never raw defaults.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return result.map((value, i) => (params.items[i]?.section === SECTION ? toServerSettings(value as Record<string, unknown>) : value));
        },
        // `settings: null` makes the server ask again through
        // workspace/configuration (answered above), so a changed setting
        // is never sent untranslated.
        didChangeConfiguration: (_sections, next) => next(undefined),
      },
      // The server's commands run from quick fixes with their arguments;
      // from the palette they come without, and we ask for them.
      executeCommand: async (command, args, next) => {
        if (args.length === 0 || args[0] === undefined) {
          const asked = await askArguments(command);
          if (!asked) return undefined;
          args = asked;
        }
        return next(command, args);
      },
    },
  };
  return new LanguageClient(SECTION, 'imagespec', serverOptions, clientOptions);
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  if (client) return;
  starting ??= (async () => {
    const c = createClient(context);
    client = c;
    try {
      await c.start();
    } catch (e) {
      // The client has logged why in its output channel; a restart may try again.
      client = undefined;
      void vscode.window.showErrorMessage(`imagespec: the language server did not start: ${(e as Error).message}`);
      return;
    }
    await vscode.commands.executeCommand('setContext', RUNNING, true);
  })().finally(() => (starting = undefined));
  return starting;
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  await vscode.commands.executeCommand('setContext', RUNNING, false);
  if (c) await c.stop();
}

/** Code actions the server offers for the whole active document. */
async function documentActions(kind: string): Promise<(Command | CodeAction)[]> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor || !isLinted(editor.document)) return [];
  const doc = editor.document;
  const res = await client.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: client.code2ProtocolConverter.asUri(doc.uri) },
    range: wholeDocument(doc.lineCount),
    context: { diagnostics: [], only: [kind] },
  });
  return res ?? [];
}

/** Arguments for a server command run from the palette: a quick fix's, or typed. */
async function askArguments(command: string): Promise<unknown[] | undefined> {
  if (command !== CREATE_REPOSITORY && command !== CONFIGURE_DOCKER) return undefined;
  const typed = '$(edit) Enter it…';
  const choices = commandChoices((await documentActions('quickfix').catch(() => [])) as CodeAction[], command);
  if (choices.length) {
    const pick = await vscode.window.showQuickPick([...choices.map((c) => c.label), typed], { placeHolder: 'From the problems in this file, or enter it' });
    if (!pick) return undefined;
    const chosen = choices.find((c) => c.label === pick);
    if (chosen) return chosen.args;
  }
  if (command === CREATE_REPOSITORY) {
    const text = await vscode.window.showInputBox({
      title: 'Create an Artifact Registry Docker repository',
      prompt: 'LOCATION-docker.pkg.dev/PROJECT/REPOSITORY',
      placeHolder: 'us-east1-docker.pkg.dev/my-project/images',
      validateInput: (v) => {
        const r = parseRepositoryPath(v);
        return 'error' in r ? r.error : undefined;
      },
    });
    if (text === undefined) return undefined;
    const r = parseRepositoryPath(text);
    return 'args' in r ? [r.args] : undefined;
  }
  const hostText = await vscode.window.showInputBox({
    title: 'Add a Docker credential helper',
    prompt: 'Registry host',
    placeHolder: 'us-east1-docker.pkg.dev',
    validateInput: (v) => {
      const r = parseRegistryHost(v);
      return 'error' in r ? r.error : undefined;
    },
  });
  if (hostText === undefined) return undefined;
  const host = parseRegistryHost(hostText);
  if (!('host' in host)) return undefined;
  const helper = await vscode.window.showInputBox({ title: `Credential helper for ${host.host}`, prompt: 'docker-credential-HELPER', value: 'gcloud' });
  if (!helper) return undefined;
  return [{ host: host.host, helper: helper.trim() }];
}

async function fixAll(): Promise<void> {
  if (!client) {
    void vscode.window.showInformationMessage('imagespec: the language server is not running (no Python or YAML file with an ImageSpec is open).');
    return;
  }
  const actions = await documentActions(FIX_ALL_KIND);
  const action = actions.find((a): a is CodeAction => 'kind' in a && a.kind === FIX_ALL_KIND && !!a.edit);
  if (!action?.edit) {
    void vscode.window.showInformationMessage('imagespec: nothing to fix automatically in this file.');
    return;
  }
  await vscode.workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(action.edit));
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand('imagespec.fixAll', fixAll),
    vscode.commands.registerCommand('imagespec.restartServer', async () => {
      await stop();
      await start(context);
    }),
    { dispose: () => void stop() },
  );

  // Start once a Python or YAML file mentions Flyte, or the workspace depends on it.
  const maybeStart = (doc: vscode.TextDocument) => {
    if (!client && isLinted(doc) && documentMentionsFlyte(doc.getText())) void start(context);
  };
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(maybeStart));
  vscode.workspace.textDocuments.forEach(maybeStart);
  if (!client && (await workspaceMentionsFlyte())) await start(context);
}

export async function deactivate(): Promise<void> {
  await stop();
}
