// An empty source_root is judged only when source_copy_mode is unset and
// nothing is hidden in **kwargs: NO_COPY would make it harmless.

import { describeOrigin, fieldStr } from '../server/model/decl';
import type { OfflineRule } from '../server/engine/types';
import { displayPath, findPath, lookedIn } from './shared/projectPaths';

export const rule: OfflineRule = {
  code: 'IS405',
  name: 'source-root-missing',
  severity: 'error',
  summary: '`source_root` does not exist or is not a folder',
  docs: {
    whatItDoes: 'Reports a `source_root` that does not exist or is not a folder (relative to the folder pyflyte runs in: the declaring file\'s own folder, the project root or a folder between them, unless config `workdir` pins one), or that is empty. Setting it turns on copying of the loaded modules, and flytekit lists the folder\'s files for the image tag and the build context.',
    runtimeError: { when: 'task-start', error: 'nothing of your code reaches the image, so the task fails with ModuleNotFoundError in the cluster; an empty source_root raises `ValueError` ("Field source_root ... must be set when copy is set")' },
    why: '`source_root` is the folder whose Python files flytekit copies into the image (and hashes into its tag). It resolves against the folder pyflyte runs in (the file\'s own folder up to the project root are the candidates); when it does not exist or is a file, nothing of your code reaches the image and the task fails with ModuleNotFoundError in the cluster.',
    example: 'image = ImageSpec(name="etl", source_root="scr")  # the folder is src',
  },
  fixSafety: { kind: 'none' },
  appliesTo: [{ sdk: 'flytekit', note: 'an empty source_root is rejected since 1.13.6 (flyteorg/flytekit@26559faa1)' }],
  check(decl, ctx) {
    const v = fieldStr(decl, 'source_root');
    if (!v) return [];
    const origin = describeOrigin(v);
    if (v.value === '') {
      // Copying is on unless source_copy_mode says NO_COPY, which we cannot see when it is set or hidden in **kwargs.
      if (decl.opaque || decl.fields.some((f) => f.name === 'source_copy_mode')) return [];
      return [
        {
          range: v.range,
          message: `source_root is empty${origin}: an empty source_root still turns on copying of loaded modules, and flytekit then raises ValueError ("Field source_root ... must be set when copy is set"). Set it to the folder with your code, or remove it`,
        },
      ];
    }
    const found = findPath(ctx, decl.file, v.value, 'dir');
    if (found.found) return [];
    const where = found.wrongKind ? `is a file, not a folder (\`${displayPath(ctx, found.wrongKind.abs)}\`)` : `does not exist (${lookedIn(ctx, found)})`;
    return [
      {
        range: v.range,
        message: `source_root \`${v.value}\`${origin} ${where}: none of your code is copied into the image, so tasks fail to import in the cluster. Point it at the folder that holds your Python packages`,
      },
    ];
  },
};
