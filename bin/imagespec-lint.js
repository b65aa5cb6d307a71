#!/usr/bin/env node
'use strict';
// The CLI bundle through V8's code cache (server/cli/loadBundle.ts explains
// why). The loader comes as one bundled file (dist/bundle/boot.js) unless
// the per-module build is newer (tsc run alone after an edit).
const fs = require('fs');
const path = require('path');
const dist = path.join(__dirname, '..', 'dist');
const boot = path.join(dist, 'bundle', 'boot.js');
const loader = path.join(dist, 'server', 'cli', 'loadBundle.js');
const b = fs.statSync(boot, { throwIfNoEntry: false });
const l = fs.statSync(loader, { throwIfNoEntry: false });
const argv = process.argv.slice(2);
const loaderModule = require(b && (!l || b.mtimeMs >= l.mtimeMs) ? boot : loader);
// A run on named files keeps a code cache of its own (loadBundle.ts cliCacheFlavor).
const { cli, codeCache } = loaderModule.loadCli({ distDir: dist, noCache: argv.includes('--no-cache'), flavor: loaderModule.cliCacheFlavor(argv) });
cli.run(argv, codeCache);
