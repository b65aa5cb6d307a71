// Which fields and what counts as wrong come from the field table
// (server/flytekit/fields.ts: kind `strList`, `checkedStrList`, checkKind);
// only the checked fields demand a list, the others accept any sequence of
// strings.

import { field, type FieldArg, type ImageDecl, type StrValue, type Value } from '../server/model/decl';
import type { Fix, OfflineRule, RuleFinding } from '../server/engine/types';
import { literalFor, renameKeyword, shown } from '../server/engine/ruleKit';
import { checkKind, fieldInfo, LOCK_FILE_NAMES, type FieldInfo } from '../server/flytekit/fields';
import { flytekitNote } from './shared/sdkRange';
import { flytekitOf } from './shared/project';
import { whenRaised } from './shared/raisedAt';
import { behaviourFor, newestBehaviour, type Behaviour } from '../server/flytekit/versions';

/** A path that names a requirements or lock file rather than a package. */
function looksLikeRequirementsFile(s: string): boolean {
  const base = s.trim().split(/[\\/]/).pop() ?? '';
  return /\.(txt|in)$/i.test(base) || LOCK_FILE_NAMES.includes(base);
}

function kindName(decl: ImageDecl, v: Value): string {
  switch (v.kind) {
    case 'num':
      return `the number ${v.text}`;
    case 'bool':
      return decl.source === 'yaml' ? `the boolean ${v.value}` : `the boolean ${v.value ? 'True' : 'False'}`;
    case 'none':
      return decl.source === 'yaml' ? 'null' : 'None';
    case 'list':
      return v.form === 'tuple' ? 'a tuple' : v.form === 'set' ? 'a set' : 'a list';
    case 'dict':
      return 'a dict';
    case 'spec':
      return 'an ImageSpec';
    case 'str':
      return `the string ${shown(v)}`;
    default:
      return 'a value';
  }
}

function failure(decl: ImageDecl, info: FieldInfo): string {
  return info.checkedStrList
    ? `ImageSpec raises ValueError ("${info.name} must be a list of strings or None") ${whenRaised(decl)}`
    : `flytekit iterates it expecting strings, so the build fails`;
}

/** `[value]` in the declaration's syntax, keeping the value's own source text where that is valid inside brackets. */
function wrapped(decl: ImageDecl, v: StrValue, src: string): string | undefined {
  if (decl.source === 'python') return `[${src}]`;
  if (v.range.start.line !== v.range.end.line) return undefined;
  if (v.origin?.quote) return `[${src}]`;
  return `[${literalFor(decl, v.value)}]`;
}

function bareString(decl: ImageDecl, f: FieldArg, info: FieldInfo, v: StrValue, src: string): RuleFinding {
  const fixes: Fix[] = [];
  const asRequirements = info.name === 'packages' && looksLikeRequirementsFile(v.value) && !field(decl, 'requirements') && !f.positional;
  if (asRequirements) {
    fixes.push({ title: `Use \`requirements=\` for the file`, edits: [renameKeyword(f, 'requirements')], preferred: true, safe: true });
  }
  const wrap = wrapped(decl, v, src);
  if (wrap) {
    fixes.push({
      title: 'Wrap in a list',
      edits: [{ range: v.range, newText: wrap }],
      preferred: !asRequirements,
      // A file path wrapped as a package is installed as a package named like the file: not the intent.
      safe: !asRequirements && !looksLikeRequirementsFile(v.value),
    });
  }
  const hint = asRequirements
    ? `. ${shown(v)} looks like a requirements file: pass it as \`requirements=\``
    : `; wrap it in a list: ${wrap ?? `[${JSON.stringify(v.value)}]`}`;
  return {
    range: v.range,
    message: `\`${info.name}\` takes a list of strings, not the string ${shown(v)}: ${failure(decl, info)}${hint}`,
    fixes,
  };
}

function tupleToList(v: Value, src: string): Fix | undefined {
  if (v.kind !== 'list' || (v.form !== 'tuple' && v.form !== 'set')) return undefined;
  const open = v.form === 'tuple' ? '(' : '{';
  const close = v.form === 'tuple' ? ')' : '}';
  if (!src.startsWith(open) || !src.endsWith(close)) return undefined;
  const { start, end } = v.range;
  return {
    title: 'Make it a list',
    edits: [
      { range: { start, end: { line: start.line, character: start.character + 1 } }, newText: '[' },
      { range: { start: { line: end.line, character: end.character - 1 }, end }, newText: ']' },
    ],
    preferred: true,
    safe: v.form === 'tuple',
  };
}

