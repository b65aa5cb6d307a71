// IS405: `source_root` is not an existing folder. Setting it turns on
// copying of the loaded modules (source_copy_mode defaults to
// LOADED_MODULES), and flytekit lists the folder's files both for the image
// tag and for the build context: a missing folder or a file silently copies
// nothing, so the task fails at import in the cluster. An empty string is
// rejected outright ("Field source_root ... must be set when copy is set").

import { describeOrigin, fieldStr } from '../server/model/decl';
import type { OfflineRule } from '../server/engine/types';
import { resolveProjectPath } from './shared/projectPaths';

export const rule: OfflineRule = {
  code: 'IS405',
  name: 'source-root-missing',
  severity: 'error',
  summary: '`source_root` does not exist or is not a folder',
  docs: {
    why: '`source_root` is the folder whose Python files flytekit copies into the image (and hashes into its tag). It resolves against the folder pyflyte runs in; when it does not exist or is a file, nothing of your code reaches the image and the task fails with ModuleNotFoundError in the cluster.',
    example: 'image = ImageSpec(name="etl", source_root="scr")  # the folder is src',
  },
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
    const abs = resolveProjectPath(ctx, v.value);
    const kind = ctx.fs.kind(abs);
    if (kind === 'dir') return [];
    const what = kind === 'missing' ? 'does not exist' : kind === 'file' ? 'is a file, not a folder' : 'is not a folder';
    return [
      {
        range: v.range,
        message: `source_root \`${v.value}\`${origin} ${what} (${abs}; paths resolve against the project root, where pyflyte runs): none of your code is copied into the image, so tasks fail to import in the cluster. Point it at the folder that holds your Python packages`,
      },
    ];
  },
};
