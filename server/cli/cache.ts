// The CLI's per-file result cache, in the manner of ruff's: a warm run reads
// a file, hashes its text and, when nothing the lint depended on has
// changed, reuses the offline findings instead of parsing and checking.
//
// Key: the tool build, the run's fingerprint (resolved Config, project root,
// the folder paths in messages are shown relative to (the working
// directory), the environment variables that matter) and the file's path and content
// hash. Value: the file's offline findings plus the outside facts the
// rules consulted, each with what was seen then:
// - every ctx.fs question (a path's kind, a folder's listing, a file read:
//   its size/mtime/ctime/inode),
// - the Docker client config (its path and stat signature, or "missing"),
// - once-per-run keys (whether an earlier file had already claimed them).
// A hit re-checks those facts with cheap stats; any difference means a real
// lint. Deep findings are never stored (they have their own cache in
// server/gar/), and a file whose lint hit an internal rule error is not
// stored either.
//
// Storage: one JSON index per (project root, fingerprint) under
// `<cache dir>/lint-v3/`, read once, written once at the end of a run when
// something changed, atomically (temp file + rename). It is written one
// record a line (a fact of the table, an entry, a skip record; JSON
// allows the newlines, and a string in it never holds a raw one), so a run
// of a few files (a pre-commit run) finds its files' records with a byte
// search and parses only those, and the rows of the table they name: the
// whole index (830 KB over the bench tree) cost such a run ~1,400 fresh
// pages and ~25 ms to decode and parse, more than its lint (PointIndex).
// A run that changed few of a big index's files (a pre-commit run on one
// file) appends their entries to the index's journal (`<index>.journal`,
// one JSON line each, facts inline) instead: rewriting a 4,000-file index cost such a run
// ~30 ms, more than its lint. Reading the index applies its journal; a
// full write folds it in and removes it. For 2,000 entries one
// index reads and parses in ~16 ms against ~26 ms for one file per entry,
// and a run writes one file instead of one per linted file. Paths in it are
// relative to the project root and findings do not repeat their file: a
// smaller index parses faster, and that parse is on every warm run's path.
// For the same reason file-system facts are stored once per index, in a
// table the entries point into (files of a folder consult the same facts),
// and each is re-checked once per run.
// Hashes are quickHash (non-cryptographic: node:crypto alone would cost
// ~2.5 ms of each run). Anything unreadable or of the wrong shape is a miss;
// cache problems never fail a lint.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { isAscii } from 'node:buffer';
import type { FileResult, RunState } from '../engine/lint';
import type { Finding } from '../engine/types';
import { RecordingFs, listDigest, scanAnswers, statSignature, type FsFact } from '../engine/fs';
import { NEIGHBOUR_PATTERNS } from '../project/neighbours';
import { dockerConfigPath } from '../engine/dockerConfigFile';
import { writeFileAtomic } from '../util/atomicWrite';
import { quickHash } from '../util/quickHash';
import { defaultCacheDir } from '../util/cacheDir';

const FORMAT = 3;
/** Index files not written for this long are removed when a new index is created. */
const STALE_MS = 14 * 24 * 3600 * 1000;

export interface Facts {
  fs: FsFact[];
  /** [Docker config path, its stat signature]: present when a rule read it. */
  docker?: [string, string];
  /** [key, whether it was already claimed] for every ctx.once() question. */
  once?: [string, boolean][];
}

/** Facts as an index stores them: `fs` names rows of the index's fact table (IndexFile.t). */
interface StoredFacts {
  fs: number[];
  docker?: [string, string];
  once?: [string, boolean][];
}

interface Entry {
  /** Content hash of the file's text. */
  h: string;
  /**
   * The file's stat signature when that text was read: while it is unchanged
   * the text is too (as ruff judges), and a warm run skips hashing it.
   */
  s?: string;
  /** The file's findings, without their `file` (the entry's key says it). */
  findings: StoredFinding[];
  facts: StoredFacts;
}

