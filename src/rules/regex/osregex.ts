/**
 * OS_Regex matchers. Parsed branches run on the linear-time automaton; quantifier-free patterns
 * run on V8's RegExp for inputs short enough that its bounded backtracking stays cheap.
 */
import type { Matcher } from './types.ts';
import { parseOsRegex, type Branch } from './osregex-parse.ts';
import { Automaton } from './automaton.ts';
import { buildPositionNfa, type Alternative, type Node, type PositionNfa } from './position-nfa.ts';
import { atomRanges } from './char-sets.ts';
import { nativePath } from './native-path.ts';

/** The position automaton of branches; branches without atoms never match (as in Wazuh's OS_Regex). */
export function branchesNfa(branches: readonly Branch[]): PositionNfa {
  const alternatives = branches.filter((b) => b.atoms.length > 0).map((b): Alternative => ({
    anchorStart: b.anchorStart,
    anchorEnd: b.anchorEnd,
    node: {
      t: 'cat',
      items: b.atoms.map((a): Node => {
        const set: Node = { t: 'set', ranges: atomRanges(a.set) };
        return a.repeat === 'one' ? set : { t: a.repeat, item: set };
      }),
    },
  }));
  // OS patterns have at most 2048 atoms, below the position limit.
  return buildPositionNfa(alternatives)!;
}

/** A test function for branches: the automaton, or V8's RegExp for short inputs when it is safe. */
export function compileBranches(branches: readonly Branch[]): (input: string) => boolean {
  const live = branches.filter((b) => b.atoms.length > 0);
  const automaton = new Automaton(branchesNfa(live));
  const constant = automaton.constant;
  if (constant !== null) return () => constant;
  const native = nativePath(live);
  if (native === null) return (input) => automaton.test(input);
  const { regexp, maxInputLength } = native;
  return (input) => (input.length <= maxInputLength ? regexp.test(input) : automaton.test(input));
}

/** Compiles an OS_Regex pattern. */
export function compileOsRegex(pattern: string): Matcher {
  return { type: 'osregex', source: pattern, test: compileBranches(parseOsRegex(pattern)) };
}
