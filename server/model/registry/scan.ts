// Finding the registry in what was typed: the noise users paste around one
// (whitespace, quotes, backticks, a scheme, trailing punctuation, slashes)
// and the slash-separated components of the body. Both the parser (parse.ts)
// and the problem report (problems.ts) start from this scan, so they agree
// on every offset.

/** A piece of the input: its text as written and its [start, end) offsets. */
export interface Segment {
  text: string;
  start: number;
  end: number;
}

/** A segment of `input`: its text and [start, end). */
export function seg(input: string, start: number, end: number): Segment {
  return { text: input.slice(start, end), start, end };
}

export function isSpace(c: string): boolean {
  return /\s/.test(c);
}

const QUOTES = new Set(['"', "'", '`', '\u2018', '\u2019', '\u201c', '\u201d']);
// Trailing punctuation that sentences and Markdown leave behind after a
// copied registry; none of it can end a valid registry.
const TRAILING_PUNCT = new Set(['.', ',', ';']);

export interface Scan {
  bodyStart: number;
  bodyEnd: number;
  scheme?: Segment;
  leadingNoise: Segment[];
  trailingNoise: Segment[];
  /** Non-empty slash-separated components of the body, digest removed. */
  components: Segment[];
  /** Runs of empty components (`//`) and trailing slashes, as spans of the slashes. */
  extraSlashes: Segment[];
  trailingSlash?: Segment;
  digest?: Segment;
}

export function scan(input: string): Scan {
  let i = 0;
  let j = input.length;
  const leadingNoise: Segment[] = [];
  const trailingNoise: Segment[] = [];
  while (i < j && (isSpace(input[i]) || QUOTES.has(input[i]))) {
    leadingNoise.push(seg(input, i, i + 1));
    i++;
  }
  while (j > i && (isSpace(input[j - 1]) || QUOTES.has(input[j - 1]) || TRAILING_PUNCT.has(input[j - 1]))) {
    trailingNoise.unshift(seg(input, j - 1, j));
    j--;
  }
  let scheme: Segment | undefined;
  const sm = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(input.slice(i, j));
  if (sm) {
    scheme = seg(input, i, i + sm[0].length);
    i += sm[0].length;
  }
  // A trailing slash belongs to the body's noise, not to a path segment.
  let trailingSlash: Segment | undefined;
  let k = j;
  while (k > i && input[k - 1] === '/') k--;
  if (k < j && k > i) trailingSlash = seg(input, k, j);
  const contentEnd = trailingSlash ? k : j;

  // The digest starts at the first `@` after the last slash.
  let digest: Segment | undefined;
  const lastSlash = input.lastIndexOf('/', contentEnd - 1);
  const at = input.indexOf('@', Math.max(i, lastSlash + 1));
  let pathEnd = contentEnd;
  if (at >= 0 && at < contentEnd) {
    digest = seg(input, at, contentEnd);
    pathEnd = at;
  }

  const components: Segment[] = [];
  const extraSlashes: Segment[] = [];
  let p = i;
  while (p < pathEnd) {
    let q = p;
    if (input[p] === '/') {
      while (q < pathEnd && input[q] === '/') q++;
      // One slash separates two components; slashes at the start, extra
      // slashes in a run, and slashes right before a digest are empty segments.
      if (p === i || q === pathEnd) extraSlashes.push(seg(input, p, q));
      else if (q - p > 1) extraSlashes.push(seg(input, p + 1, q));
    } else {
      while (q < pathEnd && input[q] !== '/') q++;
      components.push(seg(input, p, q));
    }
    p = q;
  }
  return { bodyStart: i, bodyEnd: j, scheme, leadingNoise, trailingNoise, components, extraSlashes, trailingSlash, digest };
}
