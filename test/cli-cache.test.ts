// The CLI's per-file result cache (server/cli/cache.ts), through the built
// CLI with IMAGESPEC_CACHE_DIR and DOCKER_CONFIG in temp folders: a warm run
// prints what a cold one prints, reads the cache (a poisoned entry shows),
// and anything the lint depended on invalidates it.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { ROOT, runCli, type CliResult } from './helpers/cli';
import { tmpProject } from './helpers/lint';
import { mentionsImageSpec } from '../server/workspace/read';
import { statSignature } from '../server/engine/fs';
import { tmpDir } from './helpers/tmp';

const GAR = 'us-east1-docker.pkg.dev/my-project/images';
const SPEC = `from flytekit import ImageSpec\n\nimage = ImageSpec(name="etl", pacakges=["pandas"], requirements="requirements.txt", registry="${GAR}")\n`;

interface Setup {
  dir: string;
  cache: string;
  docker: string;
  run: (args?: string[], env?: Record<string, string>) => CliResult;
  index: () => string[];
}

function setup(files: Record<string, string> = { 'wf.py': SPEC, 'imagespec-lint.toml': '' }): Setup {
  const dir = tmpProject(files);
  const base = tmpDir('isl-cache-');
  const cache = path.join(base, 'cache');
  const docker = path.join(base, 'docker');
  const run = (args: string[] = [], env: Record<string, string> = {}) =>
    runCli(['--no-deep', '--exit-zero', '--output-format', 'concise', ...args], { cwd: dir, env: { IMAGESPEC_CACHE_DIR: cache, DOCKER_CONFIG: docker, ...env } });
  const index = () => {
    const d = path.join(cache, 'lint-v3');
    return fs.existsSync(d) ? fs.readdirSync(d).map((n) => path.join(d, n)) : [];
  };
  return { dir, cache, docker, run, index };
}

function codes(r: CliResult): string[] {
  return r.stdout
    .split('\n')
    .map((l) => / (IS\d{3}) /.exec(l)?.[1])
    .filter((c): c is string => !!c);
}

/** Rewrites every cached finding message of a code, to prove a run read the cache. */
function poison(indexFile: string, code: string): void {
  const doc = JSON.parse(fs.readFileSync(indexFile, 'utf8'));
  let n = 0;
  for (const e of Object.values(doc.entries) as { findings: { code: string; message: string }[] }[]) {
    for (const f of e.findings) {
      if (f.code !== code) continue;
      f.message = 'POISONED';
      n++;
    }
  }
  expect(n).toBeGreaterThan(0);
  fs.writeFileSync(indexFile, JSON.stringify(doc));
}

/** Edits a file and moves its mtime on, as a later save would. */
function edit(file: string, text: string): void {
  fs.writeFileSync(file, text);
  const t = new Date(Date.now() + 5000);
  fs.utimesSync(file, t, t);
}

