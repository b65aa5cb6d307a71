#!/usr/bin/env node
'use strict';
// The CLI bundle through V8's code cache (server/cli/loadBundle.ts explains
// why). The loader comes as one bundled file (dist/bundle/boot.js) unless
// the per-module build is newer (tsc run alone after an edit).
// TurboFan, V8's optimizing compiler, spent ~0.5 s of CPU on a cold run over
// the bench tree (a few large functions compiled several times over, ~30-60
// ms each) to save ~0.1 s of a 1.6 s run; with a worker on the second core
// it competed with the lint itself (1.83 s with a worker, 1.64 s without).
// A higher interrupt budget lets only code that stays hot reach it (a long
// run still gets it): the same cold run with a worker measured 1.42-1.47 s.
// Set before any of our code is compiled, so that the code cache's flag
// hash is the same in every run.
require('v8').setFlagsFromString('--interrupt-budget=1000000');
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
