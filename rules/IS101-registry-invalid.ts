// IS101 owns "is the registry well formed": while it fires, the other
// registry rules stay silent (the gate and the precedence between them are in
// rules/shared/registry.ts). The model's registryProblems names each problem
// with its offsets; this file turns them into words and one underline from
// the first to the last.

import { fieldStr, isFlyte2, type Flyte2Decl } from '../server/model/decl';
import type { Fix, OfflineRule, RuleContext, RuleFinding } from '../server/engine/types';
import { registryView } from './shared/flyte2Family';
import { shown, strFix, strSubRange } from '../server/engine/ruleKit';
import { isValidRegistry, FLYTEKIT_REGISTRY_PATTERN, normalizeRegistry } from '../server/flytekit/fields';
import { registryProblems, type RegistryProblem } from '../server/model/registry';
import { flytekitNote } from './shared/sdkRange';

const QUOTE_CHARS = new Set(['"', "'", '\u2018', '\u2019', '\u201c', '\u201d']);

function strayName(c: string): string {
  if (c === '`') return 'a stray backtick';
  if (QUOTE_CHARS.has(c)) return `a stray quote (\`${c}\`)`;
  return `a stray \`${c}\``;
}

function abbreviate(s: string, max = 24): string {
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

/** What a problem is, in words a user recognises. */
function describe(q: RegistryProblem): string {
  switch (q.kind) {
    case 'scheme':
      return `a scheme (\`${q.text}\`)`;
    case 'whitespace':
      return /^ +$/.test(q.text) ? (q.text.length === 1 ? 'a space' : 'spaces') : 'whitespace';
    case 'stray-char':
      return strayName(q.text);
    case 'trailing-dot':
      return 'a trailing `.`';
    case 'trailing-slash':
      return 'a trailing `/`';
    case 'double-slash':
      return 'an empty path segment (`//`)';
    case 'tag':
      return `a tag (\`${abbreviate(q.text)}\`)`;
    case 'digest':
      return `a digest (\`${abbreviate(q.text)}\`)`;
    case 'bad-port':
      return `a port that is not a number from 1 to 65535 (\`${q.text}\`)`;
    case 'domain-scoped-colon':
      return `a domain-scoped project written with a colon (\`${q.text}\`; image paths write \`${q.text.replace(':', '/')}\`)`;
    case 'empty':
      return 'nothing but whitespace';
  }
}

function listOf(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * Flyte 2 validates no registry: it writes `registry/name:tag` into the
 * build (`docker buildx --tag`), which rejects the reference, so the build
 * fails. Only the problems that make the reference invalid are reported.
 */
function flyteCheck(fdecl: Flyte2Decl, ctx: RuleContext): RuleFinding[] {
  const decl = registryView(fdecl);
  const v = decl && fieldStr(decl, 'registry');
  if (!decl || !v || v.value === '') return [];
  const problems = registryProblems(v.value);
  if (problems.length === 0) return [];
  if (v.value.trim() === '') {
    return [{ range: v.range, message: `\`registry\` ${shown(v)} is only whitespace: Flyte 2 uses it as given, so the image reference it builds is invalid and the build fails. Remove \`registry\` or write the registry to push to` }];
  }
  const what: string[] = [];
  for (const q of problems) {
    const d = describe(q);
    if (!what.includes(d)) what.push(d);
  }
  const start = problems.reduce((m, q) => Math.min(m, q.start), Infinity);
  const end = problems.reduce((m, q) => Math.max(m, q.end), -Infinity);
  const norm = normalizeRegistry(v.value);
  const advice = norm !== undefined && norm !== v.value ? `use \`${norm}\`` : 'a registry is only `HOST[:PORT]/PATH`; remove what does not belong';
  const fixes: Fix[] = [];
  if (norm !== undefined && norm !== v.value) {
    const safe = !problems.some((q) => q.kind === 'tag' || q.kind === 'digest');
    const fix = strFix(decl, v, norm, `Use \`${norm}\``, { preferred: true, safe });
    if (fix) fixes.push(fix);
  }
  return [
    {
      range: strSubRange(v, start, end, ctx.lines),
      message: `\`registry\` ${shown(v)} has ${listOf(what)}: Flyte 2 does not check the registry, so the image reference it builds (\`REGISTRY/NAME:TAG\`) is invalid and the build (\`docker buildx --tag\`) fails; ${advice}`,
      fixes,
    },
  ];
}

export const rule: OfflineRule = {
  code: 'IS101',
  name: 'registry-invalid',
  severity: 'error',
  summary: '`registry` that flytekit rejects or Docker cannot push to (scheme, quotes, trailing `/` or `.`, tag, digest)',
  docs: {
    whatItDoes: 'Reports a `registry` that flytekit\'s own check rejects (it lowercases the value and matches it against its registry pattern), or that the check lets through but Docker cannot push to: a scheme (`https://`), whitespace, a stray quote or backtick, a trailing `/` or `.`, an empty path segment, a tag or digest, a port outside 1-65535, a domain-scoped project written with a colon. The underline covers the offending characters. `None`, `""` and values that cannot be known statically are left alone (no registry is IS109\'s).',
    runtimeError: { when: 'import', error: '`ValueError: Invalid container registry name` when the ImageSpec is created, so the module cannot be imported; a registry the check lets through fails the push on an invalid image name' },
    why:
      'flytekit lowercases `registry` and checks it against `' + FLYTEKIT_REGISTRY_PATTERN + '`; anything else raises ' +
      '`ValueError: Invalid container registry name` when the ImageSpec is created, so the module cannot even be imported. ' +
      'Registries copied from a browser or from Markdown often carry a scheme (`https://`), a trailing `/`, a backtick, quote ' +
      'or period, or a tag: none of these belong in a registry, which is only `HOST[:PORT]/PATH`; flytekit appends ' +
      '`/NAME:TAG` itself. A trailing `.` even passes flytekit\'s check, and then the push fails on an invalid image name.',
    example: 'image = ImageSpec(name="etl", registry="https://us-central1-docker.pkg.dev/my-project/my-repo/")',
    fixed: 'image = ImageSpec(name="etl", registry="us-central1-docker.pkg.dev/my-project/my-repo")',
  },
  fixSafety: { kind: 'mixed', note: 'The fix writes the registry without what does not belong. It is safe unless it drops a tag or digest, which may have been meant as part of the path.' },
  appliesTo: [flytekitNote('flytekit rejects these registries with ValueError', (b) => b.validatesRegistry, 'with older releases the same registries fail when the image is built or pushed')],
  declKinds: ['imagespec', 'flyte2'],
  check(decl, ctx) {
    if (isFlyte2(decl)) return flyteCheck(decl, ctx);
    const v = fieldStr(decl, 'registry');
    // `None`, an unknown value or `""` (falsy: flytekit skips the check and
    // pushes nowhere, IS109's business) are not ours.
    if (!v || v.value === '') return [];
    const flytekitOk = isValidRegistry(v.value);
    const problems = registryProblems(v.value);
    if (flytekitOk && problems.length === 0) return [];

    if (v.value.trim() === '') {
      return [
        {
          range: v.range,
          message: `\`registry\` ${shown(v)} is only whitespace: flytekit checks it (a non-empty string is set) and raises ValueError. Remove \`registry\` or write the registry to push to`,
        },
      ];
    }

    if (problems.length === 0) {
      // flytekit rejects it for a reason the registry model has no name for.
      return [
        {
          range: v.range,
          message: `\`registry\` ${shown(v)} fails flytekit's registry check \`${FLYTEKIT_REGISTRY_PATTERN}\` (after lowercasing), so creating the ImageSpec raises ValueError. Write it as \`HOST[:PORT]/PATH\``,
        },
      ];
    }

    const what: string[] = [];
    for (const q of problems) {
      const d = describe(q);
      if (!what.includes(d)) what.push(d);
    }
    // reduce, not Math.min(...): a long registry can have 100k+ problems.
    const start = problems.reduce((m, q) => Math.min(m, q.start), Infinity);
    const end = problems.reduce((m, q) => Math.max(m, q.end), -Infinity);
    const norm = normalizeRegistry(v.value);
    const consequence = flytekitOk
      ? 'flytekit accepts it, but the image name it builds is invalid and the push fails'
      : decl.source === 'yaml'
        ? 'flytekit rejects it, so `pyflyte run --image` raises ValueError when it creates `ImageSpec(**spec)` from this file'
        : 'flytekit rejects it, so creating the ImageSpec raises ValueError and the module cannot be imported';
    const advice =
      norm !== undefined && norm !== v.value
        ? `use \`${norm}\``
        : 'a registry is only `HOST[:PORT]/PATH`; remove what does not belong';
    const message = `\`registry\` ${shown(v)} has ${listOf(what)}: ${consequence}; ${advice}`;

    const fixes: Fix[] = [];
    if (norm !== undefined && norm !== v.value) {
      // Dropping a tag or digest moves where the image goes only if the user
      // meant it as part of the path: a guess, so not applied by --fix.
      const safe = !problems.some((q) => q.kind === 'tag' || q.kind === 'digest');
      const fix = strFix(decl, v, norm, `Use \`${norm}\``, { preferred: true, safe });
      if (fix) fixes.push(fix);
    }
    const finding: RuleFinding = { range: strSubRange(v, start, end, ctx.lines), message, fixes };
    return [finding];
  },
};
