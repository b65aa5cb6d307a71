// Each path alone is fine (IS401/IS404/IS405 stay silent: it resolves from
// some candidate folder); together they name no folder. Paths found from no
// folder are the other rules' findings, and a pinned `workdir` leaves one
// candidate, so this rule is silent then. Reported once per spec, on the
// later path of the first pair that shares no folder.

import { describeOrigin, type ImageDecl } from '../server/model/decl';
import type { OfflineRule, RuleContext, RuleFinding } from '../server/engine/types';
import { listText } from '../server/project/workdir';
import { displayPath, findPath, workingFoldersOf } from './shared/projectPaths';
import { specPaths, type SpecPath } from './shared/specPaths';

function label(p: SpecPath): string {
  return p.field === 'copy' ? 'copy entry' : `\`${p.field}\``;
}

function folders(ctx: RuleContext, list: string[]): string {
  return listText(list.map((f) => displayPath(ctx, f)));
}

export const rule: OfflineRule = {
  code: 'IS407',
  name: 'paths-from-different-folders',
  severity: 'warning',
  summary: 'Two relative paths of one spec resolve only from different working folders',
  docs: {
    whatItDoes:
      'Reports two relative paths of one spec (`requirements`, `source_root`, `copy` entries) that each exist from some folder pyflyte may run in (the declaring file\'s own folder up to the project root) but share none: wherever pyflyte runs, one of them is missing. Silent when config `workdir` pins the folder (then IS401/IS404/IS405 judge each path there) and for paths found from no folder (their own rules report them).',
    runtimeError: { when: 'tag', error: 'whichever folder pyflyte runs in, one path is missing: `FileNotFoundError` for `requirements`, a failed copy, or no code in the image for `source_root`' },
    why:
      'flytekit opens every relative path of a spec against the one folder pyflyte runs in. When `requirements` exists only next to the module and `source_root` only from the project root, running from either folder loses the other path. Write both relative to the folder you run pyflyte in (and pin it with config `workdir`).',
    example: '# examples/etl/workflow.py, with examples/etl/requirements.txt and src/ at the project root\nimage = ImageSpec(name="etl", requirements="requirements.txt", source_root="src")',
    fixed: '# run pyflyte from the project root\nimage = ImageSpec(name="etl", requirements="examples/etl/requirements.txt", source_root="src")',
  },
  fixSafety: { kind: 'none', note: 'Which folder pyflyte runs in is the user\'s choice.' },
  configKeys: ['workdir'],
  appliesTo: [{ sdk: 'flytekit' }],
  check(decl: ImageDecl, ctx: RuleContext): RuleFinding[] {
    if (workingFoldersOf(ctx, decl.file).folders.length < 2) return [];
    const seen: { p: SpecPath; from: string[] }[] = [];
    for (const p of specPaths(decl)) {
      const l = findPath(ctx, decl.file, p.value.value, p.want);
      if (l.absolute || l.foundInAll.length === 0) continue;
      for (const s of seen) {
        if (s.from.some((f) => l.foundInAll.includes(f))) continue;
        return [
          {
            range: p.value.range,
            message:
              `${label(p)} \`${p.value.value}\`${describeOrigin(p.value)} exists only from ${folders(ctx, l.foundInAll)}, but ${label(s.p)} \`${s.p.value.value}\` only from ${folders(ctx, s.from)}: ` +
              'pyflyte opens both from the one folder it runs in, so one of them is missing wherever it runs. Write both relative to the folder you run pyflyte in, and pin it with config `workdir`',
          },
        ];
      }
      seen.push({ p, from: l.foundInAll });
    }
    return [];
  },
};