interface IndexFile {
  v: number;
  root: string;
  fp: string;
  /** Key: the file's path relative to `root` (absolute when outside it). */
  entries: Record<string, Entry>;
  /** Files whose bytes mention neither `ImageSpec` nor `imagespec`: path (as in entries) -> stat signature then. */
  skip: Record<string, string>;
  /**
   * The fact table: every distinct file-system fact the entries consulted,
   * once. Files of one folder consult mostly the same facts (their siblings,
   * the project's files): stored per entry, they were 95% of a big project's
   * index, and re-checked once per entry instead of once per run.
   */
  t: FsFact[];
  /** How many records `entries` and `skip` hold (written for point lookups, which parse neither). */
  n?: number;
}

interface Bucket {
  file: string;
  root: string;
  fp: string;
  entries: Record<string, Entry>;
  skip: Record<string, string>;
  table: FsFact[];
  /** Row of each fact (`op\0path\0seen`), built on the first store. */
  rows?: Map<string, number>;
  /** Whether each row still holds, once checked in this run. */
  verdicts: (boolean | undefined)[];
  existed: boolean;
  dirty: boolean;
  used: Set<string>;
  /** Keys whose entry or skip record this run changed (what a journal append writes). */
  changed: Set<string>;
  /** Lines of the journal applied when the index was read. */
  journalLines: number;
  /**
   * Point lookups (a run of a few files): the index as read, its records
   * parsed key by key into `entries`/`skip` (rows renumbered into `table`,
   * which then holds only theirs). Undefined once the index is parsed whole.
   */
  point?: PointIndex;
}

/** A run of at most this many files looks its files up in the index one by one instead of parsing it whole. */
const POINT_LOOKUP_FILES = 32;

// The index's layout (serializeIndex): a header line (with the count of
// records) ending in the table's opening bracket, one line per fact row,
// then these, each record on a line of its own.
const TABLE_END = Buffer.from('\n],"entries":{\n');
const SKIP_START = Buffer.from('\n},"skip":{\n');
const DOC_END = Buffer.from('\n}}');

/** An index read for point lookups (see Bucket.point). */
interface PointIndex {
  bytes: Buffer;
  /** Offsets: the table's first row line, the `\n` before the first entry line, the `\n` before the first skip line, the end of the skip lines. */
  tableAt: number;
  entriesAt: number;
  skipAt: number;
  endAt: number;
  /** Where each row's line starts (built on the first row asked for). */
  rowStarts?: number[];
  /** The index's rows already renumbered into the bucket's table. */
  rowMap: Map<number, number>;
  /** The journal's lines by key, in order (applied to a key when it is resolved). */
  journal: Map<string, JournalLine[]>;
  /** Keys whose records were resolved. */
  resolved: Set<string>;
  /** Records (entries and skip records) the index holds (its header says). */
  count: number;
}

/** The index's text in the layout PointIndex reads: valid JSON, one record a line. */
function serializeIndex(doc: IndexFile): string {
  const j = JSON.stringify;
  const records = (o: Record<string, unknown>): string =>
    Object.keys(o)
      .map((k) => `${j(k)}:${j(o[k])}`)
      .join(',\n');
  return `{"v":${j(doc.v)},"root":${j(doc.root)},"fp":${j(doc.fp)},"n":${Object.keys(doc.entries).length + Object.keys(doc.skip).length},"t":[\n${doc.t.map((r) => j(r)).join(',\n')}\n],"entries":{\n${records(doc.entries)}\n},"skip":{\n${records(doc.skip)}\n}}`;
}

/** Decodes bytes of the index (one-byte strings when ASCII, as most indexes are). */
function decode(bytes: Buffer, start = 0, end = bytes.length): string {
  const b = bytes.subarray(start, end);
  return isAscii(b) ? b.toString('latin1') : b.toString('utf8');
}

/**
 * The index read for point lookups, when it is this run's (header) and in
 * the layout serializeIndex writes; else undefined (it is parsed whole:
 * an index written before this layout, or by hand).
 */