describe('CLI result cache', () => {
  it('prints the same on a warm run, and the warm run reads the cache', () => {
    const s = setup();
    const cold = s.run();
    expect(codes(cold)).toEqual(['IS501', 'IS401', 'IS601']);
    expect(s.index()).toHaveLength(1);
    const warm = s.run();
    expect(warm).toEqual(cold);
    // Every format renders cached findings as it renders fresh ones.
    for (const fmt of ['full', 'json', 'sarif']) {
      const a = s.run(['--output-format', fmt, '--no-cache']);
      const b = s.run(['--output-format', fmt]);
      expect(b).toEqual(a);
    }
    poison(s.index()[0], 'IS501');
    expect(s.run().stdout).toContain('IS501 [error] POISONED');
  });

  it('re-lints a file whose text changed', () => {
    const s = setup();
    s.run();
    poison(s.index()[0], 'IS501');
    edit(path.join(s.dir, 'wf.py'), SPEC.replace('pacakges', 'packages'));
    const r = s.run();
    expect(codes(r)).toEqual(['IS401', 'IS601']);
    expect(r.stdout).not.toContain('POISONED');
  });

  it('trusts an unchanged stat signature without hashing, and the content hash when only the signature moved', () => {
    const s = setup();
    const cold = s.run();
    const [index] = s.index();
    const wf = path.join(s.dir, 'wf.py');
    let doc = JSON.parse(fs.readFileSync(index, 'utf8'));
    expect(doc.entries['wf.py'].s).toBe(statSignature(wf));
    // A wrong content hash goes unnoticed while the signature holds: the text was not hashed.
    poison(index, 'IS501');
    doc = JSON.parse(fs.readFileSync(index, 'utf8'));
    doc.entries['wf.py'].h = 'not-the-hash';
    fs.writeFileSync(index, JSON.stringify(doc));
    expect(s.run().stdout).toContain('POISONED');
    // Same bytes, new mtime (a touch, a checkout): the signature no longer
    // matches, the hash decides; here the hash is wrong, so a real lint.
    edit(wf, SPEC);
    expect(s.run()).toEqual(cold);
    // And a touch with the right hash is a hit: the poisoned message shows again.
    poison(s.index()[0], 'IS501');
    edit(wf, SPEC);
    expect(s.run().stdout).toContain('POISONED');
    // ...and the entry now carries the new signature: the next run need not hash.
    expect(JSON.parse(fs.readFileSync(s.index()[0], 'utf8')).entries['wf.py'].s).toBe(statSignature(wf));
  });

  it('re-lints a file rewritten in place at the same size with its mtime put back (its ctime moved)', () => {
    const s = setup();
    expect(codes(s.run())).toEqual(['IS501', 'IS401', 'IS601']);
    poison(s.index()[0], 'IS501');
    const wf = path.join(s.dir, 'wf.py');
    const before = fs.statSync(wf);
    // "pacakges" -> "packages": the same size, IS501 gone; the mtime restored as `touch -r` would.
    fs.writeFileSync(wf, SPEC.replace('pacakges', 'packages'));
    fs.utimesSync(wf, before.atimeMs / 1000, before.mtimeMs / 1000);
    expect(fs.statSync(wf).size).toBe(before.size);
    expect(Math.abs(fs.statSync(wf).mtimeMs - before.mtimeMs)).toBeLessThan(0.01);
    const r = s.run();
    expect(codes(r)).toEqual(['IS401', 'IS601']);
    expect(r.stdout).not.toContain('POISONED');
  });

  it('a warm run shows the same source lines, columns and files in every format without reading unchanged files with no findings', () => {
    const clean = `# The images are ImageSpecs in wf.py.\nx = 1\n`;
    // A non-ASCII line before the finding: display columns need the file's text.
    const wide = `from flytekit import ImageSpec\n# \u00e9t\u00e9 \u{1F600}\nimage = ImageSpec(name="\u00e9tl", pacakges=["pandas"], registry="${GAR}")\n`;
    const s = setup({ 'wf.py': SPEC, 'clean.py': clean, 'wide.py': wide, 'imagespec-lint.toml': '' });
    for (const fmt of ['full', 'concise', 'json', 'junit', 'sarif', 'gitlab', 'rdjson', 'github']) {
      const cold = s.run(['--output-format', fmt, '--no-cache']);
      s.run(['--output-format', fmt]);
      const warm = s.run(['--output-format', fmt]);
      expect(warm, fmt).toEqual(cold);
    }
    // junit names the clean file too (a testcase that passed).
    expect(s.run(['--output-format', 'junit']).stdout).toContain('<testcase name="clean.py" classname="imagespec-lint" file="clean.py"/>');
  });

  it('re-lints when a file a rule looked for appears (IS401 disappears)', () => {
    const s = setup();
    expect(codes(s.run())).toContain('IS401');
    poison(s.index()[0], 'IS501');
    fs.writeFileSync(path.join(s.dir, 'requirements.txt'), 'pandas\n');
    const r = s.run();
    expect(codes(r)).toEqual(['IS501', 'IS601']);
    expect(r.stdout).not.toContain('POISONED');
    // And when it goes away again.
    fs.unlinkSync(path.join(s.dir, 'requirements.txt'));
    expect(codes(s.run())).toEqual(['IS501', 'IS401', 'IS601']);
  });

  it('re-lints when the Docker config appears, changes or moves', () => {
    const s = setup();
    expect(codes(s.run())).toContain('IS601');
    fs.mkdirSync(s.docker, { recursive: true });
    const cfg = path.join(s.docker, 'config.json');
    fs.writeFileSync(cfg, JSON.stringify({ credHelpers: { 'us-east1-docker.pkg.dev': 'gcloud' } }));
    expect(codes(s.run())).toEqual(['IS501', 'IS401']);
    expect(codes(s.run())).toEqual(['IS501', 'IS401']);
    edit(cfg, JSON.stringify({ credHelpers: { 'europe-docker.pkg.dev': 'gcloud' } }));
    expect(codes(s.run())).toEqual(['IS501', 'IS401', 'IS601']);
    // DOCKER_CONFIG pointing elsewhere is another file.
    const other = tmpDir('isl-docker-');
    fs.writeFileSync(path.join(other, 'config.json'), JSON.stringify({ credHelpers: { 'us-east1-docker.pkg.dev': 'gcloud' } }));
    expect(codes(s.run([], { DOCKER_CONFIG: other }))).toEqual(['IS501', 'IS401']);
  });

  it('re-lints when the config, a flag or a data plane variable changes', () => {
    const s = setup();
    s.run();
    poison(s.index()[0], 'IS401');
    edit(path.join(s.dir, 'imagespec-lint.toml'), 'ignore = ["IS501"]\n');
    let r = s.run();
    expect(codes(r)).toEqual(['IS401', 'IS601']);
    expect(r.stdout).not.toContain('POISONED');
    expect(codes(s.run(['--ignore', 'IS601']))).toEqual(['IS401']);
    r = s.run([], { IMAGESPEC_DATAPLANE_REGION: 'europe-west1' });
    expect(codes(r)).toEqual(['IS401', 'IS301', 'IS601']);
    expect(codes(s.run())).toEqual(['IS401', 'IS601']);
  });

  it('re-lints when a FLYTE_IMAGE_* variable changes what Flyte 2 does', () => {
    const s = setup({
      'wf.py': 'import flyte\nfrom pathlib import Path\n\nimage = flyte.Image.from_dockerfile(Path("Dockerfile"), registry="ghcr.io/acme", name="etl")\n',
      Dockerfile: 'FROM python:3.12\n',
      'config.yaml': 'image:\n  builder: local\n',
      'imagespec-lint.toml': '',
    });
    // The local builder pushes with this machine's Docker credentials (none here: IS601).
    expect(codes(s.run())).toEqual(['IS601']);
    // flyte reads FLYTE_IMAGE_BUILDER before the file: the remote builder refuses Dockerfiles (IS712).
    const remote = s.run([], { FLYTE_IMAGE_BUILDER: 'remote' });
    expect(codes(remote)).toEqual(['IS712']);
    expect(remote.stdout).toContain('The remote image builder (FLYTE_IMAGE_BUILDER)');
    expect(codes(s.run())).toEqual(['IS601']);
    expect(codes(s.run([], { FLYTE_IMAGE_BUILDER: 'remote' }))).toEqual(['IS712']);
  });

  it('ignores a corrupt index or entry and rewrites it', () => {
    const s = setup();
    const cold = s.run();
    const [index] = s.index();
    fs.writeFileSync(index, '{"v":1,"entries":{"tru');
    expect(s.run()).toEqual(cold);
    expect(() => JSON.parse(fs.readFileSync(index, 'utf8'))).not.toThrow();
    // Valid JSON, wrong shape: a finding without a range.
    const doc = JSON.parse(fs.readFileSync(index, 'utf8'));
    for (const e of Object.values(doc.entries) as { findings: unknown[] }[]) e.findings = [{ code: 'IS501', message: 'broken' }];
    fs.writeFileSync(index, JSON.stringify(doc));
    expect(s.run()).toEqual(cold);
  });

  it('does not read unchanged files an earlier run found nothing in, and reads them again once changed', () => {
    const plain = 'import os\n\nprint(os.getcwd())\n';
    const s = setup({ 'wf.py': SPEC, 'plain.py': plain, 'imagespec-lint.toml': '' });
    const cold = s.run();
    const [index] = s.index();
    const doc = JSON.parse(fs.readFileSync(index, 'utf8'));
    // Keys are relative to the project root: a smaller index to parse.
    expect(Object.keys(doc.skip)).toEqual(['plain.py']);
    expect(Object.keys(doc.entries)).toEqual(['wf.py']);
    expect(JSON.stringify(Object.values(doc.entries))).not.toContain('"file"');
    expect(s.run()).toEqual(cold);
    // Proof that the skip list is used: claim wf.py is such a file (with its
    // current signature) and its findings are gone; --no-cache still has them.
    const wf = Object.keys(doc.entries)[0];
    doc.skip[wf] = statSignature(path.join(s.dir, wf));
    delete doc.entries[wf];
    fs.writeFileSync(index, JSON.stringify(doc));
    expect(codes(s.run())).toEqual([]);
    expect(codes(s.run(['--no-cache']))).toEqual(['IS501', 'IS401', 'IS601']);
    // A skipped file that gains a declaration is read and linted.
    edit(path.join(s.dir, 'plain.py'), plain + 'from flytekit import ImageSpec\nimage = ImageSpec(name="x", pacakges=["a"])\n');
    expect(s.run().stdout).toMatch(/^plain\.py:5:29: IS501 /m);
  });

  it('--no-cache neither reads nor writes', () => {
    const s = setup();
    const cold = s.run(['--no-cache']);
    expect(fs.existsSync(s.cache)).toBe(false);
    s.run();
    const [index] = s.index();
    poison(index, 'IS501');
    const before = fs.readFileSync(index, 'utf8');
    const mtime = fs.statSync(index).mtimeMs;
    edit(path.join(s.dir, 'wf.py'), SPEC + '# changed\n');
    const r = s.run(['--no-cache']);
    expect(r.stdout).toBe(cold.stdout);
    expect(fs.readFileSync(index, 'utf8')).toBe(before);
    expect(fs.statSync(index).mtimeMs).toBe(mtime);
  });

  it('--fix lints for real and fixes what the cache would have hidden', () => {
    const s = setup();
    s.run();
    poison(s.index()[0], 'IS501');
    const r = s.run(['--fix']);
    expect(r.stdout).not.toContain('POISONED');
    expect(fs.readFileSync(path.join(s.dir, 'wf.py'), 'utf8')).toBe(SPEC.replace('pacakges', 'packages'));
    expect(codes(s.run())).toEqual(['IS401', 'IS601']);
  });

  it('keeps once-per-run findings once when only some files come from the cache', () => {
    // A corrupt Docker config is reported once per run (IS601), on the first file that needs it.
    const spec = (name: string) => `from flytekit import ImageSpec\n\n${name} = ImageSpec(name="${name}", registry="${GAR}")\n`;
    const s = setup({ 'a.py': spec('a'), 'b.py': spec('b'), 'requirements.txt': '' });
    fs.mkdirSync(s.docker, { recursive: true });
    fs.writeFileSync(path.join(s.docker, 'config.json'), '{');
    const once = (r: CliResult) => r.stdout.split('\n').filter((l) => l.includes('IS601'));
    const first = once(s.run());
    expect(first).toHaveLength(1);
    expect(first[0]).toMatch(/^a\.py:/);
    // b changes, a is cached: still once, still on a.
    edit(path.join(s.dir, 'b.py'), spec('b') + '# changed\n');
    expect(once(s.run())).toEqual(first);
    // a no longer needs credentials: b, cached as "already reported", must report now.
    edit(path.join(s.dir, 'a.py'), 'from flytekit import ImageSpec\n\na = ImageSpec(name="a")\n');
    const moved = once(s.run());
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatch(/^b\.py:/);
    expect(once(s.run())).toEqual(moved);
  });
});

