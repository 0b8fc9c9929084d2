import type { Checked } from './validators.ts';

// Wazuh applies discard_regex with Python's re.match: anchored at the start of the value, not at
// the end. "Nothing before this point" is written (?<![\s\S]) rather than ^, because ^ under the m
// flag would also match after every newline.
const START = '(?<![\\s\\S])';
const EXPECTED = 'a regular expression, matched from the start of the value as Python re.match does';

/** Compiles a Python-style `discard_regex` pattern into a JS RegExp with re.match semantics. */
export function compileDiscardRegex(pattern: string): Checked<RegExp> {
  // An empty pattern would discard every event.
  if (pattern === '') return { ok: false, reason: 'is empty', expected: EXPECTED };
  const translated = translate(pattern);
  if (typeof translated === 'string') return { ok: false, reason: translated, expected: EXPECTED };
  try {
    // Compile alone first: wrapping could hide an unbalanced ')' such as 'a)|(b'.
    new RegExp(translated.source, translated.flags);
    return { ok: true, value: new RegExp(`${START}(?:${translated.source})`, translated.flags) };
  } catch (err) {
    const detail = err instanceof Error ? err.message.replace(/^.*: /, '') : String(err);
    return { ok: false, reason: `is not a valid regular expression (${detail})`, expected: EXPECTED };
  }
}

/**
 * Rewrites the Python-only syntax that users' patterns commonly hold: named groups (?P<n>...),
 * back-references (?P=n), \A and \Z, and leading global flags such as (?i). Returns a reason
 * string for Python syntax with no JavaScript equivalent.
 */
function translate(pattern: string): { source: string; flags: string } | string {
  let rest = pattern;
  let flags = '';
  const lead = /^\(\?([aiLmsux]+)\)/.exec(rest);
  if (lead) {
    for (const f of lead[1]!) {
      if (f === 'i' || f === 'm' || f === 's') flags += flags.includes(f) ? '' : f;
      else if (f !== 'u') return `uses the Python flag (?${f}), which has no JavaScript equivalent`;
    }
    rest = rest.slice(lead[0].length);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]!;
    if (c === '\\') {
      const next = rest[i + 1] ?? '';
      if (!inClass && next === 'A') out += START;
      else if (!inClass && next === 'Z') out += '(?![\\s\\S])';
      else out += c + next;
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
      // A ']' right after '[' or '[^' is a literal in Python.
      if (rest[i + 1] === '^') out += rest[++i];
      if (rest[i + 1] === ']') out += `\\${rest[++i]!}`;
    } else if (rest.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
    } else if (rest.startsWith('(?P=', i)) {
      const end = rest.indexOf(')', i);
      if (end < 0) return 'has an unterminated (?P=name)';
      out += `\\k<${rest.slice(i + 4, end)}>`;
      i = end;
    } else out += c;
  }
  return { source: out, flags };
}
