// A real client nobody here wrote: Neovim headless (Debian's `neovim`
// package, 0.7 in bookworm; .ci/run installs it) starts the server with
// vim.lsp.start_client on fixtures/lsp/neovim/app.py, waits for the pushed
// diagnostics and writes vim.diagnostic.get() as JSON. Neovim 0.7 has no
// pull diagnostics and does not advertise workspace/configuration, so this
// checks push mode and settings from initializationOptions.

import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT, SERVER_BIN, tempProject } from './client';

const FIXTURE_DIR = path.join(ROOT, 'fixtures', 'lsp', 'neovim');

function hasNvim(): boolean {
  try {
    execFileSync('nvim', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// A real client nobody here wrote. .ci/run installs Debian's neovim; without
// it this test fails (a skipped test would hide the gap).
beforeAll(() => {
  if (!hasNvim()) throw new Error('nvim not found: install Debian\'s neovim (apt-get install neovim), as .ci/run does');
  ensureBuilt();
});

describe('Neovim headless', () => {
  it('shows the pushed diagnostics with their codes and ranges', () => {
    const root = tempProject({ 'app.py': fs.readFileSync(path.join(FIXTURE_DIR, 'app.py'), 'utf8') });
    const out = path.join(root, 'diagnostics.json');
    const r = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.join(FIXTURE_DIR, 'init.lua')}`], {
      cwd: root,
      env: { ...process.env, IMAGESPEC_LS: SERVER_BIN, IMAGESPEC_NODE: process.execPath, IMAGESPEC_FILE: path.join(root, 'app.py'), IMAGESPEC_OUT: out, DOCKER_CONFIG: path.join(root, '.docker'), XDG_STATE_HOME: root, XDG_DATA_HOME: root },
      timeout: 30_000,
      encoding: 'utf8',
    });
    expect(fs.existsSync(out), `nvim wrote no output: ${r.stderr} ${r.stdout}`).toBe(true);
    const res = JSON.parse(fs.readFileSync(out, 'utf8')) as { ok: boolean; diagnostics: { lnum: number; col: number; end_lnum: number; end_col: number; severity: number; source: string; code: string; message: string }[] };
    expect(res.ok).toBe(true);
    const got = res.diagnostics
      .map((d) => ({ code: d.code, source: d.source, severity: d.severity, range: [d.lnum, d.col, d.end_lnum, d.end_col] }))
      .sort((a, b) => a.range[0] - b.range[0]);
    // app.py line 6 `    pacakges=["pandas"],` (0-based 5), line 7 `    builder="defualt",`.
    expect(got).toEqual([
      { code: 'IS501', source: 'imagespec', severity: 1, range: [5, 4, 5, 12] },
      { code: 'IS511', source: 'imagespec', severity: 2, range: [6, 12, 6, 21] }, // the whole `"defualt"` literal
    ]);
    expect(res.diagnostics.find((d) => d.code === 'IS501')!.message).toContain('did you mean `packages`?');
  });
});
