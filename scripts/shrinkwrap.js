#!/usr/bin/env node
// prepack: npm-shrinkwrap.json for the tarball, a copy of package-lock.json
// (the same format; npm skips its dev entries when installing the package).
// A registry install of imagespec-lint then resolves the native parsers'
// dependency tree to the versions we test. (Everything else the package
// runs is bundled in dist/bundle; npm ignores a shrinkwrap inside a local
// tarball, which is how pre-commit installs, so the bundles are what pin
// versions there.)
// postpack (--remove): deletes it again. Left in the checkout, it would
// take over from package-lock.json in the next `npm install`.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const file = path.join(root, 'npm-shrinkwrap.json');
if (process.argv.includes('--remove')) fs.rmSync(file, { force: true });
else fs.copyFileSync(path.join(root, 'package-lock.json'), file);
