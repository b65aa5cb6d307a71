import { describe, expect, it } from 'vitest';
import { covered, lintSource, only } from './helpers/lint';

const PRE = 'from flytekit import ImageSpec\n';
const spec = (args: string, tail = ''): string => `${PRE}image = ImageSpec(${args})${tail}\n`;
const codes = (src: string) => only(lintSource(src, { select: ['IS109'] }), 'IS109');

describe('IS109 registry missing with a pushing builder', () => {
  it('reports a spec without registry on the callee, saying what flytekit does instead', () => {
    const out = lintSource(spec('name="ETL", packages=["pandas"]'), { select: ['IS109'] });
    const [f] = only(out, 'IS109');
    expect(only(out, 'IS109')).toHaveLength(1);
    expect(f.severity).toBe('warning');
    expect(f.range).toEqual({ start: { line: 1, character: 8 }, end: { line: 1, character: 17 } });
    expect(covered(out, f)).toBe('ImageSpec');
    expect(f.message).toBe(
      'No `registry`: the default builder (no builder is set and the project installs no other) builds `etl:TAG` into the local Docker daemon and never pushes it, and the task is registered with the image `etl:TAG`, which a remote cluster looks up on Docker Hub and fails to pull; set `registry` to one the cluster can pull from (`localhost:30000` for the Flyte sandbox), or, on Union, let Union build it (`builder="union"`)',
    );
    expect(f.fixes).toEqual([]);
  });

  it('names an explicit pushing builder, and the default image name when none is given', () => {
    const [f] = codes(spec('builder="envd"'));
    expect(f.message.startsWith('No `registry`: the envd builder builds `flytekit:TAG` into the local Docker daemon')).toBe(true);
  });

  it('reports registry=None and an empty registry on the value', () => {
    const none = lintSource(spec('name="etl", registry=None'), { select: ['IS109'] });
    const [n] = only(none, 'IS109');
    expect(covered(none, n)).toBe('None');
    expect(n.message.startsWith('`registry` is None: the default builder')).toBe(true);
    const empty = lintSource(spec('name="etl", registry=""'), { select: ['IS109'] });
    const [e] = only(empty, 'IS109');
    expect(covered(empty, e)).toBe('""');
    expect(e.message.startsWith('`registry` is empty (flytekit treats `""` as no registry): the default builder')).toBe(true);
    const env = lintSource(`import os\n${spec('name="etl", registry=os.getenv("REG", "")')}`, { select: ['IS109'] });
    const [d] = only(env, 'IS109');
    expect(d.message.startsWith('`registry` is empty when $REG is unset (the default of $REG): ')).toBe(true);
  });

  it('still reports when only known builder methods are chained', () => {
    expect(codes(spec('name="etl"', '.with_packages(["numpy"]).force_push()'))).toHaveLength(1);
  });

  it('is clean when a registry is set, or the builder does not push or is unknown', () => {
    for (const args of ['registry="ghcr.io/acme"', 'builder="noop", base_image="python:3.11"', 'builder="union"', 'builder="mybuilder"', 'builder=BUILDER', 'registry=get_registry()']) {
      expect(codes(spec(args))).toEqual([]);
    }
  });

  it('stays silent where the registry may be set out of sight', () => {
    expect(codes(spec('name="etl", **common'))).toEqual([]);
    expect(codes(spec('name="etl"', '.with_registry("ghcr.io/acme")'))).toEqual([]);
    expect(codes(`${spec('name="etl"')}image.registry = os.environ["REGISTRY"]\n`)).toEqual([]);
    expect(codes(`import dataclasses\n${spec('name="etl"')}prod = dataclasses.replace(image, registry="ghcr.io/acme")\n`)).toEqual([]);
  });

  it('stays silent when the Union builder may be the default', () => {
    expect(codes('from union import ImageSpec\nimage = ImageSpec(name="etl")\n')).toEqual([]);
    expect(codes('import union\nimage = union.ImageSpec(name="etl")\n')).toEqual([]);
  });

  it('does not report a nested base spec, which the outer build uses from the local daemon', () => {
    const src = spec('name="app", registry="ghcr.io/acme", base_image=ImageSpec(name="base", packages=["numpy"])');
    expect(codes(src)).toEqual([]);
    // The outer spec without registry is still reported, once.
    const outer = lintSource(spec('name="app", base_image=ImageSpec(name="base")'), { select: ['IS109'] });
    expect(only(outer, 'IS109').map((f) => [f.range.start.character, covered(outer, f)])).toEqual([[8, 'ImageSpec']]);
  });
});
