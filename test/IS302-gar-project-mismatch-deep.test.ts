// IS302's deep half (rules/shared/readerBinding.ts, run as IS302's deepCheck):
// W when the data plane's node service account has no reader binding on the
// repository, through the real client against the local server.

import { describe, expect, it } from 'vitest';
import { HOST, P, codeOf, coveredText, deepLint, spec, useGarServer } from './helpers/deep';

const env = useGarServer();
const SA = 'nodes@flyte-prod.iam.gserviceaccount.com';
const config = { dataplane: { project: 'flyte-prod', 'node-service-account': SA } };

describe('IS302 deep: node service account without reader binding', () => {
  it('warns on the project segment, in the deep pass only, alongside the offline information', async () => {
    env.add('images', { bindings: [{ role: 'roles/artifactregistry.reader', members: ['serviceAccount:other@flyte-prod.iam.gserviceaccount.com'] }] });
    const o = await deepLint(spec(`${HOST}/${P}/images`), env.service(), { select: ['IS302'], config });
    const [offline] = codeOf(o, 'IS302').filter((f) => f.severity === 'info');
    const [w] = o.deep;
    expect(o.deep).toHaveLength(1);
    expect(w.code).toBe('IS302');
    expect(w.severity).toBe('warning');
    expect(coveredText(o, w)).toBe(P);
    // Same range as the offline finding, so the CLI shows the warning instead of it.
    expect(offline.range).toEqual(w.range);
    expect(w.range).toEqual({ start: { line: 1, character: 64 }, end: { line: 1, character: 78 } });
    expect(w.message).toBe(
      'Images go to project `imagespec-test`, but the data plane runs in `flyte-prod`: its node service account `nodes@flyte-prod.iam.gserviceaccount.com` has no roles/artifactregistry.reader binding on repository `us-east1/imagespec-test/images`, so pods fail with ImagePullBackOff unless the project grants it; grant it with `gcloud artifacts repositories add-iam-policy-binding images --location=us-east1 --project=imagespec-test --member=serviceAccount:nodes@flyte-prod.iam.gserviceaccount.com --role=roles/artifactregistry.reader`',
    );
    expect(w.fixes).toEqual([]);
    expect(env.gar.calls.GetIamPolicy).toBe(1);
  });

  it('is clean with a reader, writer or public binding, and asks nothing in the data plane project or without a service account', async () => {
    env.add('read', { bindings: [{ role: 'roles/artifactregistry.reader', members: [`serviceAccount:${SA}`] }] });
    env.add('write', { bindings: [{ role: 'roles/artifactregistry.writer', members: [`serviceAccount:${SA.toUpperCase()}`] }] });
    env.add('public', { bindings: [{ role: 'roles/artifactregistry.reader', members: ['allUsers'] }] });
    for (const r of ['read', 'write', 'public']) {
      expect((await deepLint(spec(`${HOST}/${P}/${r}`), env.service(), { select: ['IS302'], config })).deep).toEqual([]);
    }
    env.gar.resetCounts();
    const same = { dataplane: { project: P, 'node-service-account': SA } };
    expect((await deepLint(spec(`${HOST}/${P}/read`), env.service(), { select: ['IS302'], config: same })).deep).toEqual([]);
    const noSa = { dataplane: { project: 'flyte-prod' } };
    expect((await deepLint(spec(`${HOST}/${P}/read`), env.service(), { select: ['IS302'], config: noSa })).deep).toEqual([]);
    expect(env.gar.calls.GetIamPolicy ?? 0).toBe(0);
  });

  it('is silent when the repository is missing, the policy cannot be read, or the registry is unknown', async () => {
    env.add('locked');
    env.gar.setFault(`projects/${P}/locations/us-east1/repositories/locked`, { kind: 'permission-denied', methods: ['GetIamPolicy'] });
    const src =
      'from flytekit import ImageSpec\n' +
      `a = ImageSpec(name="a", registry="${HOST}/${P}/gone")\n` +
      `b = ImageSpec(name="b", registry="${HOST}/${P}/locked")\n` +
      'c = ImageSpec(name="c", registry=REGISTRY)\n';
    const o = await deepLint(src, env.service(), { select: ['IS302'], config });
    expect(o.deep).toEqual([]);
    expect(env.gar.calls.GetIamPolicy).toBe(1);
  });
});