describe('CLI result cache and the modules beside a file', () => {
  it('keeps a neighbour as what it answers: an edit that adds no union import re-lints nothing else, one that adds it does', () => {
    const s = setup({ 'wf.py': SPEC, 'helpers.py': 'import os\n', 'imagespec-lint.toml': '' });
    s.run();
    // wf.py's lint read helpers.py for a union import: the fact kept is that answer, not its bytes.
    const doc = JSON.parse(fs.readFileSync(s.index()[0], 'utf8'));
    const rows: [string, string, string][] = doc.entries['wf.py'].facts.fs.map((r: number) => doc.t[r]);
    const helpers = path.join(s.dir, 'helpers.py');
    expect(rows.filter((f) => f[1] === helpers).map((f) => [f[0], f[2].split('\0')[1]])).toEqual([['scan', '00']]);
    poison(s.index()[0], 'IS501');
    edit(helpers, 'import os\n\nprint(os.getcwd())\n');
    expect(s.run().stdout).toContain('POISONED');
    edit(helpers, 'import os\nimport union\n');
    const r = s.run();
    expect(r.stdout).not.toContain('POISONED');
    expect(r).toEqual(s.run(['--no-cache']));
  });
});

describe('CLI result cache journal', () => {
  it('a run that changed few files of a big index appends them to its journal; many changes rewrite the index and fold the journal in', () => {
    // 70 files that declare nothing (the index's skip list) and one spec: an index of 71 files.
    const files: Record<string, string> = { 'wf.py': SPEC, 'imagespec-lint.toml': '' };
    for (let i = 0; i < 70; i++) files[`plain_${i}.py`] = `import os\n\nprint(${i})\n`;
    const s = setup(files);
    s.run();
    const [index] = s.index();
    const journal = `${index}.journal`;
    expect(fs.existsSync(journal)).toBe(false);
    const indexBytes = fs.readFileSync(index, 'utf8');

    // One changed file: the index stays as it was, the journal holds that file.
    const changed = SPEC.replace('name="etl"', 'name="etl2"');
    edit(path.join(s.dir, 'wf.py'), changed);
    const one = s.run();
    expect(one.stdout).toMatch(/^wf\.py:3:32: IS501 /m);
    expect(one).toEqual(s.run(['--no-cache']));
    expect(fs.readFileSync(index, 'utf8')).toBe(indexBytes);
    const lines = fs.readFileSync(journal, 'utf8').split('\n').filter(Boolean);
    expect(lines.map((l) => JSON.parse(l).k)).toEqual(['wf.py']);

    // The next run answers wf.py from the journal: a poisoned message there shows.
    const j = JSON.parse(lines[0]);
    for (const f of j.e.findings) if (f.code === 'IS501') f.message = 'POISONED';
    fs.writeFileSync(journal, JSON.stringify(j) + '\n' + 'not json\n');
    expect(s.run().stdout).toContain('POISONED');

    // Twelve changed files (more than an eighth of the index): written whole, the journal folded in and gone.
    for (let i = 0; i < 12; i++) edit(path.join(s.dir, `plain_${i}.py`), `import os\n\nprint(${i}, 'changed')\n`);
    // (wf.py still comes from the journal: its neighbours still import no union.)
    expect(s.run().stdout).toContain('POISONED');
    expect(fs.existsSync(journal)).toBe(false);
    const doc = JSON.parse(fs.readFileSync(index, 'utf8'));
    expect(Object.keys(doc.entries)).toEqual(['wf.py']);
    expect(doc.entries['wf.py'].findings.some((f: { message: string }) => f.message === 'POISONED')).toBe(true);
    expect(doc.skip['plain_0.py']).toBe(statSignature(path.join(s.dir, 'plain_0.py')));
    expect(s.run(['--no-cache'])).toEqual(one);
  });
});

