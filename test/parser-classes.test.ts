// server/extract/nodeClasses.ts makes tree-sitter-python's node classes itself
// (one class expression instead of a `new Function` per node type, issue 15):
// they must be the classes tree-sitter makes, type by type: the same
// `type`, `fields` and field getters, answering what tree-sitter's do.

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parsePython } from '../server/extract/pyParser';
// (pyParser loads server/extract/nodeClasses.ts with the parser.)

type Shape = ({ type: string; fields: string[]; props: string[] } | null)[];

// The shape of a language's classes, as a function both sides run.
const SHAPE = `(TS, Py) => Py.nodeSubclasses.map((c) => c === TS.SyntaxNode ? null : { type: c.prototype.type, fields: [...c.prototype.fields], props: Object.getOwnPropertyNames(c.prototype).filter((n) => n !== 'constructor').sort() })`;

describe('tree-sitter-python node classes', () => {
  it('are the ones tree-sitter makes, and their field getters answer as childForFieldName does', () => {
    // tree-sitter's own, in a process of their own.
    const script = `const TS = require('tree-sitter'); const Py = require('tree-sitter-python'); new TS().setLanguage(Py); process.stdout.write(JSON.stringify((${SHAPE})(TS, Py)));`;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: __dirname, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const theirs = JSON.parse(r.stdout) as Shape;

    const tree = parsePython('def f(a, b):\n    return g(a, *b)\n');
    /* eslint-disable @typescript-eslint/no-require-imports -- the modules pyParser loaded */
    const TS = require('tree-sitter');
    const Py = require('tree-sitter-python');
    /* eslint-enable @typescript-eslint/no-require-imports */
    const ours = (new Function(`return ${SHAPE}`)() as (a: unknown, b: unknown) => Shape)(TS, Py);
    expect(ours.length).toBeGreaterThan(200);
    expect(ours).toEqual(theirs);

    const fn = tree.rootNode.firstChild! as unknown as Record<string, { text: string; type: string } | null> & { childForFieldName(n: string): unknown };
    expect(fn.constructor).not.toBe(TS.SyntaxNode);
    expect(fn.nameNode!.text).toBe('f');
    expect(fn.bodyNode!.type).toBe('block');
    expect(fn.returnTypeNode).toBeNull();
    expect(fn.nameNode).toEqual(fn.childForFieldName('name'));
  });
});
