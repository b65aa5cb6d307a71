// The texts of a CLI run's linted files, for the report.

import { readSource } from '../workspace/read';

/**
 * The text each linted file was linted with, for the report (source lines,
 * columns). A file the result cache answered for by its stat signature is
 * read only when a format asks for its text: most such files have no
 * findings, and their texts are never needed (junit lists their names).
 */
export class SourceTexts extends Map<string, string> {
  /** Files not read yet, and whether each is YAML. */
  private readonly pending = new Map<string, boolean>();

  /** Records a file whose text is read on first `get`. */
  setLazy(file: string, yaml: boolean): void {
    this.pending.set(file, yaml);
    super.set(file, '');
  }

  override set(file: string, text: string): this {
    this.pending.delete(file);
    return super.set(file, text);
  }

  override get(file: string): string | undefined {
    const yaml = this.pending.get(file);
    if (yaml !== undefined) {
      this.pending.delete(file);
      // Its signature matched the entry's a moment ago; a file changed or
      // removed since shows no source lines rather than failing the report.
      const r = readSource(file, { yaml });
      super.set(file, r.kind === 'text' ? r.text : '');
    }
    return super.get(file);
  }
}
