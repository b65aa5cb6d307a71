// Where flytekit raises for a declaration: a Python module raises when it is
// imported (the ImageSpec is created at module level); a YAML spec raises
// when `pyflyte run --image spec.yaml` creates `ImageSpec(**spec)` from it.
// Messages say which, so a YAML user is not told about a module.

import type { ImageDecl } from '../../server/model/decl';

/** "importing this module raises TypeError", or its YAML counterpart. */
export function raisedAt(decl: ImageDecl, error: string): string {
  return decl.source === 'yaml' ? `\`pyflyte run --image\` raises ${error} when it creates \`ImageSpec(**spec)\` from this file` : `importing this module raises ${error}`;
}

/** "when the module is imported", or its YAML counterpart. */
export function whenRaised(decl: ImageDecl): string {
  return decl.source === 'yaml' ? 'when `pyflyte run --image` creates `ImageSpec(**spec)` from this file' : 'when the module is imported';
}
