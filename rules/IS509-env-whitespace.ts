// The noop builder builds nothing, so no Dockerfile is written and no
// finding is made.

import { field } from '../server/model/decl';
import type { OfflineRule, RuleFinding } from '../server/engine/types';
import { describeOrigin } from '../server/model/decl';
import { builderName } from './shared/builder';
import { flytekitSince } from './shared/sdkRange';

function whitespaceName(s: string): string {
  if (/[\r\n]/.test(s)) return 'a line break';
  if (/\t/.test(s)) return 'a tab';
  if (/ /.test(s)) return 'a space';
  return 'whitespace';
}

export const rule: OfflineRule = {
  code: 'IS509',
  name: 'env-whitespace',
  severity: 'warning',
  summary: '`env` value with whitespace (breaks the generated `ENV` line)',
  docs: {
    whatItDoes: 'Reports an `env` value with whitespace. flytekit\'s default builder writes every variable unquoted into one Dockerfile `ENV` instruction, so a space splits the value into a second word without `=`, and a line break ends the instruction early.',
    runtimeError: { when: 'build', error: 'Docker rejects the Dockerfile (`Syntax error - can\'t find = in "world"`), or the variable gets another value' },
    why: 'The default builder joins `env` into a single unquoted Dockerfile instruction, `ENV KEY=value OTHER=value`. A space inside a value starts a new word without `=`, which Docker rejects (`Syntax error - can\'t find = in "world"`); a line break ends the instruction early. Avoid whitespace in values, or set such variables at run time (task `environment=`) instead.',
    example: 'image = ImageSpec(name="etl", env={"GREETING": "hello world"})',
  },
  fixSafety: { kind: 'none' },
  appliesTo: [flytekitSince("flytekit's own default builder, which writes env into one ENV line", (b) => b.defaultBuilder !== undefined)],
  check(decl) {
    // The noop builder builds nothing, so no Dockerfile is written.
    if (builderName(decl) === 'noop') return [];
    const f = field(decl, 'env');
    if (!f || f.value.kind !== 'dict') return [];
    const out: RuleFinding[] = [];
    for (const e of f.value.entries) {
      if (e.value.kind !== 'str' || !/\s/.test(e.value.value)) continue;
      const key = e.key.kind === 'str' ? `\`${e.key.value}\`` : 'this variable';
      out.push({
        range: e.value.range,
        message:
          `The value of ${key} contains ${whitespaceName(e.value.value)}${describeOrigin(e.value)}: flytekit writes env unquoted into one Dockerfile \`ENV\` line, ` +
          'so the build fails or the variable gets a different value. Remove the whitespace, or set the variable at run time (the task\'s `environment=`)',
      });
    }
    return out;
  },
};
