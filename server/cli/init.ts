// `imagespec-lint --init`: writes a starter `[tool.imagespec-lint]` section
// into ./pyproject.toml, creating the file or appending to it. It asks
// nothing and never rewrites what is there: an existing section (or an
// imagespec-lint.toml next to it) leaves the file untouched, as does a
// pyproject.toml that is not valid TOML. The data plane region and project
// come from --dataplane-region / --dataplane-project, or are left as
// commented examples.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { writeFileAtomic } from '../util/atomicWrite';

export interface InitOptions {
  cwd: string;
  region?: string;
  project?: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** A TOML basic string. JSON's escapes are a subset of TOML's for strings. */
function tomlString(s: string): string {
  return JSON.stringify(s);
}

function starterSection(region?: string, project?: string): string {
  const lines = [
    '[tool.imagespec-lint]',
    '# Which rules run: all by default. Codes or prefixes; `imagespec-lint --list-rules` lists them.',
    '# select = ["IS"]',
    '# ignore = ["IS107"]',
    '# exclude = ["vendor/"]            # gitignore-style, relative to this folder',
    '# specs = ["images/*.yaml"]        # YAML image specs (pyflyte run --image spec.yaml)',
    '# deep = "auto"                    # ask Artifact Registry: "auto" (when credentials exist), true, false',
    '',
    '[tool.imagespec-lint.dataplane]',
    '# Where your Union data plane runs: registries in another region or project are flagged.',
    region ? `region = ${tomlString(region)}` : '# region = "us-east1"              # also --dataplane-region / $IMAGESPEC_DATAPLANE_REGION',
    project ? `project = ${tomlString(project)}` : '# project = "my-union-dataplane"    # also --dataplane-project / $IMAGESPEC_DATAPLANE_PROJECT',
  ];
  return lines.join('\n') + '\n';
}

export function runInit(o: InitOptions): number {
  const file = path.join(o.cwd, 'pyproject.toml');
  const own = path.join(o.cwd, 'imagespec-lint.toml');
  if (fs.existsSync(own)) {
    o.stderr('imagespec-lint: imagespec-lint.toml already configures this folder (it wins over pyproject.toml); nothing written\n');
    return 1;
  }
  let existing: string | undefined;
  try {
    existing = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      o.stderr(`imagespec-lint: cannot read pyproject.toml: ${(e as Error).message}\n`);
      return 2;
    }
  }
  if (existing !== undefined) {
    let doc: Record<string, unknown>;
    try {
      doc = parseToml(existing) as Record<string, unknown>;
    } catch (e) {
      const first = String((e as Error).message).split('\n')[0];
      o.stderr(`imagespec-lint: pyproject.toml is not valid TOML (${first}); fix it first, nothing written\n`);
      return 2;
    }
    const tool = doc.tool as Record<string, unknown> | undefined;
    if (tool && typeof tool === 'object' && 'imagespec-lint' in tool) {
      o.stderr('imagespec-lint: pyproject.toml already has a [tool.imagespec-lint] section; left unchanged\n');
      return 1;
    }
  }
  let section = starterSection(o.region, o.project);
  let text: string;
  if (existing === undefined || existing.trim() === '') text = section;
  else {
    const eol = existing.includes('\r\n') ? '\r\n' : '\n';
    if (eol === '\r\n') section = section.replace(/\n/g, '\r\n');
    const sep = existing.endsWith(eol + eol) ? '' : existing.endsWith(eol) ? eol : eol + eol;
    text = existing + sep + section;
  }
  try {
    // The result must still parse: a file whose last table is an array of
    // tables or an inline table cannot be broken by appending a new table,
    // but check rather than assume.
    parseToml(text);
  } catch (e) {
    o.stderr(`imagespec-lint: appending would make pyproject.toml invalid (${String((e as Error).message).split('\n')[0]}); nothing written\n`);
    return 2;
  }
  try {
    if (existing === undefined) fs.writeFileSync(file, text, { flag: 'wx' });
    else writeFileAtomic(file, Buffer.from(text, 'utf8'));
  } catch (e) {
    o.stderr(`imagespec-lint: cannot write pyproject.toml: ${(e as Error).message}\n`);
    return 2;
  }
  o.stdout(`${existing === undefined ? 'Created' : 'Added [tool.imagespec-lint] to'} pyproject.toml${o.region || o.project ? '' : '; set your data plane region and project in [tool.imagespec-lint.dataplane]'}.\n`);
  return 0;
}
