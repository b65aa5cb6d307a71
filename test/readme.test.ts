// The README's quick start and its sample output stay true: the bundled
// example shows the findings the README promises, and the sample block is
// what the CLI prints for it.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers/cli';

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const EXAMPLE = path.join(ROOT, 'examples', 'gar-project');

describe('README', () => {
  const r = runCli(['--no-cache'], { cwd: EXAMPLE, env: { DOCKER_CONFIG: path.join(EXAMPLE, 'no-docker-config-here') } });

  it('the bundled example shows the findings the quick start names, and exits 1', () => {
    expect(r.code).toBe(1);
    for (const code of ['IS101', 'IS103', 'IS104', 'IS107', 'IS401', 'IS501']) {
      expect(README).toContain(`(${code})`);
      expect(r.stdout).toMatch(new RegExp(`^workflows/gar_example\\.py:\\d+:\\d+: ${code} `, 'm'));
    }
  });

  it('the sample finding is what the CLI prints for the example', () => {
    const block = /## What a finding looks like\n\n```text\n([\s\S]*?)```/.exec(README)?.[1];
    expect(block).toBeDefined();
    expect(r.stdout).toContain(block!);
  });
});
