/**
 * Which patterns are a plain set of whole strings: an OS_Regex or OS_Match pattern whose every
 * alternative is anchored at both ends and holds only literal characters (`^vpc$`,
 * `^inspector$|^inspector2$`) matches exactly the inputs equal to one of its alternatives, ASCII
 * letters compared case-insensitively. The engine looks such patterns up in a map instead of
 * testing them one by one (src/rules/dispatch.ts).
 */
import type { PatternType } from './types.ts';
import { parseOsRegex, type Branch } from './osregex-parse.ts';
import { parseOsMatch } from './osmatch.ts';

/** Folds ASCII upper-case letters to lower case and leaves every other code unit alone (Wazuh's charmap). */
export function foldAsciiCase(text: string): string {
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) break;
    i++;
  }
  if (i === n) return text;
  // String.prototype.toLowerCase also folds letters beyond ASCII (the Kelvin sign to `k`): only on pure ASCII is it the same fold.
  let ascii = true;
  for (let k = i; k < n; k++) {
    if (text.charCodeAt(k) > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return text.toLowerCase();
  let out = text.slice(0, i);
  for (let k = i; k < n; k++) {
    const c = text.charCodeAt(k);
    out += String.fromCharCode(c >= 0x41 && c <= 0x5a ? c | 0x20 : c);
  }
  return out;
}

function branchLiteral(b: Branch): string | undefined {
  if (!b.anchorStart || !b.anchorEnd) return undefined;
  let text = '';
  for (const a of b.atoms) {
    if (a.set.kind !== 'lit' || a.repeat !== 'one') return undefined;
    text += String.fromCharCode(a.set.code);
  }
  return foldAsciiCase(text);
}

/**
 * The strings a pattern matches, case-folded by `foldAsciiCase`, when it matches exactly the
 * inputs whose fold is one of them; undefined for every other pattern (PCRE2 ones included).
 * Syntax errors are left to `compilePattern`: such patterns give undefined.
 */
export function exactLiterals(type: PatternType, pattern: string): string[] | undefined {
  let branches: readonly Branch[];
  try {
    if (type === 'osregex') {
      // OS_Regex alternatives without atoms never match (and `^$` is one of them).
      branches = parseOsRegex(pattern).filter((b) => b.atoms.length > 0);
    } else if (type === 'osmatch') {
      const parsed = parseOsMatch(pattern);
      if (parsed.negate || parsed.matchesAll) return undefined;
      // Here `^$` is an alternative matching the empty input only: its literal is ''.
      branches = parsed.branches;
    } else {
      return undefined;
    }
  } catch {
    return undefined;
  }
  if (branches.length === 0) return undefined;
  const out = new Set<string>();
  for (const b of branches) {
    const lit = branchLiteral(b);
    if (lit === undefined) return undefined;
    out.add(lit);
  }
  return [...out];
}
