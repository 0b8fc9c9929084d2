/**
 * The three pattern languages of Wazuh rules — OS_Regex, OS_Match and PCRE2 — compiled once and
 * matched in time linear in the input, so that no pattern can stall the pipeline on hostile log
 * content. See docs/patterns.md.
 */
import type { Matcher, PatternType } from './types.ts';
import { PatternSyntaxError } from './errors.ts';
import { compileOsRegex } from './osregex.ts';
import { compileOsMatch } from './osmatch.ts';
import { compilePcre2 } from './pcre2.ts';

export type { Matcher, PatternType } from './types.ts';
export { PatternSyntaxError } from './errors.ts';
export { exactLiterals, foldAsciiCase } from './literals.ts';

// A ruleset repeats the same patterns (`^yes$`, event names) across rules: compile each once.
const cache = new Map<string, Matcher>();

/** Compiles a rule pattern; throws PatternSyntaxError (message = the reason, naming the pattern) when it cannot. */
export function compilePattern(type: PatternType, pattern: string): Matcher {
  const key = `${type}\u0000${pattern}`;
  let m = cache.get(key);
  if (m === undefined) {
    switch (type) {
      case 'osregex':
        m = compileOsRegex(pattern);
        break;
      case 'osmatch':
        m = compileOsMatch(pattern);
        break;
      case 'pcre2':
        m = compilePcre2(pattern);
        break;
      default:
        throw new PatternSyntaxError(pattern, `has the unknown pattern type '${String(type)}' (expected osregex, osmatch or pcre2)`);
    }
    cache.set(key, m);
  }
  return m;
}
