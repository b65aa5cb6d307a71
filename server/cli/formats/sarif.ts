// `--output-format sarif`: SARIF 2.1.0 for GitHub code scanning and other
// SARIF viewers. One run; the driver lists the rules that ran, each with its
// documentation as help Markdown; results point into files relative to
// `%SRCROOT%` (the folder the CLI ran in); text-edit fixes become SARIF
// `fixes` with `artifactChanges`.
//
// Columns: SARIF regions count columns in the unit named by run.columnKind
// ("utf16CodeUnits" or "unicodeCodePoints"). What a consumer assumes when
// it is absent is not something to rely on (Microsoft's SARIF SDK reads
// absence as unicodeCodePoints, other producers assume utf16CodeUnits, and
// the SARIF 2.2 draft makes the property required whenever a run has
// results), so we always write it. We count code points, as the full and
// concise formats and the JSON format's `location` do: `columnKind:
// "unicodeCodePoints"`. Lines and columns are 1-based, endColumn exclusive.

import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Finding, Fix, RuleMeta, Severity } from '../../engine/types';
import type { Range } from '../../model/position';
import { explainRule } from '../explain';
import type { Formatter, Report } from './types';
import { INFORMATION_URI, Locator, ruleDocsUrl } from './shared';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note' };

/** A relative path as a URI reference: each segment percent-encoded. */
function relativeUri(rel: string): string {
  return rel.split(path.sep).map(encodeURIComponent).join('/');
}

function artifactLocation(file: string, cwd: string): Sarif.ArtifactLocation {
  const rel = path.relative(cwd, file);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return { uri: relativeUri(rel), uriBaseId: SRCROOT };
  return { uri: pathToFileURL(file).href };
}

function ruleDescriptor(rule: RuleMeta): Sarif.ReportingDescriptor {
  const url = ruleDocsUrl(rule.code);
  return {
    id: rule.code,
    name: rule.name,
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.docs.why },
    help: { text: `${rule.summary}.\n\n${rule.docs.why}\n\nDocumentation: ${url}`, markdown: explainRule(rule) },
    helpUri: url,
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags: rule.deep ? ['imagespec', 'deep'] : ['imagespec'] },
  };
}

export function toSarif(r: Report): Sarif.Log {
  const loc = new Locator(r.sources);
  // r.rules lists every rule that ran, so every finding's rule (Report).
  const rules: RuleMeta[] = [...r.rules];
  const index = new Map(rules.map((x, i) => [x.code, i]));
  const region = (file: string, range: Range): Sarif.Region => {
    const l = loc.locate(file, range);
    return { startLine: l.line, startColumn: l.column, endLine: l.endLine, endColumn: l.endColumn };
  };
  const fix = (f: Finding, x: Fix): Sarif.Fix | undefined => {
    // Only pure text edits are SARIF fixes; creating a file or running an
    // editor command has no SARIF form.
    if (x.createFile || x.command || !x.edits.length) return undefined;
    const byFile = new Map<string, Sarif.Replacement[]>();
    for (const e of x.edits) {
      const file = e.file ?? f.file;
      const rep: Sarif.Replacement = { deletedRegion: region(file, e.range) };
      if (e.newText) rep.insertedContent = { text: e.newText };
      let list = byFile.get(file);
      if (!list) byFile.set(file, (list = []));
      list.push(rep);
    }
    return {
      description: { text: x.title },
      artifactChanges: [...byFile].map(([file, replacements]) => ({ artifactLocation: artifactLocation(file, r.cwd), replacements })),
      properties: { safe: x.safe, preferred: !!x.preferred },
    };
  };
  const results: Sarif.Result[] = r.findings.map((f) => {
    const i = index.get(f.code);
    const result: Sarif.Result = {
      ruleId: f.code,
      ...(i !== undefined ? { ruleIndex: i } : {}),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(f.file, r.cwd), region: region(f.file, f.range) } }],
    };
    const fixes = f.fixes.map((x) => fix(f, x)).filter((x): x is Sarif.Fix => !!x);
    if (fixes.length) result.fixes = fixes;
    return result;
  });
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'imagespec-lint',
            version: r.toolVersion,
            semanticVersion: r.toolVersion,
            informationUri: INFORMATION_URI,
            rules: rules.map(ruleDescriptor),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(r.cwd).href.replace(/\/?$/, '/') } },
        columnKind: 'unicodeCodePoints',
        results,
      },
    ],
  };
}

export const sarif: Formatter = {
  name: 'sarif',
  description: 'SARIF 2.1.0 (GitHub code scanning)',
  render(r: Report): string {
    return JSON.stringify(toSarif(r), null, 2) + '\n';
  },
};