describe('CLI result cache, a run of a few files', () => {
  it('finds its files\' records in a big index line by line: a hit with its facts, a miss written to the journal, a journal entry; the same output as --no-cache', () => {
    const files: Record<string, string> = { 'wf.py': SPEC, 'wf2.py': SPEC.replace('name="etl"', 'name="two"'), 'imagespec-lint.toml': '' };
    for (let i = 0; i < 70; i++) files[`plain_${i}.py`] = `import os\n\nprint(${i})\n`;
    const s = setup(files);
    s.run();
    const [index] = s.index();
    // One record a line: the header, the fact rows, each entry, each skip record, the ends of the sections.
    const text = fs.readFileSync(index, 'utf8');
    const doc = JSON.parse(text);
    expect(text.split('\n').length).toBe(1 + doc.t.length + 1 + 2 + 1 + 70 + 1);
    expect(text.split('\n').filter((l) => l.startsWith('"wf2.py":')).map((l) => l.replace(/,$/, ''))).toEqual([`"wf2.py":${JSON.stringify(doc.entries['wf2.py'])}`]);

    // wf2.py alone, unchanged: its entry and the fact rows it names come from the index (poisoned there, in place).
    const message = doc.entries['wf2.py'].findings.find((f: { code: string }) => f.code === 'IS501').message;
    const poisoned = poisonInPlace(text, 'wf2.py', message);
    expect(poisoned).not.toBe(text);
    fs.writeFileSync(index, poisoned);
    expect(s.run(['wf2.py']).stdout).toMatch(/^wf2\.py:3:\d+: IS501 \[error\] POISONED$/m);

    // wf.py alone, changed: linted, its entry appended to the journal, the index untouched.
    const indexBytes = fs.readFileSync(index, 'utf8');
    edit(path.join(s.dir, 'wf.py'), SPEC.replace('name="etl"', 'name="etl2"'));
    const one = s.run(['wf.py']);
    expect(one.stdout).toMatch(/^wf\.py:3:32: IS501 /m);
    expect(one).toEqual(s.run(['wf.py', '--no-cache']));
    expect(fs.readFileSync(index, 'utf8')).toBe(indexBytes);
    const journal = `${index}.journal`;
    const lines = fs.readFileSync(journal, 'utf8').split('\n').filter(Boolean);
    expect(lines.map((l) => JSON.parse(l).k)).toEqual(['wf.py']);

    // The next run of wf.py alone takes it from the journal, over the index's older entry.
    const j = JSON.parse(lines[0]);
    for (const f of j.e.findings) if (f.code === 'IS501') f.message = 'POISONED';
    fs.writeFileSync(journal, JSON.stringify(j) + '\n');
    expect(s.run(['wf.py']).stdout).toMatch(/^wf\.py:3:\d+: IS501 \[error\] POISONED$/m);
    // A plain file alone: known irrelevant from its skip record, nothing to print.
    expect(s.run(['plain_3.py'])).toEqual(s.run(['plain_3.py', '--no-cache']));
    expect(fs.readFileSync(journal, 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
  });
});

/** The index text with one entry's message replaced, its layout kept. */
function poisonInPlace(text: string, key: string, message: string): string {
  return text
    .split('\n')
    .map((l) => (l.startsWith(`${JSON.stringify(key)}:`) ? l.replace(JSON.stringify(message), '"POISONED"') : l))
    .join('\n');
}

describe('CLI start-up', () => {
  // The rule set reaches the engine as a loader (engine/run.ts): a run whose
  // every file comes from the result cache must load neither the parser nor
  // the rules. Traced through the per-module build, where each is a module.
  it('a run served from the result cache loads neither tree-sitter, the extractors, the engine\'s lint nor any rule', () => {
    const s = setup();
    const trace = path.join(s.cache, '..', 'trace.js');
    fs.writeFileSync(
      trace,
      `const Module = require('module');
const load = Module._load;
const seen = new Set();
Module._load = function (request, parent, isMain) {
  try { seen.add(Module._resolveFilename(request, parent, isMain)); } catch {}
  return load.apply(this, arguments);
};
process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify([...seen]) + '\\n'));
`,
    );
    const main = path.join(ROOT, 'dist', 'server', 'cli', 'main.js');
    const run = () => {
      const r = spawnSync(process.execPath, ['-r', trace, main, '--no-deep', '--exit-zero', '--output-format', 'concise'], {
        cwd: s.dir,
        env: { ...process.env, NO_COLOR: '1', IMAGESPEC_CACHE_DIR: s.cache, DOCKER_CONFIG: s.docker },
        encoding: 'utf8',
      });
      const line = r.stderr.split('\n').find((l) => l.startsWith('LOADED '));
      expect(line, r.stderr).toBeDefined();
      return { stdout: r.stdout, loaded: (JSON.parse(line!.slice(7)) as string[]).map((f) => f.split(path.sep).join('/')) };
    };
    const heavy = (loaded: string[]) => loaded.filter((f) => /\/tree-sitter|\/dist\/rules\/|\/server\/extract\/|\/engine\/lint\.js$/.test(f));
    const cold = run();
    expect(cold.stdout).toContain('IS501');
    expect(heavy(cold.loaded).some((f) => f.endsWith('/dist/rules/index.js'))).toBe(true);
    expect(heavy(cold.loaded).some((f) => f.includes('/tree-sitter'))).toBe(true);
    const warm = run();
    expect(warm.stdout).toBe(cold.stdout);
    expect(heavy(warm.loaded)).toEqual([]);
  });
});

describe('CLI reading', () => {
  it('reads a file larger than the 1 MiB read buffer whole, with the needle past the buffer', () => {
    // ~1.5 MiB of comments, then the declaration: the prefilter and the ranges see every byte.
    const pad = '# padding line that is not a declaration at all\n'.repeat(32_000);
    const s = setup({ 'big.py': pad + 'from flytekit import ImageSpec\nimage = ImageSpec(name="etl", pacakges=["pandas"])\n' });
    const r = s.run(['--no-cache']);
    expect(r.stdout).toContain('big.py:32002:31: IS501 [error] ImageSpec has no field `pacakges`');
    expect(Buffer.byteLength(pad)).toBeGreaterThan(1 << 20);
  });

  it('prefilters exactly as `ImageSpec` or `imagespec` anywhere in the bytes', () => {
    const exact = (b: Buffer) => b.includes('ImageSpec') || b.includes('imagespec');
    const parts = ['I', 'i', 'mage', 'S', 's', 'pec', 'ImageSpec', 'imagespec', 'Imagespec', 'x', 'ma', 'ge', '\n', 'é'];
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    let positives = 0;
    for (let k = 0; k < 5000; k++) {
      const text = Array.from({ length: rnd(12) }, () => parts[rnd(parts.length)]).join('');
      const b = Buffer.from(text);
      expect(mentionsImageSpec(b), text).toBe(exact(b));
      if (exact(b)) positives++;
    }
    expect(positives).toBeGreaterThan(500);
    expect(mentionsImageSpec(Buffer.from('mageSpec'))).toBe(false);
    expect(mentionsImageSpec(Buffer.from('imageSpec ImagespeC'))).toBe(false);
  });
});