function pointIndex(bytes: Buffer, fp: string, root: string): PointIndex | undefined {
  const headEnd = bytes.indexOf(10);
  if (headEnd < 0) return undefined;
  let head: Partial<IndexFile>;
  try {
    head = JSON.parse(`${decode(bytes, 0, headEnd)}]}`) as Partial<IndexFile>;
  } catch {
    return undefined;
  }
  if (!head || head.v !== FORMAT || head.fp !== fp || head.root !== root || !Number.isInteger(head.n)) return undefined;
  const tableEnd = bytes.indexOf(TABLE_END, headEnd);
  if (tableEnd < 0) return undefined;
  const entriesAt = tableEnd + TABLE_END.length - 1;
  const skipStart = bytes.indexOf(SKIP_START, entriesAt);
  if (skipStart < 0) return undefined;
  const skipAt = skipStart + SKIP_START.length - 1;
  const endAt = bytes.length - DOC_END.length;
  if (endAt < skipAt || !bytes.subarray(endAt).equals(DOC_END)) return undefined;
  return {
    bytes,
    tableAt: headEnd + 1,
    entriesAt,
    skipAt,
    endAt,
    rowMap: new Map(),
    journal: new Map(),
    resolved: new Set(),
    count: head.n as number,
  };
}


/** An index with fewer files than this is rewritten whole (a journal would not pay). */
const JOURNAL_MIN_FILES = 64;

/** A journal line: an entry (its facts inline, not rows), a skip record, or a removed entry. */
interface JournalLine {
  k: string;
  e?: Omit<Entry, 'facts'> & { facts: Facts };
  skip?: string;
  del?: 1;
}

const journalOf = (indexFile: string): string => `${indexFile}.journal`;

/**
 * Environment variables that change what the offline rules see: the data
 * plane, where the Docker config is, and Flyte 2's FLYTE_IMAGE_* (builder,
 * registry, image refs), which flyte reads before its config file.
 */
function envFacts(env: NodeJS.ProcessEnv): [string, string][] {
  return Object.keys(env)
    .filter((k) => k.startsWith('IMAGESPEC_DATAPLANE_') || k.startsWith('FLYTE_IMAGE_') || k === 'DOCKER_CONFIG' || k === 'HOME')
    .sort()
    .map((k) => [k, env[k] ?? '']);
}

/** Set to true by scripts/bundle.js in the single-file CLI bundle; undefined in the per-module build and in tests. */
declare const __IMAGESPEC_BUNDLE__: boolean | undefined;

/**
 * Identifies the build of the tool, so that a rebuilt or edited rule never
 * serves old results: its version plus the stat signature of the code. The
 * bundle holds all of the engine and the rules in one file (one stat); the
 * per-module build walks the engine's and the rules' files (~2 ms).
 */
function toolFingerprint(version: string, base = path.join(__dirname, '..', '..')): string {
  if (typeof __IMAGESPEC_BUNDLE__ !== 'undefined' && __IMAGESPEC_BUNDLE__) return quickHash(`${version}\0${__filename}\0${statSignature(__filename)}`);
  const parts: string[] = [version];
  const walk = (dir: string): void => {
    let names: fs.Dirent[];
    try {
      names = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of names) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(js|ts)$/.test(e.name) && !e.name.endsWith('.d.ts')) parts.push(`${p}\0${statSignature(p)}`);
    }
  };
  walk(path.join(base, 'server'));
  walk(path.join(base, 'rules'));
  return quickHash(parts.join('\n'));
}

/** A finding as the index stores it: its file is the entry's key. */
type StoredFinding = Omit<Finding, 'file'>;

function isFinding(f: unknown): f is StoredFinding {
  const x = f as StoredFinding;
  return (
    !!x &&
    typeof x.code === 'string' &&
    typeof x.message === 'string' &&
    typeof x.severity === 'string' &&
    !!x.range &&
    typeof x.range.start?.line === 'number' &&
    typeof x.range.end?.character === 'number' &&
    Array.isArray(x.fixes)
  );
}

function isEntry(e: unknown): e is Entry {
  const x = e as Entry;
  return (
    !!x &&
    typeof x.h === 'string' &&
    (x.s === undefined || typeof x.s === 'string') &&
    Array.isArray(x.findings) &&
    !!x.facts &&
    Array.isArray(x.facts.fs) &&
    x.facts.fs.every((r) => Number.isInteger(r) && r >= 0) &&
    x.findings.every(isFinding)
  );
}

/** A signature that identifies a version of a file ("missing" and "error:..." do not). */
function isStable(sig: string | undefined): sig is string {
  return sig !== undefined && sig !== 'missing' && !sig.startsWith('error:');
}

/** A file's key in its bucket: relative to the project root when inside it. */
function keyOf(b: Bucket, file: string): string {
  return file.length > b.root.length + 1 && file.startsWith(b.root) && file[b.root.length] === path.sep ? file.slice(b.root.length + 1) : file;
}

