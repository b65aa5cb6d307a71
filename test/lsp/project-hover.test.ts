// The hover's image reference judged for the user's project: the flytekit
// release the project pins (uv.lock, pyproject, requirements, config), the
// builder it installs (filled into the hash by 1.15.1-1.15.2) and the
// working folder the spec's requirements file is found from. Each layout's
// module holds specs of the golden set (test/golden/flytekit-tags.json,
// recorded from flytekit's own image_spec.py at each release tag); the
// hover must show exactly the recorded image name for the layout's release,
// or say why the tag is unknown where flytekit raises or the input is not
// known. The specs were picked because their tags differ between these
// releases.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, LspClient, tempProject } from './client';
import { GOLDEN_PY, goldenModule, goldenName, LAYOUTS, MODULE, writeLayouts } from '../helpers/projectLayouts';

let dir: string;
let c: LspClient;
const text = goldenModule();
const opened = new Map<string, string>();

beforeAll(async () => {
  ensureBuilt();
  dir = tempProject();
  writeLayouts(dir);
  c = await LspClient.start({ root: dir });
}, 60_000);
afterAll(async () => {
  expect(await c.stop()).toBe(0);
  fs.rmSync(dir, { recursive: true, force: true });
});

async function hoverOf(layout: string, key: string): Promise<string> {
  const file = path.join(dir, layout, MODULE);
  let uri = opened.get(file);
  if (!uri) {
    uri = await c.open(file, fs.readFileSync(file, 'utf8'));
    opened.set(file, uri);
  }
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.startsWith(`img_${key.replace(/-/g, '_')} = `));
  const character = lines[line].indexOf('ImageSpec(') + 1;
  const h = await c.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  return h ? h.contents.value : '';
}

function shownName(hover: string): string | undefined {
  return /\*\*ImageSpec\*\* → `([^`]+)`/.exec(hover)?.[1];
}

describe('hover follows the project', () => {
  for (const layout of LAYOUTS) {
    it(`${layout.id}: ${layout.what}`, async () => {
      let compared = 0;
      for (const key of Object.keys(GOLDEN_PY)) {
        const h = await hoverOf(layout.id, key);
        const name = shownName(h);
        if (!layout.release) {
          // Older than the mirrored releases: the tag is not computed, and the hover says why and where the release came from.
          expect(name, key).toMatch(/:unknown$/);
          expect(h).toContain('the tag is not computed for flytekit 1.10.3');
          continue;
        }
        const expected = goldenName(layout, key);
        if (layout.union && key === 'builder-unset' && layout.release === '1.15.1') {
          // 1.15.1 hashes the builder flytekit fills in; with union installed that depends on the Union endpoint.
          expect(name).toBe('flytekit:unknown');
          expect(h).toContain('hashes the builder it fills in');
          expect(h).toContain('depends');
          continue;
        }
        const fillsIn = !GOLDEN_PY[key].startsWith('ImageSpec(builder=') && key !== 'builder-unset';
        if ((layout.envd || layout.union) && layout.release === '1.15.1' && fillsIn) {
          // Every spec without `builder` hashes the builder flytekit fills in: envd here, not the golden's `default`.
          if (layout.envd) expect(name, key).not.toBe(expected);
          else expect(name, key).toMatch(/:unknown$/);
          continue;
        }
        if (expected === undefined) {
          // flytekit raises for this spec in this release (python_exec before 1.15.0): so does the hover.
          expect(name, key).toMatch(/:unknown$/);
          continue;
        }
        expect(name, `${layout.id} ${key}\n${h}`).toBe(expected);
        expect(h).toContain(`flytekit ${layout.release} computes it`);
        expect(h).toContain(layout.source);
        compared++;
      }
      if (layout.release) expect(compared).toBeGreaterThanOrEqual(layout.envd || layout.union ? 1 : 6);
    }, 60_000);
  }

  it('names the working folder the requirements file was found from, and the builder', async () => {
    const h = await hoverOf('requirements-1.15.3', 'requirements');
    // Paths relative to the workspace folder (it holds every layout), as in diagnostics.
    expect(h).toContain('with pyflyte run from `requirements-1.15.3/examples`');
    const envd = await hoverOf('envd-1.15.1', 'builder-unset');
    expect(envd).toContain('| builder | `envd` (envd-1.15.1/requirements.txt depends on flytekitplugins-envd');
  }, 60_000);
});
