// The rule pages (docs/rules/ISnnn.md), their index and the README's rules
// table are generated from the rules' metadata by `npm run docs`: each one
// on disk must be what the metadata makes now, every rule must have what a
// page needs, and every surface that links a rule links its page.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseToml } from 'smol-toml';
import { catalog } from '../rules';
import { explainRule } from '../server/cli/explain';
import { generatedDocs, isRulePageName, missingForPage, rulePage, rulePageBody, RULE_PAGES_DIR } from '../server/cli/ruleDocs';
import { INFORMATION_URI, ruleDocsUrl } from '../server/engine/docsUrl';
import type { RuleMeta } from '../server/engine/types';
import { ROOT, runCli } from './helpers/cli';

const read = (rel: string): string | undefined => {
  try {
    return fs.readFileSync(path.join(ROOT, rel), 'utf8');
  } catch {
    return undefined;
  }
};

describe('rule pages', () => {
  it('every generated file is current: a page per rule, docs/rules/README.md and the README rules table (run `npm run docs`)', () => {
    const want = generatedDocs(catalog, read('README.md')!);
    const stale = [...want].filter(([rel, content]) => read(rel) !== content).map(([rel]) => `${rel} is ${read(rel) === undefined ? 'missing' : 'stale'}: run \`npm run docs\``);
    expect(stale).toEqual([]);
  });

  it('has no page for a code no rule has', () => {
    const pages = fs.readdirSync(path.join(ROOT, RULE_PAGES_DIR)).filter(isRulePageName);
    expect(pages.sort()).toEqual(catalog.map((r) => `${r.code}.md`).sort());
  });

  it('every rule has the metadata its page needs', () => {
    expect(catalog.flatMap(missingForPage)).toEqual([]);
  });

  it('says what a rule lacks for its page, and makes no page without it', () => {
    const bare = { code: 'IS999', name: 'made-up', severity: 'error', summary: 'A made-up rule for this test', docs: { whatItDoes: '', why: 'short', example: '', runtimeError: { when: 'someday', error: 'x' } }, fixSafety: { kind: 'maybe', commands: ['imagespec.nothing'] }, appliesTo: [{ sdk: 'othersdk' }] } as unknown as RuleMeta;
    expect(missingForPage(bare)).toEqual([
      'IS999: docs.whatItDoes is missing or too short',
      'IS999: docs.why is missing or too short',
      'IS999: docs.example is missing or too short',
      'IS999: docs.runtimeError.when "someday" has no wording in server/cli/ruleDocs.ts WHEN',
      'IS999: docs.runtimeError.error is missing or too short',
      'IS999: fixSafety.kind is missing or unknown',
      'IS999: command imagespec.nothing has no wording in server/cli/ruleDocs.ts COMMANDS',
      'IS999: appliesTo sdk "othersdk" has no wording in server/cli/ruleDocs.ts SDK',
    ]);
    expect(() => generatedDocs([...catalog, bare], read('README.md')!)).toThrow(/IS999: docs.whatItDoes/);
    const noSdk = { ...catalog.find((r) => r.code === 'IS101')!, code: 'IS998', appliesTo: [] };
    expect(missingForPage(noSdk)).toEqual(['IS998: appliesTo names no SDK']);
  });

  it('a page carries every part of the metadata', () => {
    for (const r of catalog) {
      const page = rulePage(r);
      expect(page.startsWith(`<!-- Generated from rules/${r.code}-${r.name}.ts by \`npm run docs\``), r.code).toBe(true);
      for (const part of [r.docs.whatItDoes, r.docs.why, r.docs.example.trimEnd(), ...(r.configKeys ?? []).map((k) => `\`${k}\``)]) expect(page, r.code).toContain(part);
      if (r.docs.fixed) expect(page, r.code).toContain(r.docs.fixed.trimEnd());
      if (r.docs.runtimeError) expect(page, r.code).toContain(r.docs.runtimeError.error.replace(/\.$/, ''));
      if (r.fixSafety.note) expect(page, r.code).toContain(r.fixSafety.note.replace(/\.$/, ''));
      for (const c of r.fixSafety.commands ?? []) expect(page, r.code).toContain(`\`${c}\``);
      for (const a of r.appliesTo) {
        if (a.since) expect(page, r.code).toContain(`${a.since} and later`);
        if (a.note) expect(page, r.code).toContain(a.note.replace(/\.$/, ''));
      }
    }
    const page = rulePage(catalog.find((r) => r.code === 'IS402')!);
    expect(page).toContain('## The error it predicts\n\nWithout the linter it surfaces when the image is built.');
    expect(page).toContain('- flytekit 1.14.0 and later: uv.lock as requirements since 1.14.0');
    expect(page).toContain('## Fix safety\n\n**No automatic fix.**');
  });

  it('every configuration key a rule names is one the README documents', () => {
    const block = /## Configuration\n[\s\S]*?```toml\n([\s\S]*?)```/.exec(read('README.md')!)?.[1];
    const table = (parseToml(block!) as { tool: { 'imagespec-lint': Record<string, unknown> } }).tool['imagespec-lint'];
    const problems: string[] = [];
    for (const r of catalog) {
      for (const key of r.configKeys ?? []) {
        let t: unknown = table;
        for (const part of key.split('.')) t = t && typeof t === 'object' ? (t as Record<string, unknown>)[part] : undefined;
        if (t === undefined) problems.push(`${r.code}: configKeys names ${key}, which the README's [tool.imagespec-lint] example does not`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('--explain prints the page without its generated-file marker', () => {
    for (const r of catalog) expect(read(`${RULE_PAGES_DIR}/${r.code}.md`), r.code).toBe(rulePage(r));
    for (const r of catalog) expect(rulePage(r).endsWith(explainRule(r)), r.code).toBe(true);
    const r = catalog.find((x) => x.code === 'IS103')!;
    const cli = runCli(['--explain', 'is103'], { cwd: ROOT });
    expect(cli.code).toBe(0);
    expect(cli.stdout).toBe(rulePageBody(r));
    expect(read(`${RULE_PAGES_DIR}/IS103.md`)).toBe(`<!-- Generated from rules/IS103-gar-repository-missing.ts by \`npm run docs\`: edit the rule's metadata, not this page. -->\n\n${cli.stdout}`);
  });

  it('links point at the pages, on the repository package.json names', () => {
    const pkg = JSON.parse(read('package.json')!) as { repository: { url: string }; homepage: string };
    const repo = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
    expect(INFORMATION_URI).toBe(repo);
    expect(pkg.homepage.replace(/#.*$/, '')).toBe(repo);
    for (const r of catalog) {
      const url = ruleDocsUrl(r.code.toLowerCase());
      expect(url).toBe(`${repo}/blob/main/${RULE_PAGES_DIR}/${r.code}.md`);
      expect(fs.existsSync(path.join(ROOT, RULE_PAGES_DIR, `${r.code}.md`)), r.code).toBe(true);
    }
    // The README table and the index link the same pages, relative to where each lives.
    const readme = read('README.md')!;
    const index = read(`${RULE_PAGES_DIR}/README.md`)!;
    for (const r of catalog) {
      expect(readme).toContain(`[${r.code}](${RULE_PAGES_DIR}/${r.code}.md)`);
      expect(index).toContain(`[${r.code}](${r.code}.md)`);
    }
  });
});
