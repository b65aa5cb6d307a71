// A finding as an LSP diagnostic: the same range (both count UTF-16 units),
// severity, code and message, and a link to the rule's documentation.

import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Finding, Severity } from '../engine/types';
import { ruleDocsUrl } from '../engine/docsUrl';

const DIAGNOSTIC_SOURCE = 'imagespec';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toDiagnostic(f: Finding): Diagnostic {
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.code,
    codeDescription: { href: ruleDocsUrl(f.code) },
    source: DIAGNOSTIC_SOURCE,
    message: f.message,
  };
}
