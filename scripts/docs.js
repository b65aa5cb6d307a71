#!/usr/bin/env node
// `npm run docs`: writes what the rules' metadata makes: a page per rule
// (docs/rules/ISnnn.md), their index (docs/rules/README.md) and the README's
// rules table; removes a page no rule makes any more. Run it after adding or
// changing a rule; test/rule-docs.test.ts fails while a file is stale.
// `--check` writes nothing and exits 1 naming the stale files.
// Reads the built catalog: `npm run docs` compiles first (tsc).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { catalog } = require('../dist/rules');
const { generatedDocs, isRulePageName, RULE_PAGES_DIR } = require('../dist/server/cli/ruleDocs');

const root = path.join(__dirname, '..');
const check = process.argv.includes('--check');
const read = (rel) => {
  try {
    return fs.readFileSync(path.join(root, rel), 'utf8');
  } catch {
    return undefined;
  }
};

const want = generatedDocs(catalog, read('README.md'));
const stale = [];
for (const [rel, content] of want) {
  if (read(rel) === content) continue;
  stale.push(rel);
  if (!check) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
}
for (const name of fs.readdirSync(path.join(root, RULE_PAGES_DIR))) {
  const rel = `${RULE_PAGES_DIR}/${name}`;
  if (!isRulePageName(name) || want.has(rel)) continue;
  stale.push(`${rel} (no rule)`);
  if (!check) fs.rmSync(path.join(root, rel));
}
if (check) {
  if (stale.length) {
    process.stderr.write(`stale, run npm run docs:\n${stale.map((s) => `  ${s}\n`).join('')}`);
    process.exit(1);
  }
  process.stdout.write('docs up to date\n');
} else {
  process.stdout.write(stale.length ? `updated:\n${stale.map((s) => `  ${s}\n`).join('')}` : 'docs up to date\n');
}
