// The catalog is a contract (../shared/spec/RULES.md): every code has a rule
// file, a test file that exercises it, and a row in the README.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog, allRules } from '../rules';
import { rulesTableMarkdown } from '../server/cli/explain';

const ROOT = path.resolve(__dirname, '..');
const SPEC = path.resolve(ROOT, '..', 'shared', 'spec', 'RULES.md');

function specCodes(): string[] {
  const text = fs.readFileSync(SPEC, 'utf8');
  return [...new Set([...text.matchAll(/^\| (IS\d{3}) \|/gm)].map((m) => m[1]))].sort();
}

function specSeverity(code: string): string {
  const text = fs.readFileSync(SPEC, 'utf8');
  const m = new RegExp(`^\\| ${code} \\| ([EWI]) \\|`, 'm').exec(text);
  return m ? m[1] : '?';
}

describe('rule catalog', () => {
  it('reads the catalog from ../shared/spec/RULES.md', () => {
    expect(fs.existsSync(SPEC)).toBe(true);
    expect(specCodes().length).toBe(34);
  });

  it('has a rule file and a test file for every code of RULES.md, with its severity', () => {
    const ruleFiles = fs.readdirSync(path.join(ROOT, 'rules'));
    const testFiles = fs.readdirSync(path.join(ROOT, 'test'));
    const problems: string[] = [];
    for (const code of specCodes()) {
      const rule = catalog.find((r) => r.code === code);
      if (!rule) problems.push(`${code}: not in rules/index.ts`);
      else {
        const sev = { error: 'E', warning: 'W', info: 'I' }[rule.severity];
        if (sev !== specSeverity(code)) problems.push(`${code}: severity ${sev}, RULES.md says ${specSeverity(code)}`);
        if (!ruleFiles.includes(`${code}-${rule.name}.ts`)) problems.push(`${code}: no rules/${code}-${rule.name}.ts`);
      }
      const t = testFiles.find((f) => f.startsWith(`${code}-`) && f.endsWith('.test.ts'));
      if (!t) problems.push(`${code}: no test/${code}-*.test.ts`);
      else if (!fs.readFileSync(path.join(ROOT, 'test', t), 'utf8').includes(`'${code}'`)) problems.push(`${code}: ${t} never asserts on '${code}'`);
    }
    expect(problems).toEqual([]);
  });

  it('names every rule file in rules/index.ts, once per code', () => {
    const files = fs.readdirSync(path.join(ROOT, 'rules')).filter((f) => /^IS\d{3}-/.test(f));
    const codes = files.map((f) => f.slice(0, 5));
    expect(new Set(codes).size).toBe(codes.length);
    expect(catalog.map((r) => r.code).sort()).toEqual(codes.sort());
    expect(new Set(allRules.map((r) => r.code)).size).toBe(allRules.length);
  });

  it('every rule has docs with an example', () => {
    for (const r of catalog) {
      expect(r.name, r.code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(r.summary.length, r.code).toBeGreaterThan(10);
      expect(r.docs.why.length, r.code).toBeGreaterThan(40);
      expect(r.docs.example.length, r.code).toBeGreaterThan(10);
    }
  });

  it('the README rules table is generated from the catalog (node scripts/update-readme-rules.js)', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const m = /<!-- rules-table:start -->\n([\s\S]*?)\n<!-- rules-table:end -->/.exec(readme);
    expect(m?.[1]).toBe(rulesTableMarkdown(catalog));
  });
});