/** What the project's flytekit release checks in __post_init__ (the newest read when the release is not known). */
function behaviourOf(decl: ImageDecl, ctx: Parameters<OfflineRule['check']>[1]): Behaviour {
  const v = flytekitOf(ctx, decl.file).version;
  const b = v ? behaviourFor(v) : undefined;
  return b?.ok ? b.behaviour : newestBehaviour();
}

const PAIRS_ERROR = 'ImageSpec raises ValueError ("pip_secret_mounts must be a list of tuples of two strings or None")';

/** `pip_secret_mounts`: a list of (str, str) tuples, as flytekit checks from 1.15.0 on. */
function secretMounts(decl: ImageDecl, f: FieldArg, src: (v: Value) => string): RuleFinding[] {
  const v = f.value;
  const r = checkKind(fieldInfo('pip_secret_mounts')!, v);
  if (r.ok !== false) return [];
  const when = whenRaised(decl);
  if (decl.source === 'yaml') {
    // yaml.safe_load gives lists, never tuples: no YAML value passes.
    return [
      {
        range: v.range,
        message: `\`pip_secret_mounts\` takes a list of (str, str) tuples, and YAML has no tuples (flytekit reads the file with yaml.safe_load, which gives lists): ${PAIRS_ERROR} ${when}. Set it on an ImageSpec in Python instead`,
      },
    ];
  }
  if (r.problem === 'badPair') {
    const item = r.value;
    const pair = item.kind === 'list' && item.form !== 'tuple' && item.items.length === 2 && item.items.every((x) => x.kind === 'str' || x.kind === 'unknown');
    const text = src(item);
    const fixes: Fix[] = [];
    if (pair && text.startsWith('[') && text.endsWith(']')) {
      const { start, end } = item.range;
      fixes.push({
        title: 'Make it a tuple',
        edits: [
          { range: { start, end: { line: start.line, character: start.character + 1 } }, newText: '(' },
          { range: { start: { line: end.line, character: end.character - 1 }, end }, newText: ')' },
        ],
        preferred: true,
        safe: true,
      });
    }
    return [
      {
        range: item.range,
        message: pair
          ? `\`pip_secret_mounts\` takes (local path, mount path) tuples, but this item is a list: ${PAIRS_ERROR} ${when}; write it as a tuple (${text.slice(1, -1)})`
          : `\`pip_secret_mounts\` takes (str, str) tuples, but this item is ${kindName(decl, item)}${item.kind === 'list' ? ` of ${item.items.length}` : ''}: ${PAIRS_ERROR} ${when}`,
        fixes,
      },
    ];
  }
  // One (local, mount) tuple given alone: the list around it is missing.
  const onePair = v.kind === 'list' && v.form === 'tuple' && v.items.length === 2 && v.items.every((x) => x.kind === 'str');
  const text = src(v);
  const fixes: Fix[] = onePair && text.startsWith('(') ? [{ title: 'Wrap in a list', edits: [{ range: v.range, newText: `[${text}]` }], preferred: true, safe: true }] : [];
  return [
    {
      range: v.range,
      message: `\`pip_secret_mounts\` takes a list of (str, str) tuples, not ${kindName(decl, v)}: ${PAIRS_ERROR} ${when}${onePair ? `; wrap it in a list: [${text}]` : ''}`,
      fixes,
    },
  ];
}

/** `builder_options`: a dict, as flytekit checks from 1.15.4 on. */
function builderOptions(decl: ImageDecl, f: FieldArg): RuleFinding[] {
  const v = f.value;
  if (v.kind === 'dict' || v.kind === 'none' || v.kind === 'unknown') return [];
  const when = whenRaised(decl);
  return [
    {
      range: v.range,
      message: `\`builder_options\` takes a dict of options, not ${kindName(decl, v)}: ImageSpec raises ValueError ("builder_options must be a dictionary or None") ${when}`,
    },
  ];
}