function pathOf(b: Bucket, key: string): string {
  return path.isAbsolute(key) ? key : b.root + path.sep + key;
}

/** Records whether each once() key was already claimed, delegating to the run's set. */
class RecordingKeys extends Set<string> {
  readonly seen: [string, boolean][] = [];
  private readonly base: Set<string>;

  constructor(base: Set<string>) {
    super();
    this.base = base;
  }

  override has(key: string): boolean {
    const had = this.base.has(key);
    this.seen.push([key, had]);
    return had;
  }

  override add(key: string): this {
    this.base.add(key);
    return this;
  }
}

/**
 * A view of the run that records what a lint consulted (every ctx.fs
 * question, the Docker config, once keys); `facts()` is what the cache
 * stores. The once keys are always recorded: a worker thread's results are
 * accepted in file order only when its once answers agree with the main run.
 */
export function recordingView(run: RunState, record = true): { view: RunState; facts: () => Facts } {
  const rfs = record ? new RecordingFs(run.fs) : undefined;
  const keys = new RecordingKeys(run.onceKeys);
  let docker: [string, string] | undefined;
  const view: RunState = {
    config: run.config,
    projectRoot: run.projectRoot,
    displayRoot: run.displayRoot,
    gar: run.gar,
    internalErrors: run.internalErrors,
    // A getter, not a copy: the run loads its rules on first use (engine/run.ts).
    get ruleSet() {
      return run.ruleSet;
    },
    fs: rfs ?? run.fs,
    onceKeys: keys,
    dockerConfig: () => {
      const info = run.dockerConfig();
      if (record) docker = [info.path, statSignature(info.path)];
      return info;
    },
  };
  return {
    view,
    facts: () => {
      const facts: Facts = { fs: rfs ? rfs.facts : [] };
      if (docker) facts.docker = docker;
      if (keys.seen.length) facts.once = keys.seen;
      return facts;
    },
  };
}

export class LintCache {
  readonly dir: string;
  private readonly buckets = new Map<RunState, Bucket>();
  private readonly sigs = new Map<string, string>();
  /** Counters for tests and the bench. */
  readonly stats = { hits: 0, misses: 0, stored: 0 };
  /** The run looks up few files: indexes are read for point lookups (Bucket.point). */
  private fewFiles = false;

  constructor(
    cacheRoot: string,
    private readonly toolId: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.dir = path.join(cacheRoot, `lint-v${FORMAT}`);
  }

  static open(env: NodeJS.ProcessEnv, version: string): LintCache {
    return new LintCache(defaultCacheDir(env), toolFingerprint(version), env);
  }

  /** How many files the run will look up (before the first lookup): a few are looked up one by one in the index. */
  expectFiles(count: number): void {
    this.fewFiles = count <= POINT_LOOKUP_FILES;
  }

  static hash(text: string): string {
    return quickHash(text);
  }

