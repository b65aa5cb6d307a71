// Generators for the property tests: Python sources with ImageSpec calls
// (realistic ones, so every rule has something to look at), then mutated the
// way editors and humans break files (truncation, stray brackets, odd string
// prefixes, deep nesting, unicode, CRLF, tabs, NUL bytes, huge lines).
// Shared by the property suites; not a test file itself.

import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { createRun, lintText, type FileResult, type RunState } from '../../server/engine/lint';
import { defaultConfig, fromTable } from '../../server/engine/config';
import { CachedFs } from '../../server/engine/fs';
import { LineIndex, comparePos, type Range } from '../../server/model/position';
import { FIELD_NAMES } from '../../server/flytekit/fields';
import { ruleSet } from '../../rules';
import type { Rule } from '../../server/engine/types';
import { tmpDir } from '../helpers/tmp';

/**
 * Fixed seed for every property suite: a failure prints it with the
 * counterexample path. For exploring locally, PROPERTY_SEED picks another
 * seed and PROPERTY_SCALE multiplies the run counts; CI uses the defaults.
 */
export const SEED = Number(process.env.PROPERTY_SEED || 20240611);
const SCALE = Number(process.env.PROPERTY_SCALE || 1);

/** A run count, scaled by PROPERTY_SCALE. */
export const runs = (n: number): number => Math.max(1, Math.round(n * SCALE));

// ------------------------------------------------------------------ sources

const HEADERS = [
  'from flytekit import ImageSpec\n',
  'import os\nfrom flytekit import ImageSpec\n',
  'import flytekit as fl\nimport os\n',
  'from flytekit.image_spec import ImageSpec as IS\n',
  'import union\nfrom os import getenv, environ\n',
  '# -*- coding: utf-8 -*-\nfrom flytekit import ImageSpec, task\nREG = "us-east1-docker.pkg.dev/my-proj/images"\n',
  'from flytekit import ImageSpec  # imagespec: ignore-file[IS999]\n',
  '',
];

const CALLEES = ['ImageSpec', 'ImageSpec', 'fl.ImageSpec', 'IS', 'flytekit.ImageSpec', 'union.ImageSpec'];

const KEYWORDS = [
  ...FIELD_NAMES,
  'registry',
  'registry',
  'packages',
  'base_image',
  'pacakges',
  'regsitry',
  'Registry',
  'python_verison',
  'apt_package',
  'envs',
  'x',
  'ImageSpec',
];

const REGISTRY_TEXTS = [
  'us-east1-docker.pkg.dev/my-proj/images',
  'us-east1-docker.pkg.dev/my-proj',
  'US-East1-docker.pkg.dev/My-Proj/Images',
  'europe-west4-docker.pkg.dev/p/r/sub/path',
  'us-docker.pkg.dev/p/r',
  'gcr.io/my-proj',
  'eu.gcr.io/p',
  'ghcr.io/acme',
  'ghcr.io/Acme/Team',
  '123456789012.dkr.ecr.us-east-1.amazonaws.com',
  'localhost:30000',
  'localhost:5000/x',
  'docker.io/user',
  'user',
  'https://us-east1-docker.pkg.dev/p/r',
  'us-east1-docker.pkg.dev/p/r/',
  'us-east1-docker.pkg.dev//r',
  'us-central2-docker.pkg.dev/p/r',
  'myregistry.azurecr.io/team',
  '',
  ' ',
  'ünïcødé.example/ä',
  'host:99999/x',
];

const STRING_TEXTS = [
  'etl',
  'my image',
  'pandas==2.1',
  'numpy>=1.26,<2',
  '3.11',
  '3.9',
  'python:3.11-slim',
  'debian:bookworm-slim',
  'requirements.txt',
  'uv.lock',
  'poetry.lock',
  'Dockerfile',
  'linux/amd64',
  'linux/arm64,linux/amd64',
  'default',
  'noop',
  'unionai',
  '{name}',
  'a\\nb',
  '\\N{SNOWMAN}',
  '\\x00',
  '😀',
  'e\u0301',
  '',
];

/** Valid Python string prefixes (t: PEP 750 template strings). Invalid ones come from mutations. */
const PREFIXES = ['', '', '', '', 'r', 'R', 'b', 'rb', 'Br', 'f', 'F', 'fr', 'Rf', 'u', 'U', 't', 'tr'];
const ODD_PREFIXES = ['x', 'ur', 'bu', 'fb', 'rr', 'ff', 'bt', 'ü'];
const QUOTES = ['"', "'", '"""', "'''"];