export const rule: OfflineRule = {
  code: 'IS502',
  name: 'list-field-type',
  severity: 'error',
  summary: 'List-of-strings field given a string (`packages="requirements.txt"`), a non-list or a non-string item; `pip_secret_mounts` items that are not (str, str) tuples, `builder_options` that is not a dict',
  docs: {
    whatItDoes: 'Reports a list-of-strings field (`packages`, `apt_packages`, `conda_packages`, `conda_channels`, `pip_extra_index_url`, `entrypoint`, `commands`, `copy`, `runtime_packages`) given a bare string, a non-list or a list with a non-string item. `packages="requirements.txt"` is the classic: the file belongs in `requirements=`. Also what `__post_init__` checks in the project\'s flytekit release: `pip_secret_mounts` must be a list of (str, str) tuples (1.15.0 on; `[["a", "b"]]` is a list of lists, and a YAML spec cannot express tuples at all) and `builder_options` a dict (1.15.4 on).',
    runtimeError: { when: 'import', error: '`ValueError: packages must be a list of strings or None` (`pip_secret_mounts must be a list of tuples of two strings or None`, `builder_options must be a dictionary or None`) when the ImageSpec is created; `copy` and `runtime_packages` are read character by character and the build fails' },
    why:
      '`packages`, `apt_packages`, `conda_packages`, `conda_channels`, `pip_extra_index_url`, `entrypoint` and `commands` must be lists of strings: anything else makes `ImageSpec(...)` raise `ValueError: packages must be a list of strings or None` when the module is imported (a tuple too). `copy` and `runtime_packages` are lists as well; a string there is read character by character. The most common case is `packages="requirements.txt"`, which belongs in `requirements=`.',
    example: 'image = ImageSpec(name="etl", packages="requirements.txt", apt_packages="git")',
    fixed: 'image = ImageSpec(name="etl", requirements="requirements.txt", apt_packages=["git"])',
  },
  fixSafety: { kind: 'mixed', note: 'Wrapping a package name in a list and turning a tuple into a list are safe; moving a file name to `requirements=` is safe; wrapping a file name as a package is not. Turning a `pip_secret_mounts` pair written as a list into a tuple, or wrapping a lone tuple in a list, is safe.' },
  appliesTo: [flytekitNote('ImageSpec checks the list fields', (b) => b.strLists.length > 0, 'before {since}, a string is iterated character by character')],
  check(decl, ctx) {
    const out: RuleFinding[] = [];
    const lines = ctx.lines;
    let release: Behaviour | undefined;
    for (const f of decl.fields) {
      const info = fieldInfo(f.name);
      if (f.name === 'pip_secret_mounts' || f.name === 'builder_options') {
        // Checked by __post_init__ only from the release that added the check (the project's flytekit).
        release ??= behaviourOf(decl, ctx);
        if (f.name === 'pip_secret_mounts' && release.validatesPipSecretMounts) out.push(...secretMounts(decl, f, (v) => lines.slice(v.range)));
        if (f.name === 'builder_options' && release.validatesBuilderOptions) out.push(...builderOptions(decl, f));
        continue;
      }
      if (!info || info.kind !== 'strList') continue;
      const r = checkKind(info, f.value);
      if (r.ok !== false) continue;
      const src = lines.slice(f.value.range);
      switch (r.problem) {
        case 'bareString':
          out.push(bareString(decl, f, info, f.value as StrValue, src));
          break;
        case 'notList': {
          const v = f.value;
          const seq = v.kind === 'list';
          // Only the checked fields demand a list; the others accept any sequence of strings.
          if (seq && !info.checkedStrList) break;
          const fix = tupleToList(v, src);
          out.push({
            range: v.range,
            message: `\`${info.name}\` takes a list of strings, not ${kindName(decl, v)}: ${failure(decl, info)}${seq ? '; use a list [...]' : ''}`,
            fixes: fix ? [fix] : [],
          });
          break;
        }
        case 'nonStringItem': {
          const item = r.value;
          out.push({
            range: item.range,
            message: `\`${info.name}\` takes a list of strings, but this item is ${kindName(decl, item)}: ${failure(decl, info)}. Quote it or remove it`,
          });
          break;
        }
        default:
          break;
      }
    }
    return out;
  },
};
