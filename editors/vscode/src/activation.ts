// Whether a workspace is one the server has something to say about. The
// extension activates on any Python or YAML file (VS Code cannot look
// inside files before activating), then starts the server only once it
// sees an ImageSpec, a Flyte import or a Flyte dependency: a Python
// workspace without Flyte never pays for a language server. Pure: no
// `vscode` import.

/** Text of an open Python or YAML document that declares or imports what we lint. */
export function documentMentionsFlyte(text: string): boolean {
  return /\bImageSpec\b|\bflytekit\b|\bflyte\b/.test(text);
}

/** Project files at a workspace folder's root that, by name, may declare Flyte dependencies. */
export const PROJECT_FILES = ['imagespec-lint.toml', 'pyproject.toml', 'requirements.txt', 'requirements.in', 'uv.lock', 'poetry.lock', 'setup.cfg', 'setup.py'];

/** A project file that configures us or depends on flytekit, flyte or union. */
export function projectFileMentionsFlyte(name: string, text: string): boolean {
  if (name === 'imagespec-lint.toml') return true;
  if (/^\s*\[\s*tool\s*\.\s*["']?imagespec-lint/m.test(text)) return true;
  // A dependency's name where dependency lists put it: at the start of a
  // line (requirements, poetry tables) or right after a quote (pyproject
  // lists, lock files): `flytekit>=1.16`, "flyte", "union==0.1", name = "unionai".
  return /(^\s*|["'])(flytekit|flytekitplugins-[\w.-]+|flyte|union|unionai)(?![\w-])/im.test(text);
}
