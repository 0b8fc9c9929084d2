/**
 * OS_Match ("sregex") matchers: literal text, ASCII case-insensitive, `|` between alternatives,
 * `^` first anchors an alternative to the start, `$` last to the end, a `!` first in the whole
 * pattern negates it. An empty alternative matches everything (Wazuh's `_os_strmatch`).
 */
import type { Matcher } from './types.ts';
import { PatternSyntaxError } from './errors.ts';
import { MAX_PATTERN_LENGTH } from './osregex-parse.ts';

/** One OS_Match alternative, its text ASCII-lowercased. */
export interface MatchAlternative {
  readonly text: string;
  readonly anchorStart: boolean;
  readonly anchorEnd: boolean;
}

/** A parsed OS_Match pattern. */
export interface ParsedOsMatch {
  readonly negate: boolean;
  readonly alternatives: readonly MatchAlternative[];
}

/** Lowercases ASCII letters only, as Wazuh's charmap does (other characters compare exactly). */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/** Parses an OS_Match pattern; throws PatternSyntaxError when it is longer than Wazuh accepts. */
export function parseOsMatch(pattern: string): ParsedOsMatch {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new PatternSyntaxError(pattern, `is ${pattern.length} characters long; OS_Match patterns may have at most ${MAX_PATTERN_LENGTH} (Wazuh's limit)`);
  }
  const negate = pattern.startsWith('!');
  const body = negate ? pattern.slice(1) : pattern;
  const alternatives = body.split('|').map((alt): MatchAlternative => {
    const anchorStart = alt.startsWith('^');
    let text = anchorStart ? alt.slice(1) : alt;
    const anchorEnd = alt.length > 0 && text.endsWith('$');
    if (anchorEnd) text = text.slice(0, -1);
    return { text: asciiLower(text), anchorStart: anchorStart, anchorEnd };
  });
  return { negate, alternatives };
}

/** Compiles an OS_Match pattern. */
export function compileOsMatch(pattern: string): Matcher {
  const { negate, alternatives } = parseOsMatch(pattern);
  const test = (input: string): boolean => {
    const s = asciiLower(input);
    for (const a of alternatives) {
      if (a.anchorStart ? (a.anchorEnd ? s === a.text : s.startsWith(a.text)) : a.anchorEnd ? s.endsWith(a.text) : s.includes(a.text)) return !negate;
    }
    return negate;
  };
  return { type: 'osmatch', source: pattern, test };
}
