// What a module's text is read for when another module beside it is linted
// (view.ts findInModules): a union import (union's builder is installed) or
// a builder registered (ImageBuildEngine.register). An edit to a module
// matters to its neighbours only when one of these answers changes: the
// CLI's result cache keeps the answers, not the bytes (cli/cache.ts `scan`
// facts), and the language server re-lints the open neighbours only then
// (lsp/diagnostics.ts). A module of its own: the CLI's cache loads it on
// every run, before anything heavy.

export const UNION_IMPORT = /^[ \t]*(?:from[ \t]+(?:union|unionai)\b|import[ \t]+(?:[\w.]+[ \t]*,[ \t]*)*(?:union|unionai)\b)/m;
/** The project registering a builder of its own. */
export const REGISTERS_BUILDER = /\bImageBuildEngine\.register\s*\(/;

export const NEIGHBOUR_PATTERNS: readonly RegExp[] = [UNION_IMPORT, REGISTERS_BUILDER];
