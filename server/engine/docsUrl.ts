// Where the project and each rule are documented, for every surface that
// links to them (LSP codeDescription, SARIF helpUri, JSON `url`). The README's
// rules table carries one anchor per code.

export const INFORMATION_URI = 'https://github.com/imagespec-lint/imagespec-lint';
export const RULE_DOCS_BASE_URL = `${INFORMATION_URI}/blob/main/README.md`;

export function ruleDocsUrl(code: string): string {
  return `${RULE_DOCS_BASE_URL}#${code.toLowerCase()}`;
}
