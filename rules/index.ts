// The rule set: every rule, in code order. The front ends (CLI, language
// server) import this module and hand `ruleSet` to the engine; nothing else
// does. Adding a rule = adding its file and one line here; the catalog test
// fails when a published code has no entry.

import type { Rule, RuleContext, RuleMeta, RuleSet } from '../server/engine/types';
import { rule as IS000 } from './IS000-unused-suppression';
import { rule as IS101 } from './IS101-registry-invalid';
import { rule as IS102 } from './IS102-uppercase-registry-or-name';
import { rule as IS103 } from './IS103-gar-repository-missing';
import { rule as IS104 } from './IS104-gar-location-unknown';
import { rule as IS105 } from './IS105-gar-host-format';
import { rule as IS106 } from './IS106-gar-invalid-id';
import { rule as IS107 } from './IS107-gcr-host';
import { rule as IS108 } from './IS108-registry-malformed';
import { rule as IS109 } from './IS109-registry-missing';
import { rule as IS201 } from './IS201-gar-repository-not-found';
import { rule as IS202 } from './IS202-gar-repository-not-docker';
import { rule as IS203 } from './IS203-gar-repository-not-standard';
import { rule as IS204 } from './IS204-gar-upload-denied';
import { rule as IS205 } from './IS205-gar-repository-unchecked';
import { rule as IS501 } from './IS501-unknown-keyword';
import { rule as IS301 } from './IS301-gar-region-mismatch';
import { rule as IS302 } from './IS302-gar-project-mismatch';
import { rule as IS401 } from './IS401-requirements-missing';
import { rule as IS402 } from './IS402-lock-without-pyproject';
import { rule as IS403 } from './IS403-lock-with-packages';
import { rule as IS404 } from './IS404-copy-path';
import { rule as IS405 } from './IS405-source-root-missing';
import { rule as IS407 } from './IS407-paths-from-different-folders';
import { rule as IS502 } from './IS502-list-field-type';
import { rule as IS503 } from './IS503-image-name-invalid';
import { rule as IS504 } from './IS504-platform-invalid';
import { rule as IS505 } from './IS505-tag-format';
import { rule as IS506 } from './IS506-cuda-default-builder';
import { rule as IS507 } from './IS507-base-image-invalid';
import { rule as IS508 } from './IS508-conda-with-python-exec';
import { rule as IS509 } from './IS509-env-whitespace';
import { rule as IS510 } from './IS510-force-push-not-last';
import { rule as IS511 } from './IS511-unknown-builder';
import { rule as IS512 } from './IS512-python-version';
import { rule as IS513 } from './IS513-builder-ignores-field';
import { rule as IS601 } from './IS601-push-credentials';
import { rule as IS406 } from './IS406-flyte-file-missing';
import { rule as IS701 } from './IS701-layer-on-non-extendable';
import { rule as IS702 } from './IS702-layer-on-nameless';
import { rule as IS703 } from './IS703-list-argument';
import { rule as IS704 } from './IS704-platform-string';
import { rule as IS705 } from './IS705-python-version';
import { rule as IS706 } from './IS706-str-for-path';
import { rule as IS707 } from './IS707-wrong-file-kind';
import { rule as IS708 } from './IS708-run-prefix';
import { rule as IS709 } from './IS709-registry-secret-dropped';
import { rule as IS710 } from './IS710-uv-script-python';
import { rule as IS711 } from './IS711-unknown-image-ref';
import { rule as IS712 } from './IS712-dockerfile-remote-builder';
import { rule as IS713 } from './IS713-environment-image-type';
import { compareText } from '../server/model/compare';
import type { Flyte2Decl } from '../server/model/decl';
import { flyteSettingsOf } from './shared/flyte2';
import { withFlyte2 } from './shared/flyte2Family';

// The shared families also judge Flyte 2 images (rules/shared/flyte2Family.ts):
// `gar` rules read the repository path from `registry`; IS601 only with the
// local builder, which pushes with this machine's Docker client.
const local = (decl: Flyte2Decl, ctx: RuleContext) => flyteSettingsOf(ctx, decl.file).config.builder === 'local';

const rules: Rule[] = [
  IS101,
  IS102,
  withFlyte2(IS103, { gar: true }),
  withFlyte2(IS104, { gar: true }),
  withFlyte2(IS105, { gar: true }),
  withFlyte2(IS106, { gar: true }),
  withFlyte2(IS107, { gar: true }),
  withFlyte2(IS108),
  IS109,
  withFlyte2(IS201, { gar: true }),
  withFlyte2(IS202, { gar: true }),
  withFlyte2(IS203, { gar: true }),
  withFlyte2(IS204, { gar: true }),
  withFlyte2(IS205, { gar: true }),
  IS501,
  withFlyte2(IS301, { gar: true }),
  withFlyte2(IS302, { gar: true }),
  IS401,
  IS402,
  IS403,
  IS404,
  IS405,
  IS407,
  IS502,
  IS503,
  IS504,
  IS505,
  IS506,
  IS507,
  IS508,
  IS509,
  IS510,
  IS511,
  IS512,
  IS513,
  withFlyte2(IS601, { gate: local }),
  IS406,
  IS701,
  IS702,
  IS703,
  IS704,
  IS705,
  IS706,
  IS707,
  IS708,
  IS709,
  IS710,
  IS711,
  IS712,
  IS713,
].sort((a, b) => compareText(a.code, b.code));

/** What the engine runs: the rules, and IS000, which it computes from the suppressions after them. */
export const ruleSet: RuleSet = { rules, unusedSuppression: IS000 };

/** Every rule's metadata, IS000 included, for --list-rules, --explain and SARIF. */
export const catalog: RuleMeta[] = [IS000, ...rules].sort((a, b) => compareText(a.code, b.code));

export function ruleByCode(code: string): RuleMeta | undefined {
  return catalog.find((r) => r.code === code.toUpperCase());
}
