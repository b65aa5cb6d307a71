// A nested `base_image=ImageSpec(...)` is checked as its own declaration;
// an empty string is falsy, so flytekit uses its default base image and it
// is not reported.

import { fieldStr } from '../server/model/decl';
import type { OfflineRule } from '../server/engine/types';
import { shown, strSubRange } from '../server/engine/ruleKit';
import { parseImageRef } from '../server/model/imageRef';

export const rule: OfflineRule = {
  code: 'IS507',
  name: 'base-image-invalid',
  severity: 'error',
  summary: '`base_image` string is not a valid image reference',
  docs: {
    whatItDoes: 'Reports a `base_image` string that is not a valid image reference, `[HOST[:PORT]/]PATH[:TAG][@DIGEST]` (the path is lowercase: flytekit does not lowercase `base_image`).',
    runtimeError: { when: 'build', error: 'the default builder writes `FROM <base_image>` and the build fails with "invalid reference format"; the noop builder registers the task with it as the image' },
    why:
      'The default builder starts the generated Dockerfile with `FROM <base_image>`, and the noop builder uses the string as the task\'s image. An image reference is `[HOST[:PORT]/]PATH[:TAG][@sha256:DIGEST]`: the path is lowercase (flytekit does not lowercase `base_image`), the tag is at most 128 letters, digits, `_`, `.` or `-`, and there is no `https://`. Anything else fails the build with "invalid reference format".',
    example: 'image = ImageSpec(name="etl", base_image="python:3.11 slim")',
    fixed: 'image = ImageSpec(name="etl", base_image="python:3.11-slim")',
  },
  fixSafety: { kind: 'none' },
  appliesTo: [{ sdk: 'flytekit' }],
  check(decl, ctx) {
    const v = fieldStr(decl, 'base_image');
    if (!v || v.value === '') return [];
    const { problem } = parseImageRef(v.value);
    if (!problem) return [];
    const range = problem.end > problem.start ? strSubRange(v, problem.start, problem.end, ctx.lines) : v.range;
    return [
      {
        range,
        message: `base_image ${shown(v)} is not a valid image reference: ${problem.message}. The build fails with "invalid reference format"; write it as [HOST/]PATH[:TAG][@DIGEST], e.g. "python:3.11-slim"`,
      },
    ];
  },
};
