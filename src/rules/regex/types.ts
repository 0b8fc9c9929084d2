/** The three pattern languages of Wazuh rules. */
export type PatternType = 'osregex' | 'osmatch' | 'pcre2';

/** A compiled pattern: `test` answers whether the input matches, in time linear in its length. */
export interface Matcher {
  readonly type: PatternType;
  readonly source: string;
  test(input: string): boolean;
}
