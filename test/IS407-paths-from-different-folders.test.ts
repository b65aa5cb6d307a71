import { describe, expect, it } from 'vitest';
import { covered, lintSource, only } from './helpers/lint';

const HEAD = 'from flytekit import ImageSpec\n';
const FILES = { 'src/__init__.py': '', 'requirements.txt': 'x\n', 'examples/etl/requirements-etl.txt': 'x\n', 'examples/etl/data.csv': 'a\n' };

describe('IS407 paths of one spec found from different working folders', () => {
  it('warns on the later path when two paths share no folder, naming the folders of each', () => {
    const src = HEAD + 'image = ImageSpec(requirements="requirements-etl.txt", source_root="src")\n';
    const out = lintSource(src, { select: ['IS4'], file: 'examples/etl/wf.py', files: FILES });
    // Each path alone exists from some folder: IS401 and IS405 stay silent.
    expect(out.findings.map((f) => f.code)).toEqual(['IS407']);
    const [f] = out.findings;
    expect(f.severity).toBe('warning');
    expect(covered(out, f)).toBe('"src"');
    expect(f.range).toEqual({ start: { line: 1, character: 67 }, end: { line: 1, character: 72 } });
    expect(f.message).toBe(
      '`source_root` `src` exists only from `.`, but `requirements` `requirements-etl.txt` only from `examples/etl`: ' +
        'pyflyte opens both from the one folder it runs in, so one of them is missing wherever it runs. Write both relative to the folder you run pyflyte in, and pin it with config `workdir`',
    );
    expect(f.fixes).toEqual([]);
  });

  it('counts copy entries and intermediate folders', () => {
    const src = HEAD + 'image = ImageSpec(copy=["data.csv"], requirements="examples/etl/requirements-etl.txt")\n';
    const out = lintSource(src, { select: ['IS407'], file: 'examples/etl/sub/wf.py', files: FILES });
    const [f] = only(out, 'IS407');
    expect(covered(out, f)).toBe('"data.csv"');
    expect(f.message.startsWith('copy entry `data.csv` exists only from `examples/etl`, but `requirements` `examples/etl/requirements-etl.txt` only from `.`: ')).toBe(true);
  });

  it('is silent when a folder has both, for paths found nowhere, for absolute paths and with config `workdir`', () => {
    const lint = (args: string, extra: Parameters<typeof lintSource>[1] = {}) =>
      only(lintSource(`${HEAD}image = ImageSpec(${args})\n`, { select: ['IS407'], file: 'examples/etl/wf.py', files: FILES, ...extra }), 'IS407');
    expect(lint('requirements="requirements.txt", source_root="src"')).toEqual([]);
    expect(lint('requirements="requirements-etl.txt", copy=["data.csv"]')).toEqual([]);
    expect(lint('requirements="requirements-etl.txt", source_root="nowhere"')).toEqual([]);
    expect(lint('requirements="requirements-etl.txt"')).toEqual([]);
    expect(lint('requirements="requirements-etl.txt", source_root="/"')).toEqual([]);
    // A pinned folder leaves one candidate: IS401/IS405 judge each path there instead.
    expect(lint('requirements="requirements-etl.txt", source_root="src"', { config: { workdir: '.' } })).toEqual([]);
  });
});
