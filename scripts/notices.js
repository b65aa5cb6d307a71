// THIRD-PARTY-NOTICES.md for what we ship bundled: every npm package whose
// code esbuild put into a bundle (read from the builds' metafiles), with
// its licence text. MIT, ISC, BSD and Apache-2.0 all ask that the notice
// travel with the code; a bundle drops the packages' own LICENSE files.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** The folder of the package a file belongs to: the nearest folder above it with a named package.json. */
function packageDir(file) {
  let dir = path.dirname(file);
  for (;;) {
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj) && JSON.parse(fs.readFileSync(pj, 'utf8')).name) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${file}`);
    dir = parent;
  }
}

function licenseFile(dir) {
  return fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
}

/** Absolute paths of the inputs of esbuild results built with `metafile: true` in `cwd`. */
function metafileInputs(results, cwd) {
  return results.flatMap((r) => Object.keys(r.metafile.inputs).map((i) => path.resolve(cwd, i)));
}

/** The notices for files (absolute paths); files outside node_modules are ours and skipped. */
function notices(files, title) {
  const pkgs = new Map();
  for (const f of files) {
    if (!f.split(path.sep).includes('node_modules')) continue;
    const dir = packageDir(f);
    if (pkgs.has(dir)) continue;
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const lic = licenseFile(dir);
    pkgs.set(dir, { id: `${pkg.name}@${pkg.version}`, license: pkg.license ?? 'see the package', text: lic ? fs.readFileSync(path.join(dir, lic), 'utf8').trim() : '' });
  }
  // One entry per name@version (a package may sit in two places of node_modules).
  const byId = new Map([...pkgs.values()].map((p) => [p.id, p]));
  const list = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out = [`# ${title}`, '', 'Packages whose code is bundled here, with their licences.', ''];
  for (const p of list) {
    out.push(`## ${p.id} (${p.license})`, '');
    if (p.text) out.push('```text', p.text, '```', '');
  }
  return out.join('\n');
}

module.exports = { packageDir, licenseFile, metafileInputs, notices };
