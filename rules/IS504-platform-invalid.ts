// Case and containerd's architecture aliases (`x86_64`, `aarch64`, `armhf`)
// are normalized by buildx and accepted (canonicalPlatform).

import { fieldStr, type ImageDecl, type StrValue } from '../server/model/decl';
import type { LineIndex } from '../server/model/position';
import type { Fix, OfflineRule, RuleFinding } from '../server/engine/types';
import { closest, shown, strFix, strSubRange } from '../server/engine/ruleKit';
import { DEFAULT_PLATFORM } from '../server/flytekit/fields';

/** The platforms buildx builds container images for (docker buildx ls, containerd's known values). */
const KNOWN_PLATFORMS: readonly string[] = [
  'linux/amd64',
  'linux/arm64',
  'linux/arm64/v8',
  'linux/arm/v7',
  'linux/arm/v6',
  'linux/arm/v5',
  'linux/arm',
  'linux/386',
  'linux/ppc64le',
  'linux/ppc64',
  'linux/s390x',
  'linux/riscv64',
  'linux/mips64le',
  'linux/mips64',
  'linux/loong64',
  'linux/amd64/v2',
  'linux/amd64/v3',
  'linux/amd64/v4',
  'windows/amd64',
  'windows/arm64',
];

/** containerd's architecture aliases (normalizeArch): alias -> [arch, variant]. */
const ARCH_ALIASES: Record<string, [string, string?]> = {
  x86_64: ['amd64'],
  'x86-64': ['amd64'],
  aarch64: ['arm64'],
  armhf: ['arm', 'v7'],
  armel: ['arm', 'v6'],
  i386: ['386'],
};

const KNOWN_OS = [...new Set(KNOWN_PLATFORMS.map((p) => p.split('/')[0]))];
const KNOWN_ARCH = [...new Set(KNOWN_PLATFORMS.map((p) => p.split('/')[1]))];

/** The canonical form of an item when buildx accepts it, else undefined. */
export function canonicalPlatform(item: string): string | undefined {
  const parts = item.toLowerCase().split('/');
  if (parts.length < 2 || parts.length > 3) return undefined;
  const os = parts[0];
  let [, arch, variant] = parts;
  const alias = ARCH_ALIASES[arch];
  if (alias) {
    if (variant !== undefined && alias[1] !== undefined) return undefined;
    arch = alias[0];
    variant = variant ?? alias[1];
  }
  if (os === 'macos') return undefined;
  const p = variant !== undefined ? `${os}/${arch}/${variant}` : `${os}/${arch}`;
  return KNOWN_PLATFORMS.includes(p) ? p : undefined;
}

interface Item {
  text: string;
  start: number;
}

function splitItems(s: string): Item[] {
  const out: Item[] = [];
  let start = 0;
  for (const text of s.split(',')) {
    out.push({ text, start });
    start += text.length + 1;
  }
  return out;
}

/** Replacement candidates for an unknown item, best first. */
function suggestions(item: string): string[] {
  const t = item.trim().toLowerCase();
  const parts = t.split('/');
  if (parts.length === 1) {
    const arch = ARCH_ALIASES[t]?.[0] ?? t;
    if (KNOWN_ARCH.includes(arch)) return [canonicalPlatform(`linux/${t}`) ?? `linux/${arch}`];
    if (KNOWN_OS.includes(t)) return KNOWN_PLATFORMS.filter((p) => p.startsWith(`${t}/`)).slice(0, 2);
  }
  if (parts[0] === 'darwin' || parts[0] === 'macos' || parts[0] === 'mac') {
    const linux = canonicalPlatform(['linux', ...parts.slice(1)].join('/'));
    if (linux) return [linux];
  }
  return closest(t, KNOWN_PLATFORMS, Math.max(2, Math.floor(t.length / 4)));
}

/** What is wrong with an item and what it leads to. */
function describeProblem(item: string): string {
  const t = item.trim();
  const parts = t.toLowerCase().split('/');
  if (parts[0] === 'darwin' || parts[0] === 'macos') return `\`${t}\` is not a container platform: images run on Linux nodes (Apple silicon is linux/arm64)`;
  if (parts.length === 1) {
    const arch = ARCH_ALIASES[parts[0]]?.[0] ?? parts[0];
    if (KNOWN_ARCH.includes(arch)) return `\`${t}\` has no OS, so buildx takes the client's (darwin on a Mac) and the image may not run on the cluster`;
    if (KNOWN_OS.includes(parts[0])) return `\`${t}\` has no architecture, so the build fails`;
  }
  if (parts.length > 3) return `\`${t}\` has more parts than os/arch/variant, so the build fails`;
  return `\`${t}\` is not a platform buildx builds images for, so the build fails`;
}

