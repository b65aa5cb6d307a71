// Rewriting a user's source file (`--fix`) without harming it.
//
// Why in place, not temp file + rename (atomicWrite.ts, which suits our own
// files: caches, the Docker config): a rename makes a new file. A symlinked
// module would become a regular file and its target would stay unfixed; a
// hard link would keep the old text; a file owned by another user would come
// back owned by whoever ran the fix; and a writable file in a read-only
// folder could not be fixed at all (the temp file needs the folder). Writing
// the new bytes into the same inode keeps all of that by construction: the
// path is opened through its links, and owner, mode, ACLs, extended
// attributes and every hard link stay as they were.
//
// What replaces the rename's atomicity:
// - The file is read again through the descriptor about to be written and
//   must still be exactly what was linted; otherwise nothing is written
//   (someone saved it meanwhile).
// - Only the bytes from the first difference on are written.
// - When the file grows, the part beyond its old end is written first: that
//   is where the file system needs new space, so a full disk or quota fails
//   there, the file is cut back to its old length and the old text was never
//   touched. The rest overwrites space the file already has.
// - Any error while overwriting puts the old bytes back (kept in memory) and
//   the old length, then reports the error.
// What remains is a crash or SIGKILL in the middle of the overwrite itself
// (a few writes of a file of at most 4 MiB): the one window an in-place
// write cannot close, accepted for the guarantees above.

import * as fs from 'node:fs';

export class FileChangedError extends Error {
  constructor(file: string) {
    super(`${file} changed since it was read`);
    this.name = 'FileChangedError';
  }
}

function readAll(fd: number, size: number): Buffer {
  const buf = Buffer.alloc(size);
  let len = 0;
  while (len < size) {
    const n = fs.readSync(fd, buf, len, size - len, len);
    if (n === 0) break;
    len += n;
  }
  // A file that grew while being read: read on, so the comparison sees it.
  const more = Buffer.alloc(1);
  if (fs.readSync(fd, more, 0, 1, len) > 0) return Buffer.concat([buf, more]);
  return buf.subarray(0, len);
}

function writeAll(fd: number, data: Buffer, from: number, to: number): void {
  for (let at = from; at < to; ) at += fs.writeSync(fd, data, at, to - at, at);
}

/**
 * Replaces the content of `file` (through symlinks) with `data`, in place,
 * if the file still holds exactly `expected`; throws FileChangedError when
 * it does not, and the system error when writing fails (the old content is
 * then back in place).
 */
export function writeFileInPlace(file: string, data: Buffer, expected: Buffer): void {
  const fd = fs.openSync(file, fs.constants.O_RDWR);
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new Error(`${file} is not a regular file`);
    const old = readAll(fd, st.size);
    if (!old.equals(expected)) throw new FileChangedError(file);
    const oldLen = old.length;
    const newLen = data.length;
    let first = 0;
    const common = Math.min(oldLen, newLen);
    while (first < common && old[first] === data[first]) first++;
    if (newLen > oldLen) {
      try {
        writeAll(fd, data, oldLen, newLen);
      } catch (e) {
        try {
          fs.ftruncateSync(fd, oldLen);
        } catch {
          /* the length is all that changed; nothing more to undo */
        }
        throw e;
      }
    }
    try {
      writeAll(fd, data, first, common);
      if (newLen < oldLen) fs.ftruncateSync(fd, newLen);
      fs.fsyncSync(fd);
    } catch (e) {
      try {
        writeAll(fd, old, first, oldLen);
        fs.ftruncateSync(fd, oldLen);
        fs.fsyncSync(fd);
      } catch {
        /* nothing better left to try */
      }
      throw e;
    }
  } finally {
    fs.closeSync(fd);
  }
}
