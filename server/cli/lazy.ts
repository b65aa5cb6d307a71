// The CLI's heavy modules, loaded on first use: the parser (behind the
// engine's lint), the rules and the fixer are not needed when every file
// comes from the result cache, nor the worker pool (server/workspace/pool.ts, lintWorker.ts)
// when few files need linting, and each module costs start-up time
// (server/cli/loadBundle.ts). The rule set reaches the engine as a loader
// (createRun calls it on the first file really linted).

/* eslint-disable @typescript-eslint/no-require-imports -- required on first use on purpose (see above) */

export const engine = (): typeof import('../engine/lint') => require('../engine/lint');
export const rules = (): typeof import('../../rules') => require('../../rules');
export const fixer = (): typeof import('../engine/fixes') => require('../engine/fixes');
export const lintWorker = (): typeof import('./lintWorker') => require('./lintWorker');
export const pool = (): typeof import('../workspace/pool') => require('../workspace/pool');
