// `--output-format junit`: JUnit XML for CI test-report views (GitLab's
// `artifacts:reports:junit`, Jenkins, Azure Pipelines). One testsuite; a
// testcase per linted file that could declare an ImageSpec; a `<failure>`
// per finding in that file (the junit-10 schema allows several per
// testcase). A file without findings is a passing testcase.

import type { Formatter, Report } from './types';
import { Locator, portablePath } from './shared';

/**
 * Text and attribute escaping for XML 1.0. Characters XML 1.0 cannot
 * carry at all (C0 controls other than tab, LF, CR; lone surrogates;
 * U+FFFE/U+FFFF) become U+FFFD, so the document always parses.
 */
export function xmlEscape(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex -- the characters XML 1.0 forbids
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

/** Element text: line breaks stay readable; `&`, `<`, `>` escaped. */
function xmlText(s: string): string {
  return xmlEscape(s).replace(/&#10;/g, '\n').replace(/&#9;/g, '\t').replace(/&quot;/g, '"').replace(/&apos;/g, "'");
}

export const junit: Formatter = {
  name: 'junit',
  description: 'JUnit XML (a testcase per file, a failure per finding)',
  render(r: Report): string {
    const loc = new Locator(r.sources);
    const files = [...new Set([...r.sources.keys(), ...r.findings.map((f) => f.file)])].sort();
    const failing = new Set(r.findings.map((f) => f.file));
    const counts = `tests="${files.length}" failures="${failing.size}" errors="0" skipped="0"`;
    const out = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<testsuites name="imagespec-lint" ${counts}>`,
      `  <testsuite name="imagespec-lint" ${counts}>`,
    ];
    for (const file of files) {
      const name = xmlEscape(portablePath(file, r.cwd));
      const findings = r.findings.filter((f) => f.file === file);
      if (!findings.length) {
        out.push(`    <testcase name="${name}" classname="imagespec-lint" file="${name}"/>`);
        continue;
      }
      out.push(`    <testcase name="${name}" classname="imagespec-lint" file="${name}">`);
      for (const f of findings) {
        const l = loc.locate(f.file, f.range);
        const where = `${portablePath(file, r.cwd)}:${l.line}:${l.column}`;
        out.push(
          `      <failure message="${xmlEscape(`${f.code} ${f.message}`)}" type="${f.severity}">${xmlText(`${where}: ${f.code} [${f.severity}] ${f.message}`)}</failure>`,
        );
      }
      out.push('    </testcase>');
    }
    out.push('  </testsuite>', '</testsuites>');
    return out.join('\n') + '\n';
  },
};
