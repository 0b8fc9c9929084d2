/**
 * OS_Regex matchers. A branch list is translated into RE2 syntax and run by re2js, which matches
 * in time linear in the input whatever the pattern.
 */
import { RE2JS } from 're2js';
import type { Matcher } from './types.ts';
import { parseOsRegex, type AtomSet, type Branch, type ClassName } from './osregex-parse.ts';

/** RE2 spelling of each OS_Regex class (Wazuh's tables: `\w` adds `-` `@` `_`, `\s` is only the space). */
const RE2_CLASS: Readonly<Record<ClassName, string>> = {
  w: '[\\-0-9@A-Z_a-z]',
  d: '[0-9]',
  s: '\\x20',
  p: '[!-\\x2e:-?\\[\\]{-}]',
  W: '[^\\-0-9@A-Z_a-z]',
  D: '[^0-9]',
  S: '[^\\x20]',
  '.': '(?s:.)',
  t: '\\t',
};

/** RE2 text for one atom set; ASCII letters match both cases, as OS_Regex compares them. */
function re2Set(set: AtomSet): string {
  if (set.kind === 'class') return RE2_CLASS[set.name];
  const c = set.code;
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) {
    const lower = String.fromCharCode(c | 0x20);
    return `[${lower.toUpperCase()}${lower}]`;
  }
  return `\\x{${c.toString(16)}}`;
}

/** RE2 text for a list of OS_Regex branches; branches without atoms never match (as in Wazuh). */
export function branchesToRe2(branches: readonly Branch[]): string | null {
  const parts: string[] = [];
  for (const b of branches) {
    if (b.atoms.length === 0) continue;
    let s = b.anchorStart ? '^' : '';
    for (const a of b.atoms) s += re2Set(a.set) + (a.repeat === 'plus' ? '+' : a.repeat === 'star' ? '*' : '');
    parts.push(s + (b.anchorEnd ? '$' : ''));
  }
  return parts.length === 0 ? null : parts.join('|');
}

/** Compiles an OS_Regex pattern. */
export function compileOsRegex(pattern: string): Matcher {
  const re2 = branchesToRe2(parseOsRegex(pattern));
  if (re2 === null) return { type: 'osregex', source: pattern, test: () => false };
  const re = RE2JS.compile(re2);
  return { type: 'osregex', source: pattern, test: (input: string) => re.test(input) };
}
