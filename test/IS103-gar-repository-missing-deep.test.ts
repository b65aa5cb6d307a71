// IS103's deep half: with Artifact Registry reachable, the finding offers the
// project's existing standard DOCKER repositories as fixes, and replaces the
// offline finding (same code, same range) instead of doubling it.
import { describe, expect, it } from 'vitest';
import { mergeDeep } from '../server/engine/lint';
import { HOST, P, applied, deepLint, spec, useGarServer } from './helpers/deep';

const env = useGarServer();

describe('IS103 with deep checks', () => {
  it('adds listed DOCKER repositories to the configured ones, and supersedes the offline finding', async () => {
    env.add('images');
    env.add('wheels', { format: 'PYTHON' });
    env.add('mirror', { mode: 'REMOTE_REPOSITORY' });
    const o = await deepLint(spec(`${HOST}/${P}`), env.service(), { select: ['IS103'], config: { gar: { repositories: ['configured'] } } });
    const offline = o.findings.filter((f) => !o.deep.includes(f));
    expect(offline.map((f) => f.fixes.map((x) => x.title))).toEqual([['Append repository `configured`']]);
    expect(o.deep).toHaveLength(1);
    expect(o.deep[0].range).toEqual(offline[0].range);
    expect(o.deep[0].message).toBe(offline[0].message);
    expect(o.deep[0].fixes.map((x) => x.title)).toEqual(['Append repository `configured`', 'Append repository `images`']);
    expect(applied(o, o.deep[0].fixes[1])).toBe(spec(`${HOST}/${P}/images`));
    const merged = mergeDeep(offline, o.deep);
    expect(merged).toEqual(o.deep);
    // Three repositories at the test server's page size of 2: one listing, two pages.
    expect(env.gar.calls.ListRepositories).toBe(2);
  });

  it('asks nothing when the registry has a repository', async () => {
    const o = await deepLint(spec(`${HOST}/${P}/images`), env.service(), { select: ['IS103'] });
    expect(o.findings).toEqual([]);
    expect(env.gar.calls.ListRepositories ?? 0).toBe(0);
  });

  it('keeps the offline finding alone when the listing fails', async () => {
    env.gar.setFault(`projects/${P}`, { kind: 'permission-denied' });
    const o = await deepLint(spec(`${HOST}/${P}`), env.service(), { select: ['IS103'] });
    expect(o.deep).toEqual([]);
    expect(o.findings.map((f) => f.code)).toEqual(['IS103']);
  });
});
