// The shape of the code, enforced: imports point down the layers of
// docs/architecture.md (type-only imports too; an exception would have to be
// listed in test/helpers/importGraph.ts with its reason), the engine knows
// no rule, only the front ends import the rule set, no rule file imports
// another, and no file imports itself round a cycle. The checks are tested
// on made-up files first, so that a check which cannot fail is caught.

import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importEdges, layerProblems, LAYERS, readSources } from './helpers/importGraph';

const ROOT = path.resolve(__dirname, '..');

describe('the import checks catch what they are for', () => {
  const files = (entries: Record<string, string>) => new Map(Object.entries(entries));

  const none = new Map<string, string>();

  it('an import up the layers, value or type', () => {
    const f = files({
      'server/model/a.ts': "import { x } from '../engine/b';\nimport type { T } from '../engine/b';\nexport const a = x;\n",
      'server/engine/b.ts': "export const x = 1;\nexport type T = number;\n",
    });
    expect(layerProblems(f, undefined, none)).toEqual([
      'server/model/a.ts:1 imports server/engine/b.ts: server/engine is not below server/model',
      'server/model/a.ts:2 imports server/engine/b.ts (type only): server/engine is not below server/model',
    ]);
  });

  it('the engine importing a rule, require() and import() included', () => {
    const f = files({
      'server/engine/lint.ts': "const r = require('../../rules/IS101-x');\nexport const l = () => import('../../rules');\n",
      'rules/IS101-x.ts': 'export const rule = 1;\n',
      'rules/index.ts': "export { rule } from './IS101-x';\n",
    });
    expect(layerProblems(f, undefined, none)).toEqual([
      'server/engine/lint.ts:1 imports rules/IS101-x.ts: rules is not below server/engine',
      'server/engine/lint.ts:2 imports rules/index.ts: rules is not below server/engine',
      'server/engine/lint.ts:2 imports rules/index.ts: only the front ends (server/cli, server/lsp) import the rule set',
    ]);
  });

  it('the two front ends importing each other', () => {
    const f = files({ 'server/lsp/a.ts': "import { b } from '../cli/b';\n", 'server/cli/b.ts': "import type { A } from '../lsp/a';\nexport const b = 1;\n" });
    expect(layerProblems(f, undefined, none)).toEqual([
      'server/lsp/a.ts:1 imports server/cli/b.ts: server/cli is not below server/lsp',
      'server/cli/b.ts:1 imports server/lsp/a.ts (type only): server/lsp is not below server/cli',
    ]);
  });

  it('a rule importing a rule, rules/shared importing a rule, a folder in no layer', () => {
    const f = files({
      'rules/IS102-y.ts': "import { helper } from './IS101-x';\n",
      'rules/IS101-x.ts': 'export const helper = 1;\n',
      'rules/shared/s.ts': "import { helper } from '../IS101-x';\n",
      'server/misc/m.ts': 'export {};\n',
    });
    expect(layerProblems(f, undefined, none)).toEqual([
      'server/misc/m.ts: server/misc is in no layer (add it to LAYERS and to docs/architecture.md)',
      'rules/IS102-y.ts:1 imports rules/IS101-x.ts: a rule file imports another rule file (shared logic goes to rules/shared/)',
      'rules/shared/s.ts:1 imports rules/IS101-x.ts: rules/shared imports a rule file',
    ]);
  });

  it('an exception lets one import through, and is reported once nothing needs it', () => {
    const up = files({ 'server/model/a.ts': "import { x } from '../engine/b';\n", 'server/engine/b.ts': 'export const x = 1;\n' });
    const allow = new Map([['server/model/a.ts -> server/engine/b.ts', 'reason']]);
    expect(layerProblems(up, undefined, allow)).toEqual([]);
    const fixed = files({ 'server/model/a.ts': 'export const a = 1;\n', 'server/engine/b.ts': "import { a } from '../model/a';\n" });
    expect(layerProblems(fixed, undefined, allow)).toEqual(['exception server/model/a.ts -> server/engine/b.ts matches no import any more: remove it']);
  });

  it('a cycle, however long; type-only edges are not a cycle at run time', () => {
    const f = files({
      'server/engine/a.ts': "import { b } from './b';\nexport const a = b;\n",
      'server/engine/b.ts': "import { c } from './c';\nexport const b = c;\n",
      'server/engine/c.ts': "import { a } from './a';\nexport const c = a;\n",
      'server/engine/d.ts': "import type { E } from './e';\nexport type D = E;\n",
      'server/engine/e.ts': "import type { D } from './d';\nexport type E = D;\n",
    });
    const edges = importEdges(f);
    expect(importCycles(edges)).toEqual([['server/engine/a.ts', 'server/engine/b.ts', 'server/engine/c.ts']]);
    expect(importCycles(edges, { includeTypeOnly: true })).toEqual([
      ['server/engine/a.ts', 'server/engine/b.ts', 'server/engine/c.ts'],
      ['server/engine/d.ts', 'server/engine/e.ts'],
    ]);
  });
});

describe('this repository', () => {
  const sources = readSources(ROOT);
  const edges = importEdges(sources);

  it('reads the real graph (server/ and rules/, every kind of import)', () => {
    expect(sources.size).toBeGreaterThan(100);
    const has = (from: string, to: string) => edges.some((e) => e.from === from && e.to === to);
    expect(has('server/lsp/server.ts', 'rules/index.ts')).toBe(true);
    // require() of the lazily loaded engine and rule set (server/cli/lazy.ts).
    expect(has('server/cli/lazy.ts', 'server/engine/lint.ts')).toBe(true);
    expect(has('server/cli/lazy.ts', 'rules/index.ts')).toBe(true);
    expect(edges.some((e) => e.typeOnly)).toBe(true);
    expect(LAYERS.flat()).toContain('server/flyte');
    expect(LAYERS.flat()).toContain('server/project');
  });

  it('imports point down the layers; no rule imports a rule; only the front ends import the rule set', () => {
    expect(layerProblems(sources, edges)).toEqual([]);
  });

  it('has no import cycle, counting type-only imports too', () => {
    expect(importCycles(edges, { includeTypeOnly: true })).toEqual([]);
  });
});
