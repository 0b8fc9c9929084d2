/**
 * PCRE2 matchers. Patterns are translated into RE2 syntax (pcre2-translate.ts) and compiled by
 * re2js, which validates them and runs in linear time. The common shapes of rule patterns
 * (pcre2-native.ts) run on awsmon's own automaton instead, several times faster; input holding
 * surrogate pairs goes to re2js when the pattern could read characters above U+FFFF, because the
 * automaton reads UTF-16 code units where RE2 reads code points.
 */
import { RE2JS } from 're2js';
import type { Matcher } from './types.ts';
import { PatternSyntaxError } from './errors.ts';
import { pcre2ToRe2 } from './pcre2-translate.ts';
import { nativeRegex } from './pcre2-native.ts';
import { buildPositionNfa } from './position-nfa.ts';
import { Automaton } from './automaton.ts';
import { errorMessage } from '../../core/index.ts';

const SURROGATE = /[\ud800-\udfff]/;
/**
 * Most positions of an automaton whose follow sets are not intervals: a step of it costs up to
 * positions × positions / 32, which must stay small for every input character to stay cheap.
 */
const MAX_DENSE_POSITIONS = 128;

/** The two engines of a PCRE2 pattern: re2js always, the automaton when the pattern allows. */
export interface Pcre2Engines {
  readonly re2: (input: string) => boolean;
  readonly native: ((input: string) => boolean) | null;
}

/** Compiles a PCRE2 pattern into its engines; refused constructs and syntax errors throw PatternSyntaxError. */
export function pcre2Engines(pattern: string): Pcre2Engines {
  const re2 = pcre2ToRe2(pattern);
  let re: RE2JS;
  try {
    re = RE2JS.compile(re2);
  } catch (err) {
    const detail = errorMessage(err);
    throw new PatternSyntaxError(pattern, `is not a valid PCRE2 pattern: ${detail}`);
  }
  const viaRe2 = (input: string): boolean => re.test(input);
  const parsed = nativeRegex(re2);
  const nfa = parsed === null ? null : buildPositionNfa(parsed.alternatives);
  if (parsed === null || nfa === null) return { re2: viaRe2, native: null };
  const automaton = new Automaton(nfa);
  if (automaton.denseFollow && nfa.sets.length > MAX_DENSE_POSITIONS) return { re2: viaRe2, native: null };
  const constant = automaton.constant;
  let native: (input: string) => boolean;
  if (constant !== null) native = () => constant;
  else if (parsed.touchesAstral) native = (input) => (SURROGATE.test(input) ? re.test(input) : automaton.test(input));
  else native = (input) => automaton.test(input);
  return { re2: viaRe2, native };
}

/** Compiles a PCRE2 pattern; refused constructs and syntax errors throw PatternSyntaxError. */
export function compilePcre2(pattern: string): Matcher {
  const { re2, native } = pcre2Engines(pattern);
  return { type: 'pcre2', source: pattern, test: native ?? re2 };
}
