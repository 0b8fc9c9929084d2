/** PCRE2 matchers, run by re2js (linear time) after translation into RE2 syntax. */
import { RE2JS } from 're2js';
import type { Matcher } from './types.ts';
import { PatternSyntaxError } from './errors.ts';
import { pcre2ToRe2 } from './pcre2-translate.ts';

/** Compiles a PCRE2 pattern; refused constructs and syntax errors throw PatternSyntaxError. */
export function compilePcre2(pattern: string): Matcher {
  const re2 = pcre2ToRe2(pattern);
  let re: RE2JS;
  try {
    re = RE2JS.compile(re2);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new PatternSyntaxError(pattern, `is not a valid PCRE2 pattern: ${detail}`);
  }
  return { type: 'pcre2', source: pattern, test: (input: string) => re.test(input) };
}
