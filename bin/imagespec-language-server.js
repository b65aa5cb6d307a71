#!/usr/bin/env node
'use strict';
// imagespec-language-server --stdio (the transport flags --stdio, --node-ipc
// and --socket=PORT are read by vscode-languageserver itself).
// Runs the bundle (dist/bundle/, scripts/bundle.js) unless the per-module
// build is newer (tsc run alone after an edit: never run stale code). The
// npm package and the VS Code extension carry only the bundle.
// The bundle runs through V8's code cache (dist/bundle/boot.js, as the CLI
// does: server/cli/loadBundle.ts loadServer); without boot.js, directly.
const fs = require('fs');
const path = require('path');
const dist = path.join(__dirname, '..', 'dist');
const boot = path.join(dist, 'bundle', 'boot.js');
const bundle = path.join(dist, 'bundle', 'imagespec-language-server.js');
const modules = path.join(dist, 'server', 'lsp', 'server.js');
const b = fs.statSync(bundle, { throwIfNoEntry: false });
const m = fs.statSync(modules, { throwIfNoEntry: false });
const useBundle = b && (!m || b.mtimeMs >= m.mtimeMs);
if (useBundle && fs.existsSync(boot)) require(boot).loadServer({ distDir: dist }).server.startServer();
else require(useBundle ? bundle : modules).startServer();
