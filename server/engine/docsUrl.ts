// Where the project and each rule are documented, for every surface that
// links to them (LSP codeDescription, SARIF helpUri, the JSON, GitLab and
// reviewdog formats). The one place that builds a rule's URL: a page per
// rule, docs/rules/ISnnn.md in the repository, generated from the rule's
// own metadata.

export const INFORMATION_URI = 'https://github.com/imagespec-lint/imagespec-lint';
export const RULE_DOCS_BASE_URL = `${INFORMATION_URI}/blob/main/docs/rules`;

export function ruleDocsUrl(code: string): string {
  return `${RULE_DOCS_BASE_URL}/${code.toUpperCase()}.md`;
}
