import { describe, expect, it } from 'vitest';
import { covered, lintSource, only } from './helpers/lint';

const PRE = 'from flytekit import ImageSpec\n';
const spec = (args: string): string => `${PRE}image = ImageSpec(${args})\n`;

describe('IS106 invalid GCP project id or GAR repository id', () => {
  it('reports the project and the repository separately, each underlined, without fixes', () => {
    const out = lintSource(spec('registry="us-east1-docker.pkg.dev/my_project/ml_images"'), { select: ['IS106'] });
    const [p, r] = only(out, 'IS106');
    expect(only(out, 'IS106')).toHaveLength(2);
    expect(p.severity).toBe('error');
    expect(p.range).toEqual({ start: { line: 1, character: 52 }, end: { line: 1, character: 62 } });
    expect(covered(out, p)).toBe('my_project');
    expect(p.message).toBe(
      '`my_project` is not a valid Google Cloud project id: it contains `_`, and only lowercase letters, digits and hyphens are allowed, so no such project can exist and the push fails; use the project id (not its display name) as `gcloud projects list` shows it',
    );
    expect(p.fixes).toEqual([]);
    expect(r.range).toEqual({ start: { line: 1, character: 63 }, end: { line: 1, character: 72 } });
    expect(covered(out, r)).toBe('ml_images');
    expect(r.message).toBe(
      '`ml_images` is not a valid Artifact Registry repository id: it contains `_`, and only lowercase letters, digits and hyphens are allowed, so no such repository can exist and the push fails; use the repository id as `gcloud artifacts repositories list` shows it',
    );
  });

  it('explains short, digit-first and hyphen-ended ids', () => {
    const msg = (r: string): string => only(lintSource(spec(`registry="${r}"`), { select: ['IS106'] }), 'IS106')[0].message;
    expect(msg('us-docker.pkg.dev/proj/r')).toContain('it is shorter than 6 characters');
    expect(msg('us-docker.pkg.dev/9project/r')).toContain('it does not start with a letter');
    expect(msg('us-docker.pkg.dev/project-/r')).toContain('it ends with a hyphen');
    expect(msg('us-docker.pkg.dev/my-project/images-')).toContain('it does not end with a letter or digit');
  });

  it('checks the project id part of a domain-scoped project and the Container Registry project', () => {
    const out = lintSource(spec('registry="us-docker.pkg.dev/example.com/p/repo"'), { select: ['IS106'] });
    expect(only(out, 'IS106').map((f) => covered(out, f))).toEqual(['p']);
    const gcr = lintSource(spec('registry="gcr.io/my_project"'), { select: ['IS106'] });
    expect(only(gcr, 'IS106').map((f) => covered(gcr, f))).toEqual(['my_project']);
  });

  it('is clean for valid ids, gcr.io repositories, uppercase (IS102) and project numbers', () => {
    for (const r of [
      'us-east1-docker.pkg.dev/my-project/images/sub_path',
      'us-docker.pkg.dev/my-project/gcr.io',
      'us-docker.pkg.dev/My-Project/Images',
      'us-docker.pkg.dev/123456789012/images',
      'us-docker.pkg.dev/example.com/my-project/images',
    ]) {
      expect(only(lintSource(spec(`registry="${r}"`), { select: ['IS106'] }), 'IS106')).toEqual([]);
    }
  });

  it('says nothing about unknown values', () => {
    expect(only(lintSource(spec('registry=f"us-docker.pkg.dev/{P}/x_y"'), { select: ['IS106'] }), 'IS106')).toEqual([]);
  });
});
