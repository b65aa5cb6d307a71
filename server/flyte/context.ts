// The evaluation context of a flyte.Image chain (see uri.ts): the public
// input / option / result types, where evaluation is (which call; import,
// build or deploy), the file access Python's open() stands for, and the md5
// stream layers feed.

import { createHash } from '../util/hashes';
import * as path from 'node:path';
import { FLYTE_ERRORS } from './errors';
import { PyException, Unknowable, type ArgValue } from './value';

export interface ImageCall {
  method: string;
  args: ArgValue[];
  kwargs: Array<[string, ArgValue]>;
}

export interface ImageChain {
  calls: ImageCall[];
}

export interface FileAccess {
  /** What is at an absolute path; undefined when it cannot be told. */
  kind(absPath: string): 'file' | 'dir' | 'missing' | undefined;
  /** The bytes of a file at an absolute path; undefined when unreadable. */
  read(absPath: string): Uint8Array | undefined;
}

export interface UriOptions {
  /** The flyte version the project runs (the default image's tag carries it). */
  flyteVersion: string;
  /** The interpreter flyte runs on, for a python_version left out; unknown when absent. */
  localPython?: readonly [number, number];
  /** The folder flyte runs in (absolute); relative paths are unknown without it. */
  cwd?: string;
  files: FileAccess;
  /** The push registry from flyte.init / FLYTE_IMAGE_REGISTRY / config `image.registry`; null: none; undefined: unknown. */
  pushRegistry?: string | null;
  /** Config `image.builder`; local unless set. */
  builder?: 'local' | 'remote';
  /** Config `image.image_refs` (with --image), when every source of refs is known. */
  imageRefs?: Record<string, string>;
  /** The deploy's copy style (`flyte deploy --copy-style`); unknown when absent. */
  copyStyle?: 'loaded_modules' | 'all' | 'none';
  /** init's root_dir (default: cwd), whose .dockerignore filters copied files when no layer names one. */
  rootDir?: string;
}

export type UriResult =
  | { kind: 'uri'; uri: string; built: boolean; caveats: string[] }
  | { kind: 'unknown'; reason: string; call?: number }
  | { kind: 'error'; pyType: string; message: string; call: number; when: 'declaration' | 'build' | 'deploy' };

/** A layer: its class name and how it feeds the hash. */
export interface Layer {
  type: string;
  hash(h: Hashing): void;
  /** Layer.validate(), run at build after the hash (only CopyConfig's can fail on a literal chain). */
  validate?(): void;
  /** A single copied file (subject to .dockerignore patterns). */
  copiesFile?: boolean;
  /** A DockerIgnore layer's path (I:1055-1057). */
  dockerignore?: string;
}

export const NONE: ArgValue = { kind: 'none' };
export const str = (value: string): ArgValue => ({ kind: 'str', value });

/** Where evaluation is: which call, and whether we are past import (hashing at deploy). */
export class Ctx {
  call = 0;
  when: 'declaration' | 'build' | 'deploy' = 'declaration';
  constructor(readonly opts: UriOptions) {}

  abs(p: string): string {
    if (p.startsWith('/')) return path.posix.normalize(p);
    if (!this.opts.cwd) throw new Unknowable(`the relative path '${p}' depends on the folder flyte runs in`);
    return path.posix.resolve(this.opts.cwd, p);
  }
  kind(p: string): 'file' | 'dir' | 'missing' {
    const k = this.opts.files.kind(this.abs(p));
    if (!k) throw new Unknowable(`cannot tell whether '${p}' exists`);
    return k;
  }
  /** open(p, "rb").read(), with Python's errors. */
  read(p: string): Uint8Array {
    const k = this.kind(p);
    if (k === 'missing') throw new PyException('FileNotFoundError', FLYTE_ERRORS.fileNotFound(p));
    if (k === 'dir') throw new PyException('IsADirectoryError', FLYTE_ERRORS.isADirectory(p));
    const bytes = this.opts.files.read(this.abs(p));
    if (!bytes) throw new Unknowable(`cannot read '${p}'`);
    return bytes;
  }
}

/** The md5 stream and what the copied-file layers need to know about .dockerignore. */
export class Hashing {
  private md5 = createHash('md5');
  constructor(
    readonly ctx: Ctx,
    /** A .dockerignore with patterns applies: a copied file may be excluded. */
    readonly ignoreMayApply: boolean,
  ) {}
  text(s: string): void {
    this.md5.update(Buffer.from(s, 'utf8'));
  }
  bytes(b: Uint8Array): void {
    this.md5.update(b);
  }
  hex(): string {
    return this.md5.digest('hex');
  }
}
