// The language server's modules that the first diagnostics do not need,
// loaded on first use (as the CLI's server/cli/lazy.ts): hover, completion
// and document links answer later requests (deep.ts requires the Artifact
// Registry client when deep checks are on). An editor waits for the
// answer to `initialize` and then for the first diagnostics; everything
// here stays out of that path.

/* eslint-disable @typescript-eslint/no-require-imports -- required on first use on purpose (see above) */

export const hoverFeature = (): typeof import('./hover') => require('./hover');
export const completionFeature = (): typeof import('./completion') => require('./completion');
export const linksFeature = (): typeof import('./links') => require('./links');
