// Positions follow the LSP convention: 0-based line, 0-based character in
// UTF-16 code units. tree-sitter's node binding reports columns in the same
// unit, and JavaScript strings index in it, so no conversion is needed
// between the parser, the engine and the language server. The CLI adds 1
// when it prints.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export function pos(line: number, character: number): Position {
  return { line, character };
}

export function range(sl: number, sc: number, el: number, ec: number): Range {
  return { start: { line: sl, character: sc }, end: { line: el, character: ec } };
}

export function comparePos(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function containsPos(r: Range, p: Position): boolean {
  return comparePos(r.start, p) <= 0 && comparePos(p, r.end) <= 0;
}

export function rangesOverlap(a: Range, b: Range): boolean {
  return comparePos(a.start, b.end) < 0 && comparePos(b.start, a.end) < 0;
}

/**
 * Maps between UTF-16 offsets and line/character positions of one text.
 * As the LSP says, "\n", "\r\n" and a lone "\r" each end a line (Python
 * reads source the same way). A character past the end of a line means the
 * end of its text, before the line break, so edits that stop at end of line
 * never split a CRLF.
 */
export class LineIndex {
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    if (text.indexOf('\r') !== -1 && hasLoneCr(text)) {
      starts.length = 1;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  offsetAt(p: Position): number {
    if (p.line < 0) return 0;
    if (p.line >= this.starts.length) return this.text.length;
    const [start, end] = this.lineBounds(p.line);
    return Math.min(start + Math.max(0, p.character), end);
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  /** The text of a line without its line ending. */
  lineText(line: number): string {
    const [start, end] = this.lineBounds(line);
    return this.text.slice(start, end);
  }

  /** [start, end) offsets of a line without its line ending; [0, 0) outside the text. */
  private lineBounds(line: number): [number, number] {
    if (line < 0 || line >= this.starts.length) return [0, 0];
    const start = this.starts[line];
    if (line + 1 >= this.starts.length) return [start, this.text.length];
    let end = this.starts[line + 1] - 1; // the "\n" or lone "\r"
    if (end > start && this.text.charCodeAt(end) === 10 && this.text.charCodeAt(end - 1) === 13) end--;
    return [start, end];
  }

  slice(r: Range): string {
    return this.text.slice(this.offsetAt(r.start), this.offsetAt(r.end));
  }

  /** Per line: null when it has no astral characters, else the column of each UTF-16 offset. */
  private columnMaps?: Map<number, Uint32Array | null>;

  /**
   * 1-based column a person counts (code points, so an emoji is one column)
   * for a position in UTF-16 units. Each line is scanned once: a report with
   * many findings on one long line stays linear.
   */
  displayColumn(p: Position): number {
    this.columnMaps ??= new Map();
    let map = this.columnMaps.get(p.line);
    const line = map === undefined ? this.lineText(p.line) : '';
    if (map === undefined) {
      map = null;
      if (/[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(line)) {
        map = new Uint32Array(line.length + 1);
        let col = 1;
        for (let i = 0; i < line.length; i++) {
          map[i] = col;
          const c = line.charCodeAt(i);
          const d = line.charCodeAt(i + 1);
          if (c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) map[++i] = col;
          col++;
        }
        map[line.length] = col;
      }
      this.columnMaps.set(p.line, map);
    }
    const [start, end] = this.lineBounds(p.line);
    const at = Math.min(Math.max(0, p.character), end - start);
    return map ? map[at] : at + 1;
  }

}

/** Whether the text has a "\r" not followed by "\n" (a classic Mac line break). */
export function hasLoneCr(text: string): boolean {
  for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) return true;
  return false;
}
