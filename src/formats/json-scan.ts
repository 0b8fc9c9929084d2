/**
 * Low-level scanning of JSON text for value boundaries, without building values: the parsers find
 * where a record starts and ends here and hand that slice to the native `JSON.parse`. Only string,
 * escape and bracket state is tracked; everything else is validated by `JSON.parse`.
 */

const QUOTE = 34;
const BACKSLASH = 92;

/** Index of the first character at or after `i` that is not JSON whitespace. */
export function skipWhitespace(s: string, i: number): number {
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return i;
    i++;
  }
  return n;
}

/**
 * Index of the quote closing a string whose content continues at `from`, or -1 when `s` ends first.
 * A quote is escaped when an odd run of backslashes precedes it; the run is counted backwards, so
 * `from` may be any point inside the string as long as `s` still holds the string's start.
 */
export function stringEnd(s: string, from: number): number {
  let q = s.indexOf('"', from);
  while (q > 0 && s.charCodeAt(q - 1) === BACKSLASH) {
    let run = 1;
    while (s.charCodeAt(q - 1 - run) === BACKSLASH) run++;
    if ((run & 1) === 0) return q;
    q = s.indexOf('"', q + 1);
  }
  return q;
}

/** Where an object or array scan stopped, so it can resume when more text arrives. */
export interface CompositeScan {
  pos: number;
  depth: number;
  inString: boolean;
}

/**
 * End (exclusive) of the object or array whose opening bracket is at `scan.pos` when
 * `scan.depth` is 0, or -1 when `s` ends first; the scan state is then saved in `scan`.
 */
export function compositeEnd(s: string, scan: CompositeScan): number {
  const n = s.length;
  let i = scan.pos;
  let depth = scan.depth;
  if (scan.inString) {
    const q = stringEnd(s, i);
    if (q < 0) {
      scan.pos = n;
      return -1;
    }
    scan.inString = false;
    i = q + 1;
  }
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === QUOTE) {
      const q = stringEnd(s, i + 1);
      if (q < 0) {
        scan.pos = n;
        scan.depth = depth;
        scan.inString = true;
        return -1;
      }
      i = q + 1;
      continue;
    }
    // { [ open and } ] close; every other character outside strings leaves the depth alone.
    if (c === 123 || c === 91) depth++;
    else if ((c === 125 || c === 93) && --depth === 0) return i + 1;
    i++;
  }
  scan.pos = n;
  scan.depth = depth;
  return -1;
}

/** End (exclusive) of a number, `true`, `false` or `null` starting at `from`, or -1 when `s` ends first. */
export function primitiveEnd(s: string, from: number): number {
  const n = s.length;
  for (let i = from; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 44 || c === 125 || c === 93 || c === 32 || c === 10 || c === 13 || c === 9) return i;
  }
  return -1;
}
