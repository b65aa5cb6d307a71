// A seeded generator of varied Python files holding ImageSpec declarations in
// every form RULES.md lists, plus decoys (ImageSpec in comments and strings,
// a user's own class ImageSpec, local rebindings, other.ImageSpec, ...), in
// every string form, CRLF or LF, tabs or spaces, with unicode identifiers and
// text. The extraction oracle test (test/extract-oracle.test.ts) and the
// bench (bench/run.ts) both use it. The generator does not decide which calls
// are declarations: Python's ast, through test/oracle/ast_calls.py, does.
// Same seed, same files, byte for byte.

import * as fs from 'node:fs';
import * as path from 'node:path';

export interface CorpusFile {
  /** Relative path, forward slashes. */
  name: string;
  bytes: Buffer;
}

/** mulberry32: small, fast, good enough for test data. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  shuffle<T>(xs: readonly T[]): T[] {
    const a = [...xs];
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }
}

/** Import forms and the callees they make available. */
const IMPORTS: { lines: string[]; callees: string[] }[] = [
  { lines: ['from flytekit import ImageSpec'], callees: ['ImageSpec'] },
  { lines: ['from flytekit.image_spec import ImageSpec'], callees: ['ImageSpec'] },
  { lines: ['from union import ImageSpec'], callees: ['ImageSpec'] },
  { lines: ['from flytekit import ImageSpec as Spec'], callees: ['Spec'] },
  { lines: ['from union import ImageSpec as UImage'], callees: ['UImage'] },
  { lines: ['from flytekit import ImageSpec, task, workflow'], callees: ['ImageSpec'] },
  { lines: ['from flytekit import (', '    Resources,', '    ImageSpec as Img,  # the builder', '    task,', ')'], callees: ['Img'] },
  { lines: ['import flytekit as fl'], callees: ['fl.ImageSpec'] },
  { lines: ['import flytekit'], callees: ['flytekit.ImageSpec'] },
  { lines: ['import union'], callees: ['union.ImageSpec'] },
  { lines: ['import union as un'], callees: ['un.ImageSpec'] },
  { lines: ['import unionai'], callees: ['unionai.ImageSpec'] },
  { lines: ['import flytekit.image_spec'], callees: ['flytekit.image_spec.ImageSpec'] },
  { lines: ['from flytekit import image_spec as fis'], callees: ['fis.ImageSpec'] },
  { lines: ['import flytekit.image_spec.image_spec as isp'], callees: ['isp.ImageSpec'] },
  { lines: ['try:', '    from union import ImageSpec', 'except ImportError:', '    from flytekit import ImageSpec'], callees: ['ImageSpec'] },
  { lines: ['if TYPE_CHECKING:', '    from flytekit import ImageSpec as TSpec', 'else:', '    TSpec = None'], callees: ['TSpec'] },
];

/** Calls that are never declarations (given the header adds `import mylib as other`). */
const DECOY_CALLEES = ['other.ImageSpec', 'ImageSpecs', 'MyImageSpec', 'ImageSpec_', 'obj.ImageSpec', 'make.ImageSpec'];

const STR_FIELDS = ['name', 'registry', 'python_version', 'builder', 'platform', 'source_root', 'tag_format', 'pip_index', 'requirements', 'conda_channels_x', 'entrypoint_x', 'registry_config', 'base_image'];
const LIST_FIELDS = ['packages', 'apt_packages', 'commands', 'conda_packages', 'conda_channels', 'pip_extra_index_url', 'copy', 'entrypoint', 'pip_secret_mounts'];
const OTHER_FIELDS = ['env', 'cuda', 'cudnn', 'gpu', 'pip_extra_args', 'source_copy_mode', 'builder_options', 'pakages', 'registy', 'python_versio'];
const CHAIN = ['with_packages', 'with_apt_packages', 'with_commands', 'with_copy', 'with_runtime_packages', 'with_builder_options', 'force_push', 'image_name', 'exist'];

