/**
 * OS_Match ("sregex") matchers: literal text compared ASCII case-insensitively, `|` between
 * alternatives, `^` first in an alternative anchors it to the start and `$` last to the end, and a
 * `!` first in the whole pattern negates it. An empty alternative matches everything (Wazuh's
 * `_os_strmatch`), and there are no escapes: `\` is a plain character.
 */
import type { Matcher } from './types.ts';
import { PatternSyntaxError } from './errors.ts';
import { MAX_PATTERN_LENGTH, type Atom, type Branch } from './osregex-parse.ts';
import { compileBranches } from './osregex.ts';

/** A parsed OS_Match pattern. */
export interface ParsedOsMatch {
  readonly negate: boolean;
  readonly branches: readonly Branch[];
  /** True when an alternative is empty, so the (un-negated) pattern matches everything. */
  readonly matchesAll: boolean;
}

/** Parses an OS_Match pattern; throws PatternSyntaxError when it is longer than Wazuh accepts. */
export function parseOsMatch(pattern: string): ParsedOsMatch {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new PatternSyntaxError(pattern, `is ${pattern.length} characters long; OS_Match patterns may have at most ${MAX_PATTERN_LENGTH} (Wazuh's limit)`);
  }
  const negate = pattern.startsWith('!');
  let matchesAll = false;
  const branches = (negate ? pattern.slice(1) : pattern).split('|').map((alt): Branch => {
    const anchorStart = alt.startsWith('^');
    let text = anchorStart ? alt.slice(1) : alt;
    const anchorEnd = text.endsWith('$');
    if (anchorEnd) text = text.slice(0, -1);
    // `^`, `$` or nothing at all: Wazuh compares an empty string, which every input starts
    // with, ends with and contains — except `^$`, which only the empty input equals.
    if (text === '' && !(anchorStart && anchorEnd)) matchesAll = true;
    const atoms: Atom[] = [];
    for (let k = 0; k < text.length; k++) atoms.push({ set: { kind: 'lit', code: text.charCodeAt(k) }, repeat: 'one' });
    return { atoms, anchorStart, anchorEnd };
  });
  return { negate, branches, matchesAll };
}

/** Compiles an OS_Match pattern. */
export function compileOsMatch(pattern: string): Matcher {
  const { negate, branches, matchesAll } = parseOsMatch(pattern);
  // `^$` (empty, anchored both ways) matches only the empty input; the automaton never sees it.
  const emptyOnly = branches.some((b) => b.atoms.length === 0);
  const matches = compileBranches(branches);
  let test: (input: string) => boolean;
  if (matchesAll) test = () => !negate;
  else if (emptyOnly) test = (input) => (input.length === 0 || matches(input)) !== negate;
  else test = negate ? (input) => !matches(input) : matches;
  return { type: 'osmatch', source: pattern, test };
}
