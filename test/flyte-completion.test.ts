// Completion for Flyte 2 (server/lsp/completion.ts): constructors after
// `Image.`, clone / with_* after a chain or a module-level image, and the
// parameters of the call the cursor is in.
import { describe, expect, it } from 'vitest';
import { complete } from '../server/lsp/completion';
import { defaultConfig } from '../server/engine/config';
import { extractDecls } from '../server/extract';
import { LineIndex } from '../server/model/position';

async function labelsAt(text: string, decls = extractDecls(text.replace('|', ''), '/p/main.py').decls): Promise<string[]> {
  const offset = text.indexOf('|');
  const src = text.replace('|', '');
  const r = await complete({ text: src, position: new LineIndex(src).positionAt(offset), config: defaultConfig(), decls });
  return r ? r.items.map((i) => i.label) : [];
}

describe('Flyte 2 completion', () => {
  it('offers the constructors after Image.', async () => {
    const l = await labelsAt('import flyte\nx = flyte.Image.from_|');
    expect(l).toEqual(expect.arrayContaining(['from_debian_base', 'from_base', 'from_uv_script', 'from_dockerfile', 'from_ref_name']));
    expect(l).not.toContain('with_pip_packages');
  });

  it('offers clone and the with_* methods after a chain and after a module-level image', async () => {
    const a = await labelsAt('import flyte\nx = flyte.Image.from_debian_base(name="a").|');
    expect(a).toEqual(expect.arrayContaining(['clone', 'with_pip_packages', 'with_requirements', 'with_apt_packages']));
    expect(a).not.toContain('from_base');
    const text = 'import flyte\nbase = flyte.Image.from_debian_base(name="a")\ngpu = base.wi|';
    expect(await labelsAt(text, extractDecls('import flyte\nbase = flyte.Image.from_debian_base(name="a")\n', '/p/main.py').decls)).toContain('with_pip_packages');
  });

  it('offers the parameters not yet given inside a call', async () => {
    const l = await labelsAt('import flyte\nx = flyte.Image.from_debian_base(name="a", |)');
    expect(l).toEqual(expect.arrayContaining(['python_version', 'registry', 'install_flyte', 'platform']));
    expect(l).not.toContain('name');
    expect(await labelsAt('import flyte\nx = flyte.Image.from_debian_base().with_pip_packages("a", |)')).toEqual(expect.arrayContaining(['index_url', 'pre', 'extra_index_urls']));
  });

  it('ImageSpec completion is unchanged in a file without flyte', async () => {
    expect(await labelsAt('from flytekit import ImageSpec\nx = ImageSpec(|)')).toContain('registry');
  });
});
