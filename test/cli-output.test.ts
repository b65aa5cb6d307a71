// How the CLI writes its report (server/cli/output.ts): straight to the file
// descriptors on POSIX, falling back to Node's stream when a non-blocking
// descriptor is full. Whatever the reader, the report arrives whole, in
// order, and the exit code is the run's.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, runCli } from './helpers/cli';
import { tmpProject } from './helpers/lint';

// 3,000 findings: about 300 KB of report, far more than a pipe buffer (64 KB).
const BIG = 'from flytekit import ImageSpec\n' + 'x = ImageSpec(name="etl", pacakges=["pandas"])\n'.repeat(3000);
const ARGS = ['--select', 'IS501', '.'];

/** Runs the CLI with its stdout on a pipe that python3 makes non-blocking (or not) and reads only after a pause. */
function throughPipe(dir: string, nonBlocking: boolean): { out: Buffer; code: number; stderr: string } {
  const script = `
import fcntl, os, subprocess, sys, time
r, w = os.pipe()
if ${nonBlocking ? 'True' : 'False'}:
    fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)
p = subprocess.Popen([sys.argv[1], sys.argv[2]] + sys.argv[3:], stdout=w, stderr=subprocess.PIPE)
os.close(w)
time.sleep(0.3)  # the writer fills the pipe and meets EAGAIN (non-blocking) or blocks
chunks = []
while True:
    b = os.read(r, 65536)
    if not b:
        break
    chunks.append(b)
err = p.stderr.read()
code = p.wait()
sys.stdout.buffer.write(b"".join(chunks))
sys.stderr.buffer.write(err)
sys.exit(code)
`;
  const env = { ...process.env, NO_COLOR: '1', METADATA_SERVER_DETECTION: 'none' };
  const r = spawnSync('python3', ['-c', script, process.execPath, CLI, ...ARGS], { cwd: dir, env, maxBuffer: 1 << 26 });
  return { out: r.stdout, code: r.status ?? -1, stderr: String(r.stderr) };
}

describe('CLI report writing', () => {
  const dir = tmpProject({ 'wf.py': BIG });
  const expected = (() => {
    const r = runCli([...ARGS, '--output-file', 'report.txt'], { cwd: dir });
    expect(r.code).toBe(1);
    const text = fs.readFileSync(path.join(dir, 'report.txt'));
    fs.unlinkSync(path.join(dir, 'report.txt'));
    return text;
  })();

  it('writes the whole report through a slow blocking pipe', () => {
    expect(expected.length).toBeGreaterThan(200_000);
    const r = throughPipe(dir, false);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.out.equals(expected)).toBe(true);
  });

  it('writes the whole report, in order, through a full non-blocking pipe (EAGAIN: the stream takes over)', () => {
    const r = throughPipe(dir, true);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.out.length).toBe(expected.length);
    expect(r.out.equals(expected)).toBe(true);
  });

  it('prints the same report to a pipe as to --output-file', () => {
    const r = runCli(ARGS, { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(expected.toString('utf8'));
  });
});

describe('terminal detection (colour, progress)', () => {
  const OUTPUT = path.resolve(__dirname, '..', 'dist', 'server', 'cli', 'output.js');
  /** isTerminal(1) in a child whose stdout python3 points at `target`. */
  const probe = (target: 'devnull' | 'pipe' | 'file' | 'pty'): string => {
    const script = `
import os, pty, subprocess, sys, tempfile
node, mod, target = sys.argv[1], sys.argv[2], sys.argv[3]
code = "const t = require(" + repr(mod) + ").isTerminal(1); process.stderr.write(t + (process.moduleLoadList.includes('NativeModule tty') ? ' +tty' : ''))"
if target == 'devnull':
    out = open(os.devnull, 'w')
elif target == 'file':
    out = tempfile.TemporaryFile()
elif target == 'pipe':
    out = subprocess.PIPE
else:
    master, out = pty.openpty()
p = subprocess.run([node, '-e', code], stdout=out, stderr=subprocess.PIPE)
sys.stdout.write(p.stderr.decode())
`;
    const r = spawnSync('python3', ['-c', script, process.execPath, OUTPUT, target], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    return r.stdout;
  };

  it('is false for /dev/null, a pipe and a file without loading node:tty, and true for a pseudo-terminal', () => {
    expect(probe('devnull')).toBe('false');
    expect(probe('pipe')).toBe('false');
    expect(probe('file')).toBe('false');
    expect(probe('pty')).toBe('true +tty');
  });
});
