#!/usr/bin/env node
'use strict';
// The CLI bundle through V8's code cache (server/cli/loadBundle.ts explains why).
const argv = process.argv.slice(2);
require('../dist/server/cli/loadBundle.js')
  .loadCli({ noCache: argv.includes('--no-cache') })
  .cli.run(argv);
