#!/usr/bin/env node
'use strict';
// imagespec-language-server --stdio (the transport flags --stdio, --node-ipc
// and --socket=PORT are read by vscode-languageserver itself).
// Runs the bundle (dist/bundle/, scripts/bundle.js) unless the per-module
// build is newer (tsc run alone after an edit: never run stale code). The
// npm package and the VS Code extension carry only the bundle.
const fs = require('fs');
const path = require('path');
const dist = path.join(__dirname, '..', 'dist');
const bundle = path.join(dist, 'bundle', 'imagespec-language-server.js');
const modules = path.join(dist, 'server', 'lsp', 'server.js');
const b = fs.statSync(bundle, { throwIfNoEntry: false });
const m = fs.statSync(modules, { throwIfNoEntry: false });
require(b && (!m || b.mtimeMs >= m.mtimeMs) ? bundle : modules).startServer();
