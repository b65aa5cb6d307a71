#!/usr/bin/env node
// Records from which flytekit release a behaviour a rule predicts holds, for
// the behaviours server/flytekit/versions.ts does not model (rules read the
// others from there, rules/shared/sdkRange.ts): for each probe (a text
// flytekit's source gains with the behaviour), the first commit that added
// it (`git log -S`) and the first release tag containing that commit. The
// results are those rules' `appliesTo` entries (the commit is in the note);
// run it again to check them.
//
//   node scripts/flytekit-since.js /path/to/flytekit(.git) [up-to-tag]
//
// Takes a clone or a bare repository of flyteorg/flytekit; reads nothing else.
'use strict';
const { execFileSync } = require('node:child_process');

const PROBES = [
  { codes: 'IS102', file: 'flytekit/image_spec/image_spec.py', text: 'self.registry = self.registry.lower()', what: 'registry and name lowercased in __post_init__' },
  { codes: 'IS405', file: 'flytekit/image_spec/image_spec.py', text: 'must be set when copy is set', what: 'an empty source_root rejected' },
];

const [repo, upTo = 'HEAD'] = process.argv.slice(2);
if (!repo) {
  console.error('usage: node scripts/flytekit-since.js FLYTEKIT_GIT_DIR [UP_TO_REF]');
  process.exit(2);
}
const git = (...args) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 }).trim();
const release = (tag) => /^v\d+\.\d+\.\d+$/.test(tag);
const byVersion = (a, b) => {
  const pa = a.slice(1).split('.').map(Number);
  const pb = b.slice(1).split('.').map(Number);
  return pa[0] - pb[0] || pa[1] - pb[1] || pa[2] - pb[2];
};

for (const p of PROBES) {
  const commit = git('log', '--reverse', '--format=%H', '-S', p.text, upTo, '--', p.file).split('\n')[0];
  if (!commit) {
    console.log(`${p.codes}\t${p.what}\tnot found`);
    continue;
  }
  const first = git('tag', '--contains', commit).split('\n').filter(release).sort(byVersion)[0] ?? '(no release yet)';
  console.log(`${p.codes}\t${p.what}\t${first.replace(/^v/, '')}\tflyteorg/flytekit@${commit.slice(0, 9)}`);
}
