// How many terminal columns text takes, for the carets of the `full`
// format: East Asian wide and fullwidth characters (CJK, Hangul, fullwidth
// forms) and emoji take two, combining marks and zero-width characters none.
// Counted per grapheme cluster (an emoji with modifiers or joined by ZWJ is
// one picture), as terminals draw them.

const WIDE: [number, number][] = [
  [0x1100, 0x115f], [0x2329, 0x232a], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff],
  [0xa000, 0xa4cf], [0xa960, 0xa97f], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe10, 0xfe19], [0xfe30, 0xfe6f],
  [0xff00, 0xff60], [0xffe0, 0xffe6], [0x16fe0, 0x16fe4], [0x17000, 0x18cff], [0x1b000, 0x1b2ff], [0x1f200, 0x1f2ff],
  [0x20000, 0x2fffd], [0x30000, 0x3fffd],
];

const EMOJI = /\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F|\p{Regional_Indicator}/u;
const ZERO = /^[\p{M}\p{Cf}]+$/u; // variation selectors are marks (Mn), ZWJ and ZWSP are Cf

function isWide(cp: number): boolean {
  if (cp < 0x1100) return false;
  for (const [a, b] of WIDE) if (cp >= a && cp <= b) return true;
  return false;
}

/** Columns one grapheme cluster takes (a tab counts 1: callers keep tabs as tabs). */
export function clusterWidth(g: string): number {
  const cp = g.codePointAt(0) ?? 0;
  if (g.length === 1 && cp >= 0x20 && cp < 0x7f) return 1;
  if (EMOJI.test(g)) return 2;
  if (ZERO.test(g)) return 0;
  if (cp < 0x20 && cp !== 9) return 0;
  return isWide(cp) ? 2 : 1;
}

// Made on first use: creating one loads ICU's break rules (~20 ms), which a
// report whose lines are all ASCII never needs.
let segmenter: Intl.Segmenter | null | undefined;
const graphemes = (): Intl.Segmenter | null =>
  (segmenter ??= typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null);

/** The clusters of a line with their UTF-16 offsets (code points where Intl.Segmenter is missing). */
function* clusters(line: string): Generator<{ index: number; text: string }> {
  // Printable ASCII: one column per character, no segmenter needed.
  if (/^[\x20-\x7e]*$/.test(line)) {
    for (let i = 0; i < line.length; i++) yield { index: i, text: line[i] };
    return;
  }
  const segmenter = graphemes();
  if (segmenter) {
    for (const s of segmenter.segment(line)) yield { index: s.index, text: s.segment };
    return;
  }
  let i = 0;
  for (const ch of line) {
    yield { index: i, text: ch };
    i += ch.length;
  }
}

/**
 * For a caret line under `line`: the prefix up to UTF-16 offset `start`
 * (tabs kept, everything else as spaces of its width) and how many carets
 * cover [start, end) (at least 1).
 */
export function caretLayout(line: string, start: number, end: number): { prefix: string; width: number } {
  let prefix = '';
  let width = 0;
  for (const c of clusters(line)) {
    const cEnd = c.index + c.text.length;
    if (cEnd <= start) prefix += c.text === '\t' ? '\t' : ' '.repeat(clusterWidth(c.text));
    else if (c.index < end) width += clusterWidth(c.text);
    else break;
  }
  return { prefix, width: Math.max(1, width) };
}
