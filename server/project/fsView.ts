// What the project model reads the file system through. The engine's
// ProjectFs (cached per run, recorded for the CLI's result cache, open
// editor buffers in the language server) has this shape, so every fact
// the project model learns is a fact the result cache re-checks.

export type EntryKind = 'file' | 'dir' | 'missing' | 'other';

export interface FsView {
  kind(absPath: string): EntryKind;
  /** Names in a folder, [] when it is missing or unreadable. */
  list(absDir: string): string[];
  /**
   * Text of a file decoded as UTF-8, undefined when it cannot be read.
   * `scan`: the caller only tests these patterns on the text (a module
   * beside the linted one, view.ts): what the answer depends on is what
   * they find, not every byte (the CLI's result cache keeps that).
   */
  readText(absPath: string, scan?: readonly RegExp[]): string | undefined;
  /**
   * What `compute` answers from this file system, kept under `key` while the
   * file system's own answers stay the same (a CLI run's cache answers each
   * question once). Absent where answers may change between two questions
   * or each question must be seen (the editor's documents, the result
   * cache's recording): memoized() computes each time there.
   */
  memo?<T>(key: string, compute: () => T): T;
}

/** `compute()`, kept by the file system when it can (FsView.memo). */
export function memoized<T>(fs: FsView, key: string, compute: () => T): T {
  return fs.memo ? fs.memo(key, compute) : compute();
}