  private bucket(run: RunState): Bucket {
    let b = this.buckets.get(run);
    if (b) return b;
    // The rule set is the tool's (toolId); the config says which of them run.
    // The display root too: messages show paths relative to it (the working directory).
    const fp = quickHash(JSON.stringify([FORMAT, this.toolId, run.projectRoot, run.displayRoot, run.config, envFacts(this.env)]));
    const file = path.join(this.dir, `${quickHash(`${run.projectRoot}\0${fp}`)}.json`);
    let bytes: Buffer | undefined;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      /* missing: an empty index, written at the end */
    }
    const point = bytes && this.fewFiles ? pointIndex(bytes, fp, run.projectRoot) : undefined;
    b = { file, root: run.projectRoot, fp, entries: {}, skip: {}, table: [], verdicts: [], existed: !!bytes, dirty: false, used: new Set(), changed: new Set(), journalLines: 0 };
    if (point) {
      b.point = point;
      this.readJournal(b, point);
    } else if (bytes) {
      this.parseWhole(b, bytes);
      this.applyJournal(b);
    }
    this.buckets.set(run, b);
    return b;
  }

  /** The whole index into the bucket; anything of the wrong shape leaves it empty (rewritten at the end). */
  private parseWhole(b: Bucket, bytes: Buffer): void {
    try {
      const doc = JSON.parse(decode(bytes)) as IndexFile;
      if (doc && doc.v === FORMAT && doc.fp === b.fp && doc.root === b.root && doc.entries && typeof doc.entries === 'object') {
        b.entries = doc.entries;
        if (doc.skip && typeof doc.skip === 'object') b.skip = doc.skip;
        if (Array.isArray(doc.t)) b.table = doc.t;
      }
    } catch {
      /* corrupt: an empty index, rewritten at the end */
    }
  }

  /** The journal's lines by key, for point lookups (resolve applies them). */
  private readJournal(b: Bucket, point: PointIndex): void {
    for (const j of this.journalLines(b)) {
      const lines = point.journal.get(j.k);
      if (lines) lines.push(j);
      else point.journal.set(j.k, [j]);
    }
  }

  /**
   * The index's journal (see save), its lines parsed and counted; a torn or
   * foreign line is left out (that file is linted again).
   */
  private journalLines(b: Bucket): JournalLine[] {
    let text: string;
    try {
      text = fs.readFileSync(journalOf(b.file), 'utf8');
    } catch {
      return [];
    }
    const out: JournalLine[] = [];
    for (const line of text.split('\n')) {
      if (!line) continue;
      b.journalLines++;
      try {
        const j = JSON.parse(line) as JournalLine;
        if (typeof j?.k === 'string') out.push(j);
      } catch {
        /* torn or foreign */
      }
    }
    return out;
  }

  /**
   * Point lookups: the records of `k` into the bucket, as parsing the whole
   * index and applying its journal would have left them (once per key).
   */
  private resolve(b: Bucket, k: string): void {
    const point = b.point;
    if (!point || point.resolved.has(k)) return;
    point.resolved.add(k);
    const needle = Buffer.from(`\n${JSON.stringify(k)}:`);
    const value = (from: number, to: number): unknown => {
      const at = point.bytes.indexOf(needle, from);
      if (at < 0 || at >= to) return undefined;
      const start = at + needle.length;
      let end = point.bytes.indexOf(10, start);
      if (end < 0 || end > to) end = to;
      if (point.bytes[end - 1] === 0x2c) end--; // the comma between records
      try {
        return JSON.parse(decode(point.bytes, start, end));
      } catch {
        return undefined;
      }
    };
    const e = value(point.entriesAt, point.skipAt) as Entry | undefined;
    if (e !== undefined && isEntry(e)) {
      const rows: number[] = [];
      for (const r of e.facts.fs) {
        const row = this.pointRow(b, point, r);
        if (row === undefined) break;
        rows.push(row);
      }
      if (rows.length === e.facts.fs.length) b.entries[k] = { ...e, facts: { ...e.facts, fs: rows } };
    }
    const sk = value(point.skipAt, point.endAt);
    if (typeof sk === 'string') b.skip[k] = sk;
    for (const j of point.journal.get(k) ?? []) {
      try {
        this.applyJournalLine(b, j);
      } catch {
        /* a foreign line: that file is linted again */
      }
    }
  }

  /** Row `r` of the index's table as a row of the bucket's own table; undefined when there is no such row. */
  private pointRow(b: Bucket, point: PointIndex, r: number): number | undefined {
    let row = point.rowMap.get(r);
    if (row !== undefined) return row;
    if (!point.rowStarts) {
      const starts: number[] = [];
      const tableEnd = point.entriesAt - TABLE_END.length + 1;
      for (let i = point.tableAt; i > 0 && i < tableEnd; i = point.bytes.indexOf(10, i) + 1) starts.push(i);
      point.rowStarts = starts;
    }
    const start = point.rowStarts[r];
    if (start === undefined) return undefined;
    let end = point.bytes.indexOf(10, start);
    if (point.bytes[end - 1] === 0x2c) end--;
    let fact: unknown;
    try {
      fact = JSON.parse(decode(point.bytes, start, end));
    } catch {
      return undefined;
    }
    row = this.row(b, fact as FsFact);
    point.rowMap.set(r, row);
    return row;
  }

  /**
   * Before a full write, a bucket read for point lookups becomes a whole one:
   * the index and its journal parsed whole, then this run's records of the
   * keys it resolved laid over them.
   */
  private makeWhole(b: Bucket): void {
    const point = b.point;
    if (!point) return;
    b.point = undefined;
    const mine = { entries: b.entries, skip: b.skip, table: b.table };
    b.entries = {};
    b.skip = {};
    b.table = [];
    b.rows = undefined;
    b.verdicts = [];
    b.journalLines = 0;
    this.parseWhole(b, point.bytes);
    this.applyJournal(b);
    for (const k of point.resolved) {
      const e = mine.entries[k];
      if (e) b.entries[k] = { ...e, facts: { ...e.facts, fs: e.facts.fs.map((r) => this.row(b, mine.table[r])) } };
      else delete b.entries[k];
      if (mine.skip[k] !== undefined) b.skip[k] = mine.skip[k];
    }
  }

  /** Applies the index's journal (see save), line by line; a line that does not parse is skipped. */
  private applyJournal(b: Bucket): void {
    for (const j of this.journalLines(b)) {
      try {
        this.applyJournalLine(b, j);
      } catch {
        /* a line of a foreign shape: that file is linted again */
      }
    }
  }

  private applyJournalLine(b: Bucket, j: JournalLine): void {
    if (j.e) {
      const facts = j.e.facts;
      if (!facts || !Array.isArray(facts.fs) || !facts.fs.every((f) => Array.isArray(f) && f.length === 3 && f.every((x) => typeof x === 'string'))) return;
      const e: Entry = { ...j.e, facts: { ...facts, fs: facts.fs.map((f) => this.row(b, f)) } };
      if (isEntry(e)) b.entries[j.k] = e;
    } else if (typeof j.skip === 'string') b.skip[j.k] = j.skip;
    else if (j.del === 1) delete b.entries[j.k];
  }

  private sig(p: string): string {
    let s = this.sigs.get(p);
    if (s === undefined) this.sigs.set(p, (s = statSignature(p)));
    return s;
  }

  /** Whether a row of the fact table holds now (each row checked once per run). */
  private holds(b: Bucket, row: number, run: RunState): boolean {
    let v = b.verdicts[row];
    if (v !== undefined) return v;
    const fact = b.table[row];
    if (!Array.isArray(fact)) return false;
    const [op, p, seen] = fact;
    v =
      op === 'kind'
        ? run.fs.kind(p) === seen
        : op === 'list'
          ? listDigest(run.fs.list(p)) === seen
          : op === 'read'
            ? this.sig(p) === seen
            : op === 'scan'
              ? this.scanHolds(p, seen, run)
              : false;
    b.verdicts[row] = v;
    return v;
  }

  /**
   * A module read for what patterns find in it (a neighbour's union import
   * or builder registration, project/view.ts): unchanged, or changed and
   * answering the same. So editing one module of a folder re-lints the
   * others only when that answer changes.
   */
  private scanHolds(p: string, seen: string, run: RunState): boolean {
    const cut = seen.indexOf('\0');
    if (cut < 0) return false;
    if (this.sig(p) === seen.slice(0, cut)) return true;
    return scanAnswers(run.fs.readText(p) ?? '', NEIGHBOUR_PATTERNS) === seen.slice(cut + 1);
  }

  private stillTrue(b: Bucket, x: StoredFacts, run: RunState): boolean {
    for (const row of x.fs) if (!this.holds(b, row, run)) return false;
    if (x.docker) {
      const p = dockerConfigPath(this.env);
      if (p !== x.docker[0] || this.sig(p) !== x.docker[1]) return false;
    }
    for (const [key, had] of x.once ?? []) if (run.onceKeys.has(key) !== had) return false;
    return true;
  }

  /** A file's stat signature, taken before reading it (see knownIrrelevant). */
  signature(file: string): string {
    // Memoised with the facts' signatures: a neighbour's `scan` fact names files this run stats anyway.
    return this.sig(file);
  }

  /**
   * Whether an earlier run read this file, found neither `ImageSpec` nor
   * `imagespec` in it, and it is unchanged since (same size, mtime, ctime and
   * inode, as ruff judges): then it is not even read. Most files of a big
   * repository are such files; a stat is far cheaper than open + read + scan.
   */
  knownIrrelevant(run: RunState, file: string, sig: string): boolean {
    const b = this.bucket(run);
    const k = keyOf(b, file);
    this.resolve(b, k);
    if (b.skip[k] !== sig) return false;
    b.used.add(k);
    return true;
  }

  /** Records a file that cannot declare anything, with its signature from before it was read. */
  noteIrrelevant(run: RunState, file: string, sig: string): void {
    const b = this.bucket(run);
    const k = keyOf(b, file);
    this.resolve(b, k);
    b.used.add(k);
    if (sig === 'missing' || sig.startsWith('error:') || b.skip[k] === sig) return;
    b.skip[k] = sig;
    b.changed.add(k);
    b.dirty = true;
  }

  /**
   * The cached offline findings of `file` when its stat signature is the one
   * its entry was stored (or last confirmed) under and every fact still
   * holds: the text is then the one linted (as ruff judges), and the file
   * need not be read, nor its text hashed. Undefined otherwise, without
   * counting a miss: the caller reads the file and asks `lookup`.
   */
  lookupBySignature(run: RunState, file: string, sig: string): Finding[] | undefined {
    if (!isStable(sig)) return undefined;
    const b = this.bucket(run);
    const k = keyOf(b, file);
    this.resolve(b, k);
    const e = b.entries[k];
    if (!e || e.s !== sig || !isEntry(e) || !this.stillTrue(b, e.facts, run)) return undefined;
    for (const [key, had] of e.facts.once ?? []) if (!had) run.onceKeys.add(key);
    b.used.add(k);
    this.stats.hits++;
    return e.findings.map((f) => ({ ...f, file }));
  }

  /** The cached offline findings of `file` with this text, or undefined (lint for real). */
  lookup(run: RunState, file: string, text: string, sig?: string): Finding[] | undefined {
    const b = this.bucket(run);
    const k = keyOf(b, file);
    this.resolve(b, k);
    const e = b.entries[k];
    const sameText = !!e && ((isStable(sig) && e.s === sig) || e.h === LintCache.hash(text));
    if (!sameText || !isEntry(e) || !this.stillTrue(b, e.facts, run)) {
      this.stats.misses++;
      return undefined;
    }
    for (const [key, had] of e.facts.once ?? []) if (!had) run.onceKeys.add(key);
    if (isStable(sig) && e.s !== sig) {
      // Same text under a new signature (touched, checked out again): remember it, so the next run need not hash.
      e.s = sig;
      b.changed.add(k);
      b.dirty = true;
    }
    b.used.add(k);
    this.stats.hits++;
    return e.findings.map((f) => ({ ...f, file }));
  }

  /**
   * Lints through a recording view of the run (file system, Docker config,
   * once keys) and stores the offline findings with the facts consulted.
   */
  lint(run: RunState, file: string, text: string, lintFn: (view: RunState) => FileResult, sig?: string): FileResult {
    const rec = recordingView(run);
    const errorsBefore = run.internalErrors.length;
    const result = lintFn(rec.view);
    this.store(run, file, LintCache.hash(text), result.findings, rec.facts(), run.internalErrors.length !== errorsBefore, sig);
    return result;
  }

  /**
   * Stores a file's offline findings and the facts its lint consulted (from
   * recordingView, here or in a worker thread: server/cli/lintWorker.ts);
   * `crashed`: a rule crashed on the file, so its findings are incomplete and
   * any entry is dropped instead.
   */
  store(run: RunState, file: string, hash: string, findings: Finding[], facts: Facts, crashed: boolean, sig?: string): void {
    const b = this.bucket(run);
    const k = keyOf(b, file);
    this.resolve(b, k);
    b.used.add(k);
    if (crashed) {
      if (b.entries[k]) {
        delete b.entries[k];
        b.changed.add(k);
        b.dirty = true;
      }
      return;
    }
    const stored: StoredFacts = { fs: facts.fs.map((f) => this.row(b, f)) };
    if (facts.docker) stored.docker = facts.docker;
    if (facts.once) stored.once = facts.once;
    const entry: Entry = { h: hash, findings: findings.map(({ file: _file, ...rest }) => rest), facts: stored };
    if (isStable(sig)) entry.s = sig;
    b.entries[k] = entry;
    b.changed.add(k);
    b.dirty = true;
    this.stats.stored++;
  }

  /** The fact's row in the bucket's table, added when new. */
  private row(b: Bucket, f: FsFact): number {
    if (!b.rows) {
      b.rows = new Map();
      b.table.forEach((t, i) => b.rows!.set(Array.isArray(t) ? t.join('\0') : `bad ${i}`, i));
    }
    const key = f.join('\0');
    let i = b.rows.get(key);
    if (i === undefined) {
      i = b.table.length;
      b.table.push(f);
      b.rows.set(key, i);
    }
    return i;
  }

  /** Whether the index holds an entry for the file (else a lookup cannot hit: the file needs a real lint). */
  hasEntry(run: RunState, file: string): boolean {
    const b = this.bucket(run);
    const k = keyOf(b, file);
    this.resolve(b, k);
    return b.entries[k] !== undefined;
  }

  /**
   * Writes every changed index; never throws. A run that touched at least
   * half of an index's files drops the entries of files that no longer
   * exist; a smaller one (a pre-commit run on a few files) keeps the others
   * unchecked: a stat each would cost it more than its lint. A run that
   * changed at most an eighth of an index of 64 files or more appends the
   * changes to its journal instead, until the journal holds an eighth of
   * the index; then the index is written whole and the journal removed.
   */
  save(): void {
    for (const b of this.buckets.values()) {
      if (!b.dirty) continue;
      try {
        fs.mkdirSync(this.dir, { recursive: true });
        if (!b.existed) this.removeStale();
        // Read for point lookups: the index's count of records stands for the files.
        const files = b.point ? b.point.count : Object.keys(b.entries).length + Object.keys(b.skip).length;
        if (b.existed && files >= JOURNAL_MIN_FILES && (b.journalLines + b.changed.size) * 8 <= files) {
          fs.appendFileSync(journalOf(b.file), [...b.changed].map((k) => JSON.stringify(this.journalLine(b, k)) + '\n').join(''));
          b.journalLines += b.changed.size;
          b.changed.clear();
          b.dirty = false;
          continue;
        }
        this.makeWhole(b);
        const entryKeys = Object.keys(b.entries);
        const skipKeys = Object.keys(b.skip);
        const prune = b.used.size * 2 >= entryKeys.length + skipKeys.length;
        const exists = (k: string) => b.used.has(k) || !prune || fs.existsSync(pathOf(b, k));
        // Only the rows kept entries use, renumbered.
        const table: FsFact[] = [];
        const renumber = new Map<number, number>();
        const entries: Record<string, Entry> = {};
        for (const k of entryKeys) {
          const e = b.entries[k];
          if (!exists(k) || !isEntry(e)) continue;
          const rows: number[] = [];
          for (const r of e.facts.fs) {
            let n = renumber.get(r);
            if (n === undefined) {
              n = table.length;
              table.push(b.table[r]);
              renumber.set(r, n);
            }
            rows.push(n);
          }
          entries[k] = { ...e, facts: { ...e.facts, fs: rows } };
        }
        const skip: Record<string, string> = {};
        for (const k of skipKeys) {
          if (!b.entries[k] && exists(k)) skip[k] = b.skip[k];
        }
        const doc: IndexFile = { v: FORMAT, root: b.root, fp: b.fp, entries, skip, t: table };
        writeFileAtomic(b.file, serializeIndex(doc));
        // Folded in (a journal another run appended to meanwhile loses its lines: those files are linted again).
        fs.rmSync(journalOf(b.file), { force: true });
        b.journalLines = 0;
        b.changed.clear();
        b.dirty = false;
      } catch {
        /* a cache that cannot be written is only slower */
      }
    }
  }

  /** What the journal says of a key now: its entry with the facts written out, its skip record, or that it has none. */
  private journalLine(b: Bucket, k: string): JournalLine {
    const e = b.entries[k];
    if (e) return { k, e: { ...e, facts: { ...e.facts, fs: e.facts.fs.map((r) => b.table[r]) } } };
    if (b.skip[k] !== undefined) return { k, skip: b.skip[k] };
    return { k, del: 1 };
  }

  private removeStale(): void {
    const now = Date.now();
    for (const name of fs.readdirSync(this.dir)) {
      const p = path.join(this.dir, name);
      try {
        if (now - fs.statSync(p).mtimeMs > STALE_MS) fs.unlinkSync(p);
      } catch {
        /* raced with another run */
      }
    }
  }
}
