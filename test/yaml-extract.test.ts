import { describe, expect, it } from 'vitest';
import { extractYaml } from '../server/extract/yaml';
import { extractDecls } from '../server/extract';
import { field } from '../server/model/decl';
import { LineIndex, range } from '../server/model/position';

const FILE = '/p/spec.yaml';

function one(text: string) {
  const res = extractYaml(text, FILE);
  expect(res.decls).toHaveLength(1);
  return { decl: res.decls[0], res, idx: new LineIndex(text) };
}

describe('YAML image spec extraction', () => {
  it('turns top-level keys into fields with exact name and value ranges', () => {
    const text = 'name: etl\nregistry: "ghcr.io/acme"\npackages:\n  - pandas\n  - \'numpy==2\'\n';
    const { decl, res, idx } = one(text);
    expect(res.syntaxErrors).toEqual([]);
    expect(decl.source).toBe('yaml');
    expect(decl.file).toBe(FILE);
    expect(decl.fields.map((f) => f.name)).toEqual(['name', 'registry', 'packages']);
    expect(decl.calleeRange).toEqual(range(0, 0, 0, 4));
    expect(decl.statementLine).toBe(0);
    expect(decl.opaque).toBe(false);
    const name = field(decl, 'name')!;
    expect(name.nameRange).toEqual(range(0, 0, 0, 4));
    expect(name.value).toEqual({ kind: 'str', value: 'etl', range: range(0, 6, 0, 9), origin: { literalRange: range(0, 6, 0, 9) } });
    expect(idx.slice(name.range)).toBe('name: etl');
    const reg = field(decl, 'registry')!;
    expect(reg.value).toMatchObject({ kind: 'str', value: 'ghcr.io/acme', origin: { quote: '"' } });
    expect(idx.slice(reg.value.range)).toBe('"ghcr.io/acme"');
    const pk = field(decl, 'packages')!;
    expect(pk.value.kind).toBe('list');
    if (pk.value.kind !== 'list') return;
    expect(pk.value.items.map((i) => (i.kind === 'str' ? [i.value, i.origin?.quote, idx.slice(i.range)] : i.kind))).toEqual([
      ['pandas', undefined, 'pandas'],
      ['numpy==2', "'", "'numpy==2'"],
    ]);
  });

  it('ends block collections at their last entry, not at the next line or a comment', () => {
    const text = 'packages:\n  - pandas  # why\n  - numpy\n\nenv:\n  A: b\n  C: d  # note\nname: x\n';
    const { decl, idx } = one(text);
    expect(idx.slice(field(decl, 'packages')!.range)).toBe('packages:\n  - pandas  # why\n  - numpy');
    expect(idx.slice(field(decl, 'packages')!.value.range)).toBe('- pandas  # why\n  - numpy');
    expect(idx.slice(field(decl, 'env')!.value.range)).toBe('A: b\n  C: d');
    expect(idx.slice(field(decl, 'name')!.range)).toBe('name: x');
  });

  it('reads scalars as PyYAML (YAML 1.1) does: 3.10 is a float with its source text, yes is true', () => {
    const text = 'python_version: 3.10\nn: 3\nflag: yes\noff_flag: Off\nempty:\ntilde: ~\nstr_num: "3.10"\n';
    const { decl } = one(text);
    expect(field(decl, 'python_version')!.value).toEqual({ kind: 'num', value: 3.1, text: '3.10', isFloat: true, range: range(0, 16, 0, 20) });
    expect(field(decl, 'n')!.value).toMatchObject({ kind: 'num', value: 3, text: '3', isFloat: false });
    expect(field(decl, 'flag')!.value).toMatchObject({ kind: 'bool', value: true });
    expect(field(decl, 'off_flag')!.value).toMatchObject({ kind: 'bool', value: false });
    expect(field(decl, 'empty')!.value.kind).toBe('none');
    expect(field(decl, 'tilde')!.value.kind).toBe('none');
    expect(field(decl, 'str_num')!.value).toMatchObject({ kind: 'str', value: '3.10' });
    // PyYAML differences from the yaml package's 1.1 schema: y/n are strings, 1e3 is a string.
    const py = one('y: n\nexp: 1e3\nexp2: 1.0e+3\n').decl;
    expect(field(py, 'y')!.value).toMatchObject({ kind: 'str', value: 'n' });
    expect(field(py, 'exp')!.value).toMatchObject({ kind: 'str', value: '1e3' });
    expect(field(py, 'exp2')!.value).toMatchObject({ kind: 'num', value: 1000, text: '1.0e+3', isFloat: true });
  });

  it('keeps dicts, flow lists and block scalars; unknown for dates, binary and aliases', () => {
    const text = 'env: {A: "1", B: two}\ncommands: [a, b]\nscript: |\n  echo hi\nwhen: 2001-12-14\nblob: !!binary aGk=\nbase: &b x\nalias: *b\n';
    const { decl } = one(text);
    const env = field(decl, 'env')!.value;
    expect(env.kind).toBe('dict');
    if (env.kind === 'dict') expect(env.entries.map((e) => [e.key.kind === 'str' && e.key.value, e.value.kind === 'str' && e.value.value])).toEqual([['A', '1'], ['B', 'two']]);
    expect(field(decl, 'commands')!.value).toMatchObject({ kind: 'list', form: 'list', items: [{ value: 'a' }, { value: 'b' }] });
    const script = field(decl, 'script')!.value;
    expect(script).toMatchObject({ kind: 'str', value: 'echo hi\n' });
    expect(script.kind === 'str' && script.origin).toBeUndefined();
    expect(field(decl, 'when')!.value.kind).toBe('unknown');
    expect(field(decl, 'blob')!.value.kind).toBe('unknown');
    expect(field(decl, 'base')!.value).toMatchObject({ kind: 'str', value: 'x' });
    expect(field(decl, 'alias')!.value.kind).toBe('unknown');
  });

  it('lets the last duplicate key win and marks merge keys as opaque', () => {
    const { decl, res } = one('name: a\nname: b\n');
    expect(res.syntaxErrors).toEqual([]);
    expect(field(decl, 'name')!.value).toMatchObject({ value: 'b' });
    const merged = one('base: &base {registry: ghcr.io/x}\n<<: *base\nname: etl\n');
    expect(merged.decl.opaque).toBe(true);
    expect(merged.decl.fields.map((f) => f.name)).toEqual(['base', 'name']);
  });

  it('skips non-string keys and yields nothing for non-mapping documents', () => {
    expect(one('1: x\nname: etl\n').decl.fields.map((f) => f.name)).toEqual(['name']);
    expect(extractYaml('- a\n- b\n', FILE)).toEqual({ decls: [], syntaxErrors: [] });
    expect(extractYaml('', FILE)).toEqual({ decls: [], syntaxErrors: [] });
    expect(extractYaml('just a string\n', FILE).decls).toEqual([]);
  });

  it('never throws on malformed YAML and returns the syntax errors with ranges', () => {
    const res = extractYaml("name: etl\npackages: [pandas\nregistry: 'x\n", FILE);
    expect(res.syntaxErrors.length).toBeGreaterThan(0);
    for (const r of res.syntaxErrors) expect(r.start.line).toBeGreaterThanOrEqual(1);
    const multi = extractYaml('name: a\n---\nname: b\n', FILE);
    expect(multi.syntaxErrors).toEqual([range(1, 0, 3, 0)]);
    for (const junk of ['{', ':::', '"', '- [', '\t\tx: y', 'a: b: c', '? ? ?', '&a *a', '!!int x']) {
      expect(() => extractYaml(junk, FILE), junk).not.toThrow();
    }
  });

  it('is picked for .yaml and .yml files by extractDecls', () => {
    expect(extractDecls('name: etl\n', '/p/a.yml').decls[0].source).toBe('yaml');
    expect(extractDecls('name: etl\n', '/p/a.yaml').decls[0].fields[0].name).toBe('name');
  });

  it('keeps positions in UTF-16 units after non-ASCII text and CRLF line ends', () => {
    const { decl } = one('# héllo 🙂\r\nname: "é"\r\nregistry: x\r\n');
    expect(field(decl, 'name')!.value.range).toEqual(range(1, 6, 1, 9));
    expect(field(decl, 'registry')!.nameRange).toEqual(range(2, 0, 2, 8));
  });
});