const UNI_IDENTS = ['ñame', 'größe', '名前', 'Ωmega', 'café_img', 'данные', 'x_é1', 'ℌelper'];
const UNI_TEXT = ['é', 'ü', 'ñ', 'ß', '日本', '😀', '𝒳', 'Ω', 'a\u0301', '\u00a0', '\u2028', '\t'];
const LATIN1_TEXT = ['é', 'ü', 'ñ', 'ß', 'ø', '\u00a0'];
const PREFIXES = ['', '', '', 'r', 'R', 'u', 'U', 'f', 'F', 'rf', 'fr', 'Rf', 'fR', 'RF', 'b', 'B', 'br', 'rb', 'Br', 'bR'];
const QUOTES = ['"', '"', "'", "'", '"""', "'''"];

interface StrOpts {
  /** Only this quote and no backslashes, no newlines (inside an f-string expression, Python 3.11). */
  inner?: boolean;
  noBytes?: boolean;
  noF?: boolean;
}

class FileGen {
  readonly callees: string[] = [];
  readonly ind: string;
  private counter = 0;
  readonly uni: boolean;
  readonly latin1: boolean;

  constructor(
    readonly r: Rng,
    opts: { ind: string; uni: boolean; latin1: boolean },
  ) {
    this.ind = opts.ind;
    this.uni = opts.uni;
    this.latin1 = opts.latin1;
  }

  id(base = 'img'): string {
    this.counter++;
    if (this.uni && !this.latin1 && this.r.chance(0.15)) return `${this.r.pick(UNI_IDENTS)}_${this.counter}`;
    return `${base}_${this.counter}`;
  }

  callee(): string {
    if (this.r.chance(0.12)) return this.r.pick(DECOY_CALLEES);
    return this.r.pick(this.callees);
  }

  text(): string {
    const r = this.r;
    const pool = ['ghcr.io/acme', 'us-east1-docker.pkg.dev/proj/repo', 'ImageSpec(', 'x', ' ', 'numpy==1.26', '3.11', '-', 'fl.ImageSpec(name=1)'];
    let s = '';
    const n = r.range(1, 4);
    for (let i = 0; i < n; i++) {
      if (this.uni && r.chance(0.25)) s += r.pick(this.latin1 ? LATIN1_TEXT : UNI_TEXT);
      else s += r.pick(pool);
    }
    return s;
  }

