// The local builder writes each command as `RUN {secret mounts} {command}`
// (docker_builder.py:518-526); the remote builder passes the commands to
// the image builder service, which does the same.

import type { Fix, OfflineRule, RuleFinding } from '../server/engine/types';
import { strFix } from '../server/engine/ruleKit';
import type { ArgValue } from '../server/flyte/value';
import type { ImageDecl, Value } from '../server/model/decl';
import type { ArgRef, BoundCall } from './shared/flyteChain';
import { flyteSince, ownBoundCalls } from './shared/flyteView';

const RUN = /^\s*RUN\s+/i;

export interface RunProblem {
  ref: ArgRef;
  /** The index in the commands list; undefined for a single str command. */
  item?: number;
  command: string;
  /** The command without its `RUN ` prefix. */
  fixed: string;
}

export function runProblems(call: BoundCall): RunProblem[] {
  if (call.method !== 'with_commands') return [];
  const given = call.args.get('commands');
  if (!given) return [];
  const v = given.value;
  const items: Array<[ArgValue, number | undefined]> = v.kind === 'list' || v.kind === 'tuple' ? v.items.map((x, i) => [x, i]) : [[v, undefined]];
  const out: RunProblem[] = [];
  for (const [x, i] of items) {
    if (x.kind !== 'str') continue;
    const m = RUN.exec(x.value);
    if (m) out.push({ ref: given.ref, item: i, command: x.value, fixed: x.value.slice(m[0].length) });
  }
  return out;
}

function itemOf(v: Value | undefined, item: number | undefined): Value | undefined {
  if (item === undefined) return v;
  return v?.kind === 'list' ? v.items[item] : undefined;
}

export function dropRunFix(decl: ImageDecl, written: Value | undefined, p: RunProblem): Fix | undefined {
  if (written?.kind !== 'str' || written.value !== p.command) return undefined;
  return strFix(decl, written, p.fixed, 'Drop the `RUN `', { preferred: true, safe: true });
}

export const rule: OfflineRule = {
  code: 'IS708',
  name: 'run-prefix',
  severity: 'warning',
  summary: 'A Flyte 2 `with_commands` command that starts with `RUN `',
  docs: {
    whatItDoes: 'Reports a command passed to `Image.with_commands` that starts with `RUN ` (any case): flyte writes `RUN ` before each command itself.',
    why:
      'The builder turns each command into a Dockerfile line `RUN <command>`, so `"RUN apt-get update"` becomes `RUN RUN apt-get update`, ' +
      'and the shell fails on the command `RUN` (`/bin/sh: RUN: not found`): the image build fails.',
    runtimeError: { when: 'build', error: 'the generated Dockerfile runs `RUN RUN ...`: `/bin/sh: 1: RUN: not found`, the build fails' },
    example: 'image = flyte.Image.from_debian_base(name="etl").with_commands(["RUN apt-get update"])',
    fixed: 'image = flyte.Image.from_debian_base(name="etl").with_commands(["apt-get update"])',
  },
  fixSafety: { kind: 'safe', note: 'Removes only the `RUN ` flyte adds itself; the command runs as intended.' },
  appliesTo: [flyteSince('2.0.0', 'the builders write each command after RUN', 'v2.6.5:src/flyte/_internal/imagebuild/docker_builder.py:518-526')],
  declKinds: ['flyte2'],
  check(decl, ctx) {
    const own = ownBoundCalls(decl, ctx);
    if (!own) return [];
    const { view } = own;
    const out: RuleFinding[] = [];
    for (const call of own.calls) {
      for (const p of runProblems(call)) {
        const written = itemOf(view.argValue(p.ref), p.item);
        const fix = dropRunFix(decl, written, p);
        out.push({
          range: written?.range ?? view.nameRange(call.index),
          message: `The command starts with \`RUN \`, which flyte writes itself: the Dockerfile gets \`RUN ${p.command.trim()}\` and the build fails. Drop the \`RUN \``,
          fixes: fix ? [fix] : [],
        });
      }
    }
    return out;
  },
};
