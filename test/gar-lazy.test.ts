// @google-cloud/artifact-registry loads on the first request only. Its own
// file so that no other test has loaded it into this worker first.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { clientLibraryLoaded, createGarService } from '../server/gar/client';
import { GarTestServer } from './garServer';

let gar: GarTestServer;

beforeAll(async () => {
  gar = new GarTestServer();
  await gar.start();
  gar.addRepository({ project: 'lazy-project', location: 'us', repository: 'images' });
});

afterAll(async () => {
  await gar.stop();
});

it('is not loaded until a deep check asks something, then is', async () => {
  expect(clientLibraryLoaded()).toBe(false);
  const g = { endpoint: gar.endpoint, timeoutMs: 3000, repositories: [] };
  expect(createGarService({ deep: false, gar: g }).status).toBe('off');
  expect(createGarService({ deep: 'auto', gar: { ...g, endpoint: undefined } }, { env: { HOME: '/nonexistent' } }).status).toBe('no-credentials');
  const setup = createGarService({ deep: true, gar: g }, { cache: false });
  expect(setup.status).toBe('ready');
  // A service nobody asks loads nothing either.
  expect(clientLibraryLoaded()).toBe(false);
  if (setup.status !== 'ready') return;
  const a = await setup.service.getRepository({ project: 'lazy-project', location: 'us', repository: 'images' });
  expect(a.ok).toBe(true);
  expect(clientLibraryLoaded()).toBe(true);
  await setup.service.close();
});
