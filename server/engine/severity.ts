// How serious a finding is. Its own module because both the findings
// (types.ts) and the config's per-code overrides (config.ts) name it.

export type Severity = 'error' | 'warning' | 'info';
