// Real project layouts for the project-model tests (test/project-layouts.test.ts
// through the CLI, test/lsp/project-layouts.test.ts through the language
// server): each is a folder with its own `.git` (its own project root) and
// the dependency files a real project of that kind has.

import * as fs from 'node:fs';
import * as path from 'node:path';

/** The requirements file the golden `requirements` spec hashes (test/golden/flytekit-tags.json). */
export function goldenRequirements(): string {
  const g = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'golden', 'flytekit-tags.json'), 'utf8')) as { requirements_txt: string };
  return g.requirements_txt;
}

/**
 * Specs of the golden set written as Python, by golden spec id. Each is
 * assigned to `img_<key>` in the layout's module; `builder-unset` is the
 * golden `builder-unset-envd-installed` in a project that installs envd and
 * `builder-unset-flytekit-only` otherwise.
 */
export const GOLDEN_PY: Record<string, string> = {
  'builder-default': 'ImageSpec(builder="default", packages=["x"])',
  'builder-unset': 'ImageSpec(packages=["x"])',
  requirements: 'ImageSpec(name="req", requirements="requirements.txt")',
  'registry-packages': 'ImageSpec(name="My_Image", registry="GHCR.io/Owner", packages=["pandas==2.2", "numpy"])',
  'tag-format': 'ImageSpec(name="fmt", tag_format="{spec_hash}-dev")',
  'nested-base-default-builder': 'ImageSpec(base_image=ImageSpec(name="base", builder="default", registry="localhost:30000"))',
  'python-exec': 'ImageSpec(python_exec="/usr/bin/python3")',
  chain: 'ImageSpec(packages=["a"]).with_packages("b").with_apt_packages(["git"]).with_commands("echo hi")',
};

/** The module path of a layout's specs: two folders deep, with the spec's requirements file in the folder between. */
export const MODULE = 'examples/etl/workflow.py';

export function goldenModule(): string {
  const lines = ['from flytekit import ImageSpec', ''];
  for (const [k, src] of Object.entries(GOLDEN_PY)) lines.push(`img_${k.replace(/-/g, '_')} = ${src}`);
  return lines.join('\n') + '\n';
}

export interface Layout {
  id: string;
  /** What the layout is. */
  what: string;
  /** The files besides the module (relative to the layout's root). */
  files: Record<string, string>;
  /** The flytekit release the project runs, as the golden file names it; undefined when the tag is not computed. */
  release?: string;
  /** How the hover names where the release came from. */
  source: string;
  /** The project installs envd (golden `builder-unset-envd-installed`). */
  envd?: boolean;
  /** union is installed: the builder flytekit fills in is not known. */
  union?: boolean;
}

const PYPROJECT = (deps: string[]): string => `[project]\nname = "demo"\nversion = "0.1.0"\ndependencies = [${deps.map((d) => JSON.stringify(d)).join(', ')}]\n`;

export const LAYOUTS: Layout[] = [
  {
    id: 'uv-1.13.5',
    what: 'pinned to 1.13.5 by uv.lock',
    files: {
      'pyproject.toml': PYPROJECT(['flytekit>=1.13']),
      'uv.lock': 'version = 1\nrequires-python = ">=3.11"\n\n[[package]]\nname = "flytekit"\nversion = "1.13.5"\nsource = { registry = "https://pypi.org/simple" }\n\n[[package]]\nname = "pandas"\nversion = "2.2.2"\n',
    },
    release: '1.13.5',
    source: 'uv.lock locks flytekit 1.13.5',
  },
  {
    id: 'pyproject-1.14.6',
    what: 'pinned to 1.14.6 in pyproject.toml',
    files: { 'pyproject.toml': PYPROJECT(['flytekit==1.14.6', 'pandas']) },
    release: '1.14.6',
    source: 'pyproject.toml pins flytekit 1.14.6',
  },
  {
    id: 'requirements-1.15.3',
    what: 'pinned to 1.15.3 in requirements.txt',
    files: { 'requirements.txt': 'flytekit==1.15.3\npandas\n' },
    release: '1.15.3',
    source: 'requirements.txt pins flytekit 1.15.3',
  },
  {
    id: 'requirements-1.16',
    what: 'a 1.16 range in requirements.txt: the newest 1.16 read',
    files: { 'requirements.txt': 'flytekit>=1.16,<1.17\n' },
    release: '1.16.24',
    source: 'requirements.txt asks for flytekit >=1.16,<1.17',
  },
  {
    id: 'envd-1.15.1',
    what: 'envd installed, flytekit 1.15.1 (which hashes the builder it fills in)',
    files: { 'requirements.txt': 'flytekit==1.15.1\nflytekitplugins-envd==1.15.1\n' },
    release: '1.15.1',
    source: 'requirements.txt pins flytekit 1.15.1',
    envd: true,
  },
  {
    id: 'plain-1.15.1',
    what: 'flytekit alone, 1.15.1',
    files: { 'requirements.txt': 'flytekit==1.15.1\n' },
    release: '1.15.1',
    source: 'requirements.txt pins flytekit 1.15.1',
  },
  {
    id: 'union-1.15.1',
    what: 'a Union project on 1.15.1: the builder flytekit fills in depends on the endpoint',
    files: { 'pyproject.toml': PYPROJECT(['union', 'flytekit==1.15.1']) },
    release: '1.15.1',
    source: 'pyproject.toml pins flytekit 1.15.1',
    union: true,
  },
  {
    id: 'config-1.14.6',
    what: 'config `flytekit-version` overrides the requirements pin',
    files: { 'requirements.txt': 'flytekit==1.16.4\n', 'imagespec-lint.toml': 'flytekit-version = "1.14.6"\n' },
    release: '1.14.6',
    source: 'config `flytekit-version`',
  },
  {
    id: 'old-1.10.3',
    what: 'flytekit 1.10.3: older than the mirrored releases',
    files: { 'requirements.txt': 'flytekit==1.10.3\n' },
    source: 'requirements.txt pins flytekit 1.10.3',
  },
];

/** Writes every layout under `dir` (each its own project root, with the golden module and its requirements file). */
export function writeLayouts(dir: string): void {
  for (const l of LAYOUTS) {
    const root = path.join(dir, l.id);
    fs.mkdirSync(path.join(root, '.git'), { recursive: true });
    const files: Record<string, string> = { ...l.files, 'examples/requirements.txt': goldenRequirements(), [MODULE]: goldenModule() };
    for (const [rel, text] of Object.entries(files)) {
      const p = path.join(root, rel);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, text);
    }
  }
}

/** The golden image name of a spec key in a layout, or undefined when flytekit raises (or no golden is recorded). */
export function goldenName(layout: Layout, key: string): string | undefined {
  const g = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'golden', 'flytekit-tags.json'), 'utf8')) as {
    specs: { id: string }[];
    versions: Record<string, { results: ({ image_name: string } | { error: string } | { needs_files: string })[] }>;
  };
  if (!layout.release) return undefined;
  const id = key === 'builder-unset' ? (layout.envd ? 'builder-unset-envd-installed' : 'builder-unset-flytekit-only') : key;
  const i = g.specs.findIndex((s) => s.id === id);
  const v = g.versions[layout.release];
  if (i < 0 || !v) throw new Error(`no golden for ${id} at ${layout.release}`);
  const r = v.results[i];
  return 'image_name' in r ? r.image_name : undefined;
}
