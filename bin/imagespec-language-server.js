#!/usr/bin/env node
'use strict';
// imagespec-language-server --stdio (the transport flags --stdio, --node-ipc
// and --socket=PORT are read by vscode-languageserver itself).
require('../dist/server/lsp/server.js').startServer();
