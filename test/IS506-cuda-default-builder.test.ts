import { describe, expect, it } from 'vitest';
import { covered, lintSource, only } from './helpers/lint';

const H = 'from flytekit import ImageSpec\n';
const lint = (src: string, opts: { file?: string; files?: Record<string, string> } = {}) => lintSource(src, { ...opts, select: ['IS506'] });

const MSG_TAIL =
  'building raises ValueError ("cuda and cudnn do not need to be specified"). Remove it: PyPI GPU packages bring their own CUDA, conda can install it from the `nvidia` channel, or use a base_image with CUDA';

describe('IS506 cuda/cudnn with the default builder', () => {
  it('reports cuda and cudnn with builder="default", each on its own argument', () => {
    const src = `${H}img = ImageSpec(name="train", builder="default", cuda="12.1", cudnn="8")\n`;
    const out = lint(src);
    const fs = only(out, 'IS506');
    expect(fs).toHaveLength(2);
    expect(fs.map((f) => covered(out, f))).toEqual(['cuda="12.1"', 'cudnn="8"']);
    expect(fs[0].range).toEqual({ start: { line: 1, character: 49 }, end: { line: 1, character: 60 } });
    expect(fs[0].severity).toBe('error');
    expect(fs[0].message).toBe(`\`cuda\` is rejected by flytekit's default builder: ${MSG_TAIL}`);
    expect(fs[0].fixes).toEqual([]);
  });

  it('reports with no builder set, saying so', () => {
    const out = lint(`${H}img = ImageSpec(name="train", cuda="12.1")\n`);
    const [f] = only(out, 'IS506');
    expect(f.message).toBe(`\`cuda\` is rejected by flytekit's default builder (no builder is set and the project installs no other): ${MSG_TAIL}`);
  });

  it('reports an empty string too (flytekit tests `is not None`)', () => {
    expect(only(lint(`${H}img = ImageSpec(cudnn="")\n`), 'IS506')).toHaveLength(1);
  });

  it('is clean with envd or another builder, None, or no cuda', () => {
    expect(only(lint(`${H}img = ImageSpec(builder="envd", cuda="12.1")\n`), 'IS506')).toEqual([]);
    expect(only(lint(`${H}img = ImageSpec(builder="union", cuda="12.1")\n`), 'IS506')).toEqual([]);
    expect(only(lint(`${H}img = ImageSpec(cuda=None, cudnn=None)\n`), 'IS506')).toEqual([]);
    expect(only(lint(`${H}img = ImageSpec(name="train")\n`), 'IS506')).toEqual([]);
  });

  it('is clean when another builder may take over with builder unset', () => {
    // the project depends on the envd plugin (priority above the default builder)
    expect(only(lint(`${H}img = ImageSpec(cuda="12.1")\n`, { files: { 'requirements.txt': 'flytekit\nflytekitplugins-envd==1.13\n' } }), 'IS506')).toEqual([]);
    expect(only(lint(`${H}img = ImageSpec(cuda="12.1")\n`, { files: { 'pyproject.toml': '[project]\ndependencies = ["flytekitplugins-envd"]\n' } }), 'IS506')).toEqual([]);
    // union's remote builder
    expect(only(lint(`from union import ImageSpec\nimg = ImageSpec(cuda="12.1")\n`), 'IS506')).toEqual([]);
    // **kwargs may set builder
    expect(only(lint(`${H}img = ImageSpec(cuda="12.1", **opts)\n`), 'IS506')).toEqual([]);
  });

  it('stays silent on unknown values', () => {
    expect(only(lint(`${H}img = ImageSpec(cuda=os.getenv("CUDA"))\n`), 'IS506')).toEqual([]);
    expect(only(lint(`${H}img = ImageSpec(builder=BUILDER, cuda="12.1")\n`), 'IS506')).toEqual([]);
  });

  it('YAML: the key and value are underlined', () => {
    const out = lint('name: train\ncuda: "12.1"\nbuilder: default\n', { file: 'spec.yaml' });
    const [f] = only(out, 'IS506');
    expect(f.range).toEqual({ start: { line: 1, character: 0 }, end: { line: 1, character: 12 } });
    expect(covered(out, f)).toBe('cuda: "12.1"');
    expect(only(lint('cuda: "12.1"\nbuilder: envd\n', { file: 'spec.yaml' }), 'IS506')).toEqual([]);
    expect(only(lint('cuda:\n', { file: 'spec.yaml' }), 'IS506')).toEqual([]);
  });
});