  str(o: StrOpts = {}, outerQuote?: string): string {
    const r = this.r;
    let prefix = r.pick(PREFIXES);
    if (o.noBytes || o.inner) prefix = prefix.replace(/[bB]/g, '');
    if (o.noF || o.inner) prefix = prefix.replace(/[fF]/g, '');
    const isB = /b/i.test(prefix);
    const isF = /f/i.test(prefix);
    const isR = /r/i.test(prefix);
    const quote = o.inner ? (outerQuote === '"' ? "'" : '"') : r.pick(QUOTES);
    const triple = quote.length === 3;
    const other = quote[0] === '"' ? "'" : '"';
    const parts: string[] = [];
    const n = r.range(0, 3);
    for (let i = 0; i < n; i++) {
      const k = r.int(10);
      if (k < 5) {
        let t = this.text();
        // eslint-disable-next-line no-control-regex -- every non-ASCII character, from NUL up
        if (isB) t = t.replace(/[^\x00-\x7f]/g, 'a');
        parts.push(t);
      } else if (k === 5 && !o.inner) {
        parts.push(r.pick(isR ? ['\\d+', '\\n', '\\\\'] : ['\\n', '\\t', '\\\\', '\\x41', isB ? '\\x7f' : '\\u00e9', isB ? '\\0' : '\\N{BULLET}']));
      } else if (k === 6 && !o.inner) {
        parts.push(other);
      } else if (k === 7 && triple && !o.inner) {
        parts.push(r.pick(['\n', '\nImageSpec(name="in a docstring")\n', '\n  line two\n']));
      } else if (k === 8 && isF) {
        parts.push(r.pick(['{REGISTRY}', '{n}', '{1 + 2}', '{VERSION!r}', '{VERSION:>8}', '{{literal}}', '{ {"k": 1}["k"] }'.replace(/"/g, other)]));
      } else if (k === 9 && !isF) {
        parts.push(r.pick(['{', '}', '{x}', '%s']));
      }
    }
    let body = parts.join('');
    // A literal may not end with the quote character or with an odd backslash run (raw).
    if (triple && body.endsWith(quote[0])) body += ' ';
    if (body.endsWith('\\') && isR) body += 'z';
    return `${prefix}${quote}${body}${quote}`;
  }

  value(field: string, depth: number, pre: string, inner: boolean, outerQuote?: string): string {
    const r = this.r;
    const s = () => this.str({ noBytes: true, inner }, outerQuote);
    if (field === 'base_image' && depth < 2 && !inner && r.chance(0.45)) return this.spec(depth + 1, pre + this.ind, false);
    if (LIST_FIELDS.includes(field)) {
      const items = Array.from({ length: r.range(0, 4) }, s);
      if (!inner && items.length > 2 && r.chance(0.4)) {
        return `[\n${items.map((i) => `${pre}${this.ind}${this.ind}${i},`).join('\n')}\n${pre}${this.ind}]`;
      }
      const list = `[${items.join(', ')}]`;
      if (r.chance(0.15)) return `${list} + EXTRA_PACKAGES`;
      if (r.chance(0.1)) return `(${items.join(', ')}${items.length === 1 ? ',' : ''})`;
      return list;
    }
    const q = inner ? (outerQuote === '"' ? "'" : '"') : '"';
    switch (r.int(14)) {
      case 0:
        return `os.getenv(${q}IMG_REGISTRY${q}, ${s()})`;
      case 1:
        return `os.environ.get(${q}X${q})`;
      case 2:
        return 'REGISTRY';
      case 3:
        return `${s()} ${s()}`;
      case 4:
        return inner ? `${s()} + ${s()}` : `(\n${pre}${this.ind}${this.ind}${s()}\n${pre}${this.ind}${this.ind}${s()}\n${pre}${this.ind})`;
      case 5:
        return r.pick(['3.11', '3', 'None', 'True', '0x1F', '1_000', '-1', '2j']);
      case 6:
        return `{${q}A${q}: ${s()}, **EXTRA_ENV}`;
      case 7:
        return 'get_value()';
      case 8:
        return `${s()} + ${s()}`;
      default:
        return s();
    }
  }

  args(depth: number, pre: string, inner: boolean, outerQuote?: string): string {
    const r = this.r;
    const fields = r.shuffle([...STR_FIELDS, ...LIST_FIELDS, ...OTHER_FIELDS]).slice(0, r.chance(0.15) ? 0 : r.range(1, 7));
    const parts: string[] = [];
    if (r.chance(0.08)) parts.push(...Array.from({ length: r.range(1, 2) }, () => this.str({ noBytes: true, inner }, outerQuote)));
    for (const f of fields) parts.push(`${f}=${this.value(f, depth, pre, inner, outerQuote)}`);
    if (r.chance(0.06)) parts.push('*ARGS');
    if (r.chance(0.08)) parts.push('**SPEC_KWARGS');
    if (parts.length === 0 && r.chance(0.05) && !inner) return 'x for x in PARTS';
    if (inner || parts.length < 3 || r.chance(0.3)) return parts.join(', ');
    const inPre = pre + this.ind;
    const lines = parts.map((p) => `${inPre}${p},${r.chance(0.1) ? '  # ImageSpec(note)' : ''}`);
    if (r.chance(0.15)) lines.splice(r.int(lines.length), 0, `${inPre}# ${r.pick(['registry=...', 'ImageSpec(x=1)', 'é ü', 'TODO'])}`);
    return `\n${lines.join('\n')}\n${pre}`;
  }

  chain(pre: string, inner: boolean, outerQuote?: string): string {
    const r = this.r;
    let out = '';
    const n = r.range(1, 3);
    for (let i = 0; i < n; i++) {
      const m = r.pick(CHAIN);
      const arg = m === 'force_push' || m === 'image_name' || m === 'exist' ? '' : m === 'with_builder_options' ? '{}' : `[${this.str({ noBytes: true, inner }, outerQuote)}]`;
      out += `.${m}(${arg})`;
    }
    void pre;
    return out;
  }

  /** A constructor call, maybe with a chain. */
  spec(depth: number, pre: string, inner: boolean, outerQuote?: string, chain = true): string {
    let call = `${this.callee()}(${this.args(depth, pre, inner, outerQuote)})`;
    if (chain && this.r.chance(0.3)) call += this.chain(pre, inner, outerQuote);
    return call;
  }

  /** A multi-line chain inside parentheses. */
  parenChain(pre: string): string {
    const r = this.r;
    const i2 = pre + this.ind;
    const methods = Array.from({ length: r.range(1, 3) }, () => `${i2}.${r.pick(CHAIN.slice(0, 6))}([${this.str({ noBytes: true })}])`);
    if (r.chance(0.5)) methods.push(`${i2}.force_push()`);
    return `(\n${i2}${this.spec(0, i2, false, undefined, false)}\n${r.chance(0.3) ? `${i2}# comment between links\n` : ''}${methods.join('\n')}\n${pre})`;
  }

  /** A statement (possibly compound) at indentation `pre`. */
  stmt(pre: string, depth: number, inFunc: boolean): string {
    const r = this.r;
    const I = this.ind;
    const sub = (p: string, f = inFunc) => this.block(p, depth + 1, f);
    const k = r.int(inFunc ? 36 : 34);
    switch (k) {
      case 0:
      case 1:
      case 2:
        return `${pre}${this.id()} = ${this.spec(0, pre, false)}`;
      case 3:
        return `${pre}${this.id()}: "ImageSpec" = ${this.spec(0, pre, false)}`;
      case 4:
        return `${pre}${this.id()} = ${this.parenChain(pre)}`;
      case 5: {
        const base = this.id('BASE');
        return `${pre}${base} = ${this.spec(1, pre, false)}\n${pre}${this.id()} = ${this.callee()}(name="child", base_image=${base})`;
      }
      case 6:
        if (depth > 2) return `${pre}pass`;
        {
          // Async bodies end in an await, not a return: a return value in an async generator does not compile.
          const isAsync = r.chance(0.2);
          return `${pre}${isAsync ? 'async ' : ''}def ${this.id('make')}(n: str = "x", *args, reg=REGISTRY, **kw) -> "ImageSpec":\n${r.chance(0.3) ? `${pre}${I}"""Return an ImageSpec(name=...) for n."""\n` : ''}${sub(pre + I, true)}\n${pre}${I}${isAsync ? 'await build(' : 'return '}${this.spec(0, pre + I, false)}${isAsync ? ')' : ''}`;
        }
      case 7: {
        const deco = r.pick(['task', 'fl.task', 'workflow', 'dynamic', 'union.actor.ActorEnvironment']);
        const multi = r.chance(0.5);
        const args = multi ? `\n${pre}${I}container_image=${this.spec(0, pre + I, false)},\n${pre}${I}requests=Resources(cpu="1"),\n${pre}` : `container_image=${this.spec(0, pre, false)}`;
        return `${pre}@${deco}(${args})\n${r.chance(0.3) ? `${pre}@other_decorator(${this.spec(0, pre, false)})\n` : ''}${pre}def ${this.id('t')}(x: int) -> int:\n${pre}${I}return x`;
      }
      case 8:
        return `${pre}${this.id('mk')} = lambda n, reg="r": ${this.callee()}(name=n, registry=reg)${r.chance(0.3) ? '.with_packages(["a"])' : ''}`;
      case 9:
        return `${pre}${this.id('specs')} = [${this.spec(0, pre, false)} for n in NAMES if n]`;
      case 10:
        return `${pre}${this.id('by_name')} = {n: ${this.callee()}(name=n, packages=[p for p in PKGS]) for n in NAMES}`;
      case 11:
        return `${pre}${this.id('gen')} = list(${this.callee()}(name=n) for n in NAMES)`;
      case 12:
        return `${pre}${this.id('uniq')} = {${this.callee()}(name=n).image_name() for n, _ in PAIRS}`;
      case 13:
        if (depth > 2) return `${pre}pass`;
        return `${pre}class ${this.id('Images')}${r.chance(0.5) ? '(Base)' : ''}:\n${r.chance(0.3) ? `${pre}${I}"""ImageSpec holders."""\n` : ''}${pre}${I}base = ${this.spec(0, pre + I, false)}\n${sub(pre + I, false)}\n${pre}${I}def build(self, n):\n${pre}${I}${I}return ${this.spec(0, pre + I + I, false)}\n${pre}${I}def other(self):\n${pre}${I}${I}return self.ImageSpec(name="method, not a spec")`;
      case 14:
        if (depth > 2) return `${pre}pass`;
        return `${pre}if ${r.pick(['PROD', 'os.getenv("CI")', 'sys.platform == "linux"'])}:\n${sub(pre + I)}\n${r.chance(0.5) ? `${pre}elif OTHER:\n${sub(pre + I)}\n` : ''}${pre}else:\n${sub(pre + I)}`;
      case 15:
        if (depth > 2) return `${pre}pass`;
        return `${pre}try:\n${sub(pre + I)}\n${pre}except (ImportError, ValueError) as err:\n${sub(pre + I)}\n${pre}finally:\n${pre}${I}done = ${this.spec(0, pre + I, false)}`;
      case 16:
        if (depth > 2) return `${pre}pass`;
        return `${pre}for ${this.id('i')}, n in enumerate(NAMES):\n${sub(pre + I)}\n${pre}else:\n${pre}${I}pass`;
      case 17:
        if (depth > 2) return `${pre}pass`;
        return `${pre}with open("f") as fh, ctx() as (a, b):\n${sub(pre + I)}`;
      case 18:
        if (depth > 2) return `${pre}pass`;
        return `${pre}match MODE:\n${pre}${I}case "gpu" | "tpu":\n${sub(pre + I + I)}\n${pre}${I}case {"k": v, **rest}:\n${pre}${I}${I}x = ${this.spec(0, pre + I + I, false)}\n${pre}${I}case _:\n${pre}${I}${I}pass`;
      case 19:
        return `${pre}register(${this.spec(0, pre, false)}, other=[${this.spec(1, pre, false)}, ${this.callee()}()], flag=True)`;
      case 20:
        return `${pre}${this.id('pick')} = ${this.spec(0, pre, false)} if FLAG else (${this.callee()}(name="b"))`;
      case 21:
        return `${pre}if (${this.id('w')} := ${this.callee()}(name="walrus")):\n${pre}${I}pass`;
      case 22: {
        const q = r.pick(['"', "'"]);
        return `${pre}${this.id('label')} = f${q}image: {${this.spec(0, pre, true, q)}.image_name()} {${this.callee()}()}${q}`;
      }
      case 23:
        return `${pre}${this.id()} = \\\n${pre}${I}${this.spec(0, pre + I, true)}`;
      case 24:
        return `${pre}a = 1; ${this.id()} = ${this.spec(0, pre, true)}; c = ${this.callee()}()`;
      case 25:
        return `${pre}# ${r.pick(['ImageSpec(name="commented out")', 'fl.ImageSpec(registry="x")', 'from flytekit import ImageSpec as Nope', 'é ImageSpec ü'])}`;
      case 26:
        return `${pre}${this.id('msg')} = ${this.str()}  # ImageSpec(in a comment)`;
      case 27:
        return `${pre}${this.id('doc')} = """\n${pre}ImageSpec(name="inside a string",\n${pre}          registry='x')\n${pre}"""`;
      case 28:
        return `${pre}${this.id('txt')} = ${r.pick(['"ImageSpec(" \'implicit\'', "'fl.ImageSpec(name=1)'", 'b"ImageSpec()" rb\'ImageSpec(\'', 'f"ImageSpec({x})" "ImageSpec("', 'u"union.ImageSpec()"', 'R"ImageSpec\\(" fR\'{x}\''])}`;
      case 29: {
        // Local rebindings: not the imported ImageSpec.
        const how = r.int(6);
        if (how === 0) return `${pre}def ${this.id('local')}():\n${pre}${I}ImageSpec = make_builder()\n${pre}${I}return ImageSpec(name="local")`;
        if (how === 1) return `${pre}def ${this.id('param')}(ImageSpec, fl=None, union=None):\n${pre}${I}return ImageSpec(name="param"), fl.ImageSpec(), union.ImageSpec()`;
        if (how === 2) return `${pre}${this.id('lam')} = lambda ImageSpec: ImageSpec(name="lambda param")`;
        if (how === 3) return `${pre}${this.id('comp')} = [ImageSpec(name="comp") for ImageSpec in BUILDERS]`;
        if (how === 4) return `${pre}def ${this.id('loop')}():\n${pre}${I}for ImageSpec in BUILDERS:\n${pre}${I}${I}ImageSpec(name="loop var")\n${pre}${I}with ctx() as fl:\n${pre}${I}${I}fl.ImageSpec()`;
        return `${pre}def ${this.id('outer')}():\n${pre}${I}Spec = dict\n${pre}${I}def inner():\n${pre}${I}${I}return Spec(name="closure"), ${this.spec(0, pre + I + I, false)}\n${pre}${I}return inner`;
      }
      case 30:
        return `${pre}${this.id('ref')} = ${r.pick(['ImageSpec', 'fl.ImageSpec', 'isinstance(x, ImageSpec)', 'ImageSpec.with_packages(BASE, ["a"])', 'ImageSpec.__name__', 'getattr(flytekit, "ImageSpec")()'])}`;
      case 31:
        return `${pre}${this.id()} = ${this.callee()}()${r.chance(0.5) ? '.force_push()' : ''}`;
      case 32:
        return `${pre}SPECS = {"a": ${this.spec(0, pre, false)}, "b": (${this.callee()}(name="t"),)}`;
      case 33:
        if (depth > 2) return `${pre}pass`;
        return `${pre}while ${this.id('again')}():\n${sub(pre + I)}\n${pre}${I}break`;
      case 34:
        return `${pre}yield ${this.spec(0, pre, false)}`;
      default:
        return `${pre}global DEFAULT\n${pre}DEFAULT = ${this.spec(0, pre, false)}\n${pre}built = build(${this.callee()}(name="built"))`;
    }
  }

  block(pre: string, depth: number, inFunc: boolean): string {
    const n = this.r.range(1, 3);
    const stmts = Array.from({ length: n }, () => this.stmt(pre, depth, inFunc));
    // A block of comments alone is not a block.
    if (stmts.every((s) => s.trimStart().startsWith('#'))) stmts.push(`${pre}pass`);
    return stmts.join('\n');
  }
}

/** One generated file: deterministic for (seed, index). */
export function generateFile(seed: number, index: number): CorpusFile {
  const r = new Rng((seed * 0x9e3779b1 + index * 0x85ebca6b) >>> 0);
  const crlf = r.chance(0.15);
  const ind = r.chance(0.15) ? '\t' : r.pick(['    ', '    ', '  ']);
  const bom = r.chance(0.05);
  const latin1 = !bom && r.chance(0.05);
  const uni = r.chance(0.5);
  const g = new FileGen(r, { ind, uni, latin1 });

  const head: string[] = [];
  if (latin1) head.push('# -*- coding: latin-1 -*-');
  if (r.chance(0.3)) head.push(`"""Images for the ${uni && !latin1 ? 'café ☕' : 'demo'} project: ImageSpec(...) declarations."""`);
  head.push('import os', 'import sys', 'import mylib as other');
  const styles = r.shuffle(IMPORTS).slice(0, r.range(1, 3));
  for (const s of styles) {
    head.push(...s.lines.map((l) => l.replace(/^ {4}/, ind)));
    g.callees.push(...s.callees);
  }
  if (r.chance(0.5)) g.callees.push('ImageSpec');
  // Decoy headers: the user's own ImageSpec.
  const own = r.int(20);
  if (own === 0) head.push('class ImageSpec:', `${ind}"""Not flytekit's."""`, `${ind}def __init__(self, **kw):`, `${ind}${ind}self.kw = kw`);
  else if (own === 1) head.push('from mylib import Builder as ImageSpec');
  else if (own === 2) head.push('def ImageSpec(**kw):', `${ind}return kw`);
  if (!g.callees.includes('ImageSpec') && own <= 2) g.callees.push('ImageSpec');
  head.push('', `REGISTRY = ${r.pick(['"ghcr.io/acme"', "'localhost:30000'", 'os.getenv("REG", "ghcr.io/x")'])}`, 'VERSION = "1.0"', 'EXTRA_PACKAGES = ["pandas"]', 'NAMES = ["a", "b"]');

  const body: string[] = [];
  const n = r.range(4, 12);
  for (let i = 0; i < n; i++) {
    body.push(g.stmt('', 0, false));
    if (r.chance(0.05)) body.push('\f');
    if (r.chance(0.2)) body.push('');
  }
  let text = [...head, '', ...body].join('\n');
  if (r.chance(0.9)) text += '\n';
  if (r.chance(0.05)) text = text.replace(/([^\\])\n/g, '$1 \n'); // trailing whitespace
  if (crlf) text = text.replace(/\n/g, '\r\n');
  let bytes = latin1 ? Buffer.from(text, 'latin1') : Buffer.from(text, 'utf8');
  if (bom) bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
  const flags = [crlf && 'crlf', ind === '\t' && 'tabs', bom && 'bom', latin1 && 'latin1', uni && 'uni'].filter(Boolean).join('-');
  return { name: `gen_${String(index).padStart(3, '0')}${flags ? '_' + flags : ''}.py`, bytes };
}

export function generateCorpus(count: number, seed = 20240601): CorpusFile[] {
  return Array.from({ length: count }, (_, i) => generateFile(seed, i));
}

export function writeCorpus(dir: string, files: CorpusFile[]): string[] {
  fs.mkdirSync(dir, { recursive: true });
  return files.map((f) => {
    const p = path.join(dir, ...f.name.split('/'));
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, f.bytes);
    return p;
  });
}

/**
 * Realistic Flyte workflow modules for the bench (the stress corpus above is
 * for the oracle): imports, 1-3 ImageSpec declarations, a few tasks and a
 * workflow with ordinary code, about 60-150 lines each. Seeded, like above.
 */
export function generateWorkflowFile(seed: number, index: number): CorpusFile {
  const r = new Rng((seed * 0x2545f491 + index * 0x9e3779b9) >>> 0);
  const style = r.int(4);
  const callee = ['ImageSpec', 'ImageSpec', 'fl.ImageSpec', 'union.ImageSpec'][style];
  const head = [
    `"""Pipeline ${index}: ${r.pick(['training', 'feature engineering', 'batch scoring', 'evaluation', 'ingestion'])} workflow."""`,
    'import os',
    'from dataclasses import dataclass',
    'from typing import List, Optional',
    '',
    ['from flytekit import ImageSpec, Resources, task, workflow', 'from flytekit import ImageSpec, Resources, task, workflow', 'import flytekit as fl\nfrom flytekit import Resources, task, workflow', 'import union\nfrom flytekit import Resources, task, workflow'][style],
    '',
    `REGISTRY = os.getenv("IMAGE_REGISTRY", "${r.pick(['ghcr.io/acme', 'us-central1-docker.pkg.dev/acme-ml/images', 'localhost:30000', 'us-east1-docker.pkg.dev/acme-ml'])}")`,
    `PYTHON = "${r.pick(['3.10', '3.11', '3.12'])}"`,
    '',
  ];
  const pkgs = ['pandas==2.2.2', 'numpy', 'scikit-learn', 'pyarrow', 'torch==2.3.0', 'xgboost', 'polars', 'requests'];
  const specs: string[] = [];
  const nSpecs = r.range(1, 3);
  for (let i = 0; i < nSpecs; i++) {
    const name = i === 0 ? 'base_image' : `image_${i}`;
    const fields = [
      `    name="${r.pick(['trainer', 'scorer', 'etl', 'eval'])}-${index}-${i}",`,
      r.chance(0.9) ? '    registry=REGISTRY,' : `    registry="${r.pick(['ghcr.io/Acme', 'us-east1-docker.pkg.dev/acme', 'docker.io/acme'])}",`,
      '    python_version=PYTHON,',
      `    packages=[${r.shuffle(pkgs).slice(0, r.range(1, 4)).map((p) => JSON.stringify(p)).join(', ')}],`,
    ];
    if (r.chance(0.4)) fields.push(`    apt_packages=["git", "curl"],`);
    if (r.chance(0.2)) fields.push(`    env={"PYTHONUNBUFFERED": "1"},`);
    if (r.chance(0.1)) fields.push(`    pakages=["typo"],`);
    if (i > 0 && r.chance(0.5)) fields.push('    base_image=base_image,');
    let decl = `${name} = ${callee}(\n${fields.join('\n')}\n)`;
    if (r.chance(0.3)) decl += `.with_commands(["pip install -e ."])`;
    specs.push(decl, '');
  }
  const body: string[] = [
    '',
    '@dataclass',
    'class Params:',
    '    learning_rate: float = 0.01',
    '    epochs: int = 10',
    '    columns: Optional[List[str]] = None',
    '',
  ];
  const nTasks = r.range(2, 5);
  const taskNames: string[] = [];
  for (let t = 0; t < nTasks; t++) {
    const tn = `step_${t}`;
    taskNames.push(tn);
    const img = t < nSpecs ? (t === 0 ? 'base_image' : `image_${t}`) : 'base_image';
    body.push(
      `@task(container_image=${img}, requests=Resources(cpu="${r.range(1, 4)}", mem="${r.range(1, 8)}Gi"))`,
      `def ${tn}(data: List[float], params: Params) -> List[float]:`,
      `    """Step ${t}: scale and clip the data."""`,
      '    out = []',
      '    for i, x in enumerate(data):',
      `        if x > ${r.range(10, 100)}:`,
      '            x = x / params.epochs',
      '        out.append(x * params.learning_rate + i)',
      `    total = sum(out) / max(len(out), 1)`,
      `    print(f"${tn}: mean={total:.3f} n={len(out)}")`,
      '    return out',
      '',
    );
  }
  body.push(
    '',
    '@workflow',
    `def pipeline(data: List[float] = [1.0, 2.0, 3.0]) -> List[float]:`,
    '    params = Params()',
    ...taskNames.map((tn, i) => `    data = ${tn}(data=data, params=params)${i === 0 ? '  # first step' : ''}`),
    '    return data',
    '',
    '',
    'if __name__ == "__main__":',
    '    print(pipeline())',
    '',
  );
  const text = [...head, ...specs, ...body].join('\n');
  return { name: `workflow_${String(index).padStart(3, '0')}.py`, bytes: Buffer.from(text, 'utf8') };
}

export function generateWorkflowCorpus(count: number, seed = 20240601): CorpusFile[] {
  return Array.from({ length: count }, (_, i) => generateWorkflowFile(seed, i));
}
