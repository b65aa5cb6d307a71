#!/usr/bin/env node
// Regenerates the README's rules table from the built catalog:
//   npm run build && node scripts/update-readme-rules.js
// test/catalog.test.ts fails when the README is out of date.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { catalog } = require('../dist/rules');
const { rulesTableMarkdown } = require('../dist/server/cli/explain');
const file = path.join(__dirname, '..', 'README.md');
const text = fs.readFileSync(file, 'utf8');
const start = '<!-- rules-table:start -->';
const end = '<!-- rules-table:end -->';
const a = text.indexOf(start);
const b = text.indexOf(end);
if (a === -1 || b === -1) throw new Error('README.md has no rules-table markers');
fs.writeFileSync(file, text.slice(0, a + start.length) + '\n' + rulesTableMarkdown(catalog) + '\n' + text.slice(b));