export const rule: OfflineRule = {
  code: 'IS504',
  name: 'platform-invalid',
  severity: 'error',
  summary: '`platform` is not comma-separated `os/arch[/variant]` items of known values',
  docs: {
    whatItDoes: 'Reports a `platform` that is not a comma-separated list of `os/arch[/variant]` items docker buildx builds for: spaces around items, empty items, a bare architecture (the OS would be the client\'s, `darwin` on a Mac), `darwin`/`macos`, and unknown values.',
    runtimeError: { when: 'build', error: 'flytekit passes it to `docker image build --platform` as is: the build fails, or produces an image the cluster\'s nodes cannot run' },
    why:
      'flytekit passes `platform` to `docker image build --platform` as is. buildx splits it on commas and needs each item as `os/arch[/variant]` of known values: `linux/amd64`, `linux/arm64`, `linux/arm/v7`, `linux/386`, `linux/ppc64le`, `linux/s390x`, `linux/riscv64`, `windows/amd64`, ... Spaces after the comma, empty items, a bare architecture (which takes the client\'s OS, `darwin` on a Mac) and unknown values fail the build or produce an image the cluster cannot run.',
    example: 'image = ImageSpec(name="etl", platform="linux/amd64, linux/arm46")',
    fixed: 'image = ImageSpec(name="etl", platform="linux/amd64,linux/arm64")',
  },
  fixSafety: { kind: 'mixed', note: 'Removing whitespace and empty items is safe; a suggested platform is a guess.' },
  appliesTo: [{ sdk: 'flytekit' }],
  check(decl, ctx) {
    const v = fieldStr(decl, 'platform');
    if (!v) return [];
    if (v.value === '') {
      const fix = strFix(decl, v, DEFAULT_PLATFORM, `Use \`${DEFAULT_PLATFORM}\``, { preferred: true, safe: false });
      return [
        {
          range: v.range,
          message: `platform is empty: \`docker image build --platform ""\` fails. Use \`${DEFAULT_PLATFORM}\` (flytekit's default), or remove the argument`,
          fixes: fix ? [fix] : [],
        },
      ];
    }
    const items = splitItems(v.value);
    const out: RuleFinding[] = [];
    for (let i = 0; i < items.length; i++) {
      const it = items[i];
      const trimmed = it.text.trim();
      if (trimmed === '') {
        // An empty item: underline its comma (the one before it, or after it for the first).
        const comma = i > 0 ? it.start - 1 : it.start + it.text.length;
        const rest = items.filter((_, j) => j !== i).map((x) => x.text.trim());
        out.push(finding(decl, v, ctx.lines, comma, comma + 1, `platform ${shown(v)} has an empty item: buildx rejects it`, [[rest.join(','), 'Remove the empty item', true]]));
        continue;
      }
      const lead = it.text.length - it.text.trimStart().length;
      const canon = canonicalPlatform(trimmed);
      const replace = (to: string) => items.map((x, j) => (j === i ? to : x.text.trim())).filter((x) => x !== '').join(',');
      if (canon) {
        if (trimmed !== it.text) {
          const wsStart = lead > 0 ? it.start : it.start + lead + trimmed.length;
          const wsEnd = lead > 0 ? it.start + lead : it.start + it.text.length;
          out.push(
            finding(decl, v, ctx.lines, wsStart, wsEnd, `platform ${shown(v)} has whitespace around \`${trimmed}\`: buildx does not trim items and rejects the platform. Remove the spaces`, [
              [replace(trimmed), 'Remove the spaces', true],
            ]),
          );
        }
        continue;
      }
      const cands = suggestions(trimmed);
      out.push(
        finding(
          decl,
          v,
          ctx.lines,
          it.start + lead,
          it.start + lead + trimmed.length,
          `platform ${shown(v)}: ${describeProblem(trimmed)}` + (cands.length ? `; did you mean \`${cands[0]}\`?` : `. Known platforms: ${KNOWN_PLATFORMS.slice(0, 8).join(', ')}, ...`),
          cands.slice(0, 3).map((c) => [replace(c), `Use \`${c}\``]),
        ),
      );
    }
    return out;
  },
};

function finding(
  decl: ImageDecl,
  v: StrValue,
  lines: LineIndex,
  start: number,
  end: number,
  message: string,
  /** [new value, title, safe]: only whitespace and empty-item removal cannot change intent. */
  fixes: Array<[string, string, boolean?]>,
): RuleFinding {
  const made = fixes
    .map(([value, title, safe], i) => strFix(decl, v, value, title, { preferred: i === 0, safe: safe ?? false }))
    .filter((f): f is Fix => f !== undefined);
  return { range: strSubRange(v, start, end, lines), message, fixes: made };
}
