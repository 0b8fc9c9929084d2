/**
 * A rule as read from its file, validated but not yet compiled: what the loader hands the
 * compiler. Every part keeps the line it came from so later errors (a pattern that does not
 * compile, a missing list, an unknown parent) can name it.
 */
import type { PatternType } from './regex/index.ts';

/** A pattern element (`match`, `regex`, `field`, a static-field element). */
export interface PatternDef {
  type: PatternType;
  pattern: string;
  negate: boolean;
  line: number;
}

/** A `<field name="...">` or a static-field element (`url`, `status`...) read from a named field. */
export interface FieldDef extends PatternDef {
  /** The dotted name, or a static field's name (`srcip`, `dstuser`...). */
  name: string;
  /** The element it was written as (`field`, `url`...), for messages. */
  element: string;
}

/** `<srcip>`/`<dstip>`: an address or network, possibly negated with `!`. */
export interface AddressDef {
  name: 'srcip' | 'dstip';
  value: string;
  negate: boolean;
  line: number;
}

/** The CDB lookups of `<list lookup="...">`. */
export type ListLookup = 'match_key' | 'not_match_key' | 'match_key_value' | 'address_match_key' | 'not_address_match_key' | 'address_match_key_value';

/** A `<list>` element. */
export interface ListDef {
  field: string;
  lookup: ListLookup;
  path: string;
  checkValue?: PatternDef;
  line: number;
}

/** `<time>` or `<weekday>` conditions, kept as written and parsed by the compiler. */
export interface TimeDef {
  value: string;
  line: number;
}

/** A validated rule. */
export interface RuleDef {
  id: string;
  level: number;
  file: string;
  line: number;
  /** The group string: the enclosing `<group name>` then the rule's own `<group>` texts. */
  groups: string;
  description: string;
  overwrite: boolean;
  noalert: boolean;
  maxsize?: number;
  frequency?: number;
  timeframe?: number;
  ignore?: number;
  ifSid: string[];
  ifGroup?: string;
  ifLevel?: number;
  ifMatchedSid?: string;
  ifMatchedGroup?: string;
  decodedAs?: string;
  category?: string;
  match?: PatternDef;
  regex?: PatternDef;
  fields: FieldDef[];
  addresses: AddressDef[];
  lists: ListDef[];
  time?: TimeDef;
  weekday?: TimeDef;
  sameFields: string[];
  differentFields: string[];
  /** awsmon extension: frequency counts distinct values of this field. */
  distinctField?: string;
  globalFrequency: boolean;
  checkDiff: boolean;
  /** `<ignore>` element: fields whose values are remembered when the rule fires. */
  ignoreFields: string[];
  /** `<check_if_ignored>`: fields looked up in what `<ignore>` remembered. */
  checkIgnoredFields: string[];
  mitre: string[];
  options: Set<string>;
}