const quoted = (body: string, prefix: string, quote: string): string => `${prefix}${quote}${body}${quote}`;

const arbStrLit = (texts: string[]): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom(...texts), fc.constantFrom(...PREFIXES), fc.constantFrom(...QUOTES))
    .map(([body, prefix, quote]) => quoted(body.replace(/"/g, '\\"'), prefix, quote));

const arbEnvDefault = (texts: string[]): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom('os.getenv', 'os.environ.get', 'getenv', 'environ.get'), fc.constantFrom('"REGISTRY"', "'X'", 'KEY'), arbStrLit(texts))
    .map(([fn, key, dflt]) => `${fn}(${key}, ${dflt})`);

const arbFString = fc
  .tuple(fc.constantFrom('f', 'rf', 'F'), fc.constantFrom('REG', 'name', '1+1', 'x!r', 'y:>10', 'z=', '"a"'))
  .map(([p, e]) => `${p}"{${e}}/images"`);

/** A value expression: literals, containers, env defaults, names, nested specs. */
const arbValue: fc.Arbitrary<string> = fc.letrec<{ value: string; spec: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    arbStrLit(STRING_TEXTS),
    arbStrLit(REGISTRY_TEXTS),
    arbEnvDefault(REGISTRY_TEXTS),
    arbFString,
    fc.constantFrom('None', 'True', 'False', '0', '-1', '3.10', '1j', '0x1F', 'REG', 'undefined_name', '...', 'lambda: 1', '"a" "b"', '"x" + "y"', '[] + []', '{}', '()'),
    fc.array(tie('value'), { maxLength: 4 }).map((xs) => `[${xs.join(', ')}]`),
    fc.array(tie('value'), { maxLength: 3 }).map((xs) => `(${xs.join(', ')}${xs.length === 1 ? ',' : ''})`),
    fc.array(fc.tuple(arbStrLit(STRING_TEXTS), tie('value')), { maxLength: 3 }).map((kv) => `{${kv.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
    tie('spec'),
  ),
  spec: fc
    .tuple(fc.constantFrom(...CALLEES), fc.array(fc.tuple(fc.constantFrom(...KEYWORDS), tie('value')), { maxLength: 4 }))
    .map(([callee, kws]) => `${callee}(${kws.map(([k, v]) => `${k}=${v}`).join(', ')})`),
})).value;

const arbChain = fc
  .array(
    fc.tuple(
      fc.constantFrom('with_packages', 'with_apt_packages', 'with_commands', 'force_push', 'with_copy', 'with_runtime_packages', 'nonexistent'),
      fc.array(arbValue, { maxLength: 2 }),
    ),
    { maxLength: 3 },
  )
  .map((calls) => calls.map(([m, args]) => `.${m}(${args.join(', ')})`).join(''));

const arbComment = fc.constantFrom(
  '',
  '',
  '  # imagespec: ignore',
  '  # imagespec: ignore[IS501]',
  '  # imagespec: ignore[IS101, IS999]',
  '  # imagespec: ignore-file[IS102]',
  '  # plain comment',
);

/** One declaration statement, possibly spread over lines, with a chain and a suppression comment. */
const arbDecl = fc
  .tuple(
    fc.constantFrom('image = ', 'img: ImageSpec = ', '', 'x = y = ', 'images = [', 'def f():\n    return '),
    fc.constantFrom(...CALLEES),
    fc.array(
      fc.oneof(
        fc.tuple(fc.constantFrom(...KEYWORDS), arbValue),
        fc.tuple(fc.constant('registry'), fc.oneof(arbStrLit(REGISTRY_TEXTS), arbEnvDefault(REGISTRY_TEXTS), fc.constant('REG'))),
      ),
      { maxLength: 7 },
    ),
    fc.array(arbValue, { maxLength: 2 }),
    fc.constantFrom('', '', '**kwargs', '*args'),
    fc.boolean(),
    arbChain,
    arbComment,
  )
  .map(([lhs, callee, kws, positional, splat, multiline, chain, comment]) => {
    const parts = [...positional, ...kws.map(([k, v]) => `${k}=${v}`), ...(splat ? [splat] : [])];
    const sep = multiline ? ',\n    ' : ', ';
    const open = multiline && parts.length ? '(\n    ' : '(';
    const close = multiline && parts.length ? ',\n)' : ')';
    const call = `${callee}${open}${parts.join(sep)}${close}${chain}`;
    return `${lhs}${call}${lhs === 'images = [' ? ']' : ''}${comment}\n`;
  });

/** A whole, mostly well-formed module with a few declarations. */
export const arbModule: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(...HEADERS),
    fc.array(fc.constantFrom('', 'REG = "us-east1-docker.pkg.dev/p/r"\n', 'REG = os.getenv("REG", "ghcr.io/Acme")\n', 'name = "etl"\n', 'kwargs = {}\n'), { maxLength: 2 }),
    fc.array(arbDecl, { minLength: 1, maxLength: 4 }),
  )
  .map(([h, consts, decls]) => h + consts.join('') + '\n' + decls.join('\n'));

// ---------------------------------------------------------------- mutations

const ODD_CHARS = [
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '"',
  "'",
  '"""',
  '\\',
  '\0',
  '\t',
  '\r',
  '\r\n',
  '\n',
  '#',
  ',',
  '=',
  ':',
  '*',
  '**',
  'f"',
  'rb"',
  'ImageSpec(',
  '😀',
  '𝔘',
  '\u0301',
  'é',
  '\u200b',
  '\u2028',
  '\ufeff',
  '\ud800',
  '\udc00',
  '\x0c',
  '\x1b',
];

export type Mutation =
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; s: string }
  /** An odd prefix before the next string literal's quote. */
  | { op: 'prefix'; at: number; s: string }
  | { op: 'delete'; at: number; len: number }
  | { op: 'duplicate'; at: number; len: number }
  | { op: 'crlf' }
  | { op: 'cr' }
  | { op: 'tabs' }
  | { op: 'nest'; at: number; depth: number; kind: '(' | '[' | '{' }
  | { op: 'longLine'; at: number; len: number; ch: string };

const arbFrac = fc.double({ min: 0, max: 1, noNaN: true });

const arbMutation: fc.Arbitrary<{ m: Mutation; f: number }> = fc.oneof(
  arbFrac.map((f) => ({ m: { op: 'truncate', at: 0 } as Mutation, f })),
  fc.tuple(arbFrac, fc.constantFrom(...ODD_CHARS)).map(([f, s]) => ({ m: { op: 'insert', at: 0, s } as Mutation, f })),
  fc.tuple(arbFrac, fc.constantFrom(...ODD_PREFIXES)).map(([f, s]) => ({ m: { op: 'prefix', at: 0, s } as Mutation, f })),
  fc.tuple(arbFrac, fc.integer({ min: 1, max: 12 })).map(([f, len]) => ({ m: { op: 'delete', at: 0, len } as Mutation, f })),
  fc.tuple(arbFrac, fc.integer({ min: 1, max: 40 })).map(([f, len]) => ({ m: { op: 'duplicate', at: 0, len } as Mutation, f })),
  fc.constant({ m: { op: 'crlf' } as Mutation, f: 0 }),
  fc.constant({ m: { op: 'cr' } as Mutation, f: 0 }),
  fc.constant({ m: { op: 'tabs' } as Mutation, f: 0 }),
  fc
    .tuple(arbFrac, fc.integer({ min: 50, max: 3000 }), fc.constantFrom('(' as const, '[' as const, '{' as const))
    .map(([f, depth, kind]) => ({ m: { op: 'nest', at: 0, depth, kind } as Mutation, f })),
  fc
    .tuple(arbFrac, fc.integer({ min: 1000, max: 200_000 }), fc.constantFrom('x', 'é', '😀', ' ', '"'))
    .map(([f, len, ch]) => ({ m: { op: 'longLine', at: 0, len, ch } as Mutation, f })),
);

const CLOSE = { '(': ')', '[': ']', '{': '}' } as const;

export function mutate(text: string, m: Mutation, f: number): string {
  const at = Math.floor(f * (text.length + 1));
  switch (m.op) {
    case 'truncate':
      return text.slice(0, at);
    case 'insert':
      return text.slice(0, at) + m.s + text.slice(at);
    case 'prefix': {
      const q = text.slice(at).search(/["']/);
      const i = q === -1 ? at : at + q;
      return text.slice(0, i) + m.s + text.slice(i);
    }
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.len);
    case 'duplicate':
      return text.slice(0, at + m.len) + text.slice(at, at + m.len) + text.slice(at + m.len);
    case 'crlf':
      return text.replace(/\r?\n/g, '\r\n');
    case 'cr':
      return text.replace(/\r?\n/g, '\r');
    case 'tabs':
      return text.replace(/ {4}/g, '\t').replace(/, /g, ',\t');
    case 'nest': {
      // Wrap the value after the next `=` (or the insertion point) in `depth` brackets.
      const eq = text.indexOf('=', at);
      const i = eq === -1 ? at : eq + 1;
      const j = text.slice(i).search(/[,)\n]/);
      const end = j === -1 ? text.length : i + j;
      return text.slice(0, i) + m.kind.repeat(m.depth) + text.slice(i, end) + CLOSE[m.kind].repeat(m.depth) + text.slice(end);
    }
    case 'longLine':
      return text.slice(0, at) + m.ch.repeat(m.len) + text.slice(at);
  }
}

/** A module, then 0..5 mutations applied in order. */
export const arbMutatedModule: fc.Arbitrary<string> = fc
  .tuple(arbModule, fc.array(arbMutation, { maxLength: 5 }))
  .map(([text, muts]) => muts.reduce((t, { m, f }) => mutate(t, m, f), text));

/**
 * Mostly intact modules: mutations that keep the text parseable more often
 * (for --fix properties). Line endings may be CRLF or a lone "\r" (old Mac):
 * both are line breaks to CPython, the LSP and the linter alike.
 */
export const arbFixableModule: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: arbModule },
  { weight: 1, arbitrary: fc.tuple(arbModule, fc.constantFrom<Mutation>({ op: 'crlf' }, { op: 'cr' }, { op: 'tabs' })).map(([t, m]) => mutate(t, m, 0)) },
  { weight: 1, arbitrary: fc.tuple(arbModule, arbMutation).map(([t, { m, f }]) => mutate(t, m, f)) },
);

// ----------------------------------------------------------------- linting

export interface Project {
  dir: string;
  file: string;
}

/** A throwaway project with a few files rules may look at (requirements, lock files, a Dockerfile). */
export function makeProject(): Project {
  const dir = tmpDir('isl-prop-');
  fs.writeFileSync(path.join(dir, 'requirements.txt'), 'pandas==2.1\n');
  fs.writeFileSync(path.join(dir, 'uv.lock'), 'version = 1\n');
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM python:3.11-slim\n');
  fs.mkdirSync(path.join(dir, 'src'));
  return { dir, file: path.join(dir, 'wf.py') };
}

/**
 * Every rule: the registered ones plus any rule file in rules/ not yet in
 * rules/index.ts (rules land concurrently; each is covered from its first
 * commit). Deep rules are skipped by lintText as in any offline run.
 */
export const everyRule: Rule[] = (() => {
  const byCode = new Map(ruleSet.rules.map((r) => [r.code, r]));
  const dir = path.resolve(__dirname, '..', '..', 'rules');
  for (const f of fs.readdirSync(dir).sort()) {
    const m = /^(IS\d{3})-.*\.ts$/.exec(f);
    if (!m || m[1] === 'IS000' || byCode.has(m[1])) continue;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const r = (require(path.join(dir, f)) as { rule?: Rule }).rule;
      if (r && typeof r.check === 'function') byCode.set(r.code, r);
    } catch {
      // A rule file still being written that does not load yet: its own tests say so.
    }
  }
  return [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
})();

/** Every rule on (IS000 is opt-in and must be named), a data plane region, no network. */
export function newRun(dir: string, rules: readonly Rule[] = everyRule): RunState {
  const config = fromTable({ select: ['ALL', 'IS000'], dataplane: { region: 'us-east1', project: 'my-proj', provider: 'gcp' } }, 'property-config', '', '', defaultConfig());
  return createRun({
    config,
    projectRoot: dir,
    fs: new CachedFs(),
    rules: { ...ruleSet, rules },
    dockerConfig: () => ({ path: '/nonexistent/config.json', exists: false, credHelpers: {}, auths: [] }),
  });
}

export function lintOnce(text: string, file: string, run: RunState): FileResult {
  return lintText(text, file, run);
}

/** The lines of a text as the LSP counts them. */
export function lspLines(text: string): string[] {
  return text.split(/\n|\r(?!\n)/);
}

/** Why a range is not inside `text` (lines end at "\n", "\r\n" or a lone "\r", as in the LSP and LineIndex; a CRLF line keeps its "\r" here), or undefined when it is. */
export function rangeProblem(text: string, r: Range, lines = lspLines(text)): string | undefined {
  for (const p of [r.start, r.end]) {
    if (!Number.isInteger(p.line) || !Number.isInteger(p.character)) return `non-integer position ${JSON.stringify(p)}`;
    if (p.line < 0 || p.line >= lines.length) return `line ${p.line} outside 0..${lines.length - 1}`;
    if (p.character < 0 || p.character > lines[p.line].length) return `character ${p.character} outside line ${p.line} (length ${lines[p.line].length})`;
  }
  if (comparePos(r.start, r.end) > 0) return `start after end: ${JSON.stringify(r)}`;
  return undefined;
}

export { LineIndex };
