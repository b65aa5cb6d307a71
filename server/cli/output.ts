// Writing the report to stdout and notes to stderr. On POSIX the CLI writes
// to the file descriptors directly: creating process.stdout and
// process.stderr costs ~2.5 ms of start-up (for a pipe, Node loads its whole
// net stack), a twentieth of a warm run. The streams are still used where a
// plain write cannot do the job: on Windows (console encoding), and for the
// rest of the output once a non-blocking descriptor says EAGAIN.
//
// A reader that went away (`imagespec-lint | head`) ends the output quietly,
// as grep does: EPIPE stops further writes and the run keeps its exit code.

import * as fs from 'node:fs';

export type Write = (s: string) => void;

/**
 * Whether a descriptor is a terminal. Pipes, files and /dev/null (what CI,
 * hooks and scripts give us) are told apart with fstat; only another
 * character device needs node:tty, which loads Node's net stack (~1.5 ms).
 */
export function isTerminal(fd: number): boolean {
  try {
    const st = fs.fstatSync(fd);
    if (!st.isCharacterDevice()) return false;
    if (process.platform !== 'win32' && st.rdev === fs.statSync('/dev/null').rdev) return false;
  } catch {
    return false;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- node:tty only for a real terminal
  return (require('node:tty') as typeof import('node:tty')).isatty(fd);
}

export function fdWriter(fd: 1 | 2, stream: () => NodeJS.WriteStream, platform: NodeJS.Platform = process.platform): Write {
  let closed = false;
  let viaStream = platform === 'win32';
  let listening = false;
  const toStream = (data: string | Buffer): void => {
    const s = stream();
    if (!listening) {
      listening = true;
      s.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'EPIPE') closed = true;
        else throw e;
      });
    }
    if (!closed) s.write(data);
  };
  return (text: string): void => {
    if (closed || !text) return;
    if (viaStream) return toStream(text);
    const buf = Buffer.from(text, 'utf8');
    let off = 0;
    while (off < buf.length) {
      try {
        off += fs.writeSync(fd, buf, off, buf.length - off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') {
          closed = true;
          return;
        }
        if (code !== 'EAGAIN') throw e;
        // A non-blocking descriptor is full: the stream queues the rest, and
        // everything after it, in order.
        viaStream = true;
        return toStream(buf.subarray(off));
      }
    }
  };
}
