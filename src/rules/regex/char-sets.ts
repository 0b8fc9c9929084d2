/**
 * Which characters each OS_Regex atom accepts, as Wazuh's `regexmap` and `charmap` tables define
 * them (os_regex_maps.c): membership is decided on ASCII codes; every code unit above 127 is in
 * the negated classes `\W \D \S` and in `\.`, and otherwise equals only itself.
 */
import type { AtomSet, ClassName } from './osregex-parse.ts';
import { foldAsciiRanges, MAX_CODE_UNIT, normalizeRanges } from './position-nfa.ts';

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isUpper = (c: number): boolean => c >= 0x41 && c <= 0x5a;
const isLower = (c: number): boolean => c >= 0x61 && c <= 0x7a;
/** `\w`: A-Z a-z 0-9 and `-` `@` `_`. */
const isWord = (c: number): boolean => isDigit(c) || isUpper(c) || isLower(c) || c === 0x2d || c === 0x40 || c === 0x5f;
/** `\p`: ! " # $ % & ' ( ) * + , - . : ; < = > ? [ ] { | } */
const PUNCT = new Set([...'!"#$%&\'()*+,-.:;<=>?[]{|}'].map((ch) => ch.charCodeAt(0)));

/** Whether ASCII code `c` (0-127) is in class `name`. */
function classHasAscii(name: ClassName, c: number): boolean {
  switch (name) {
    case 'w':
      return isWord(c);
    case 'd':
      return isDigit(c);
    case 's':
      return c === 0x20;
    case 'p':
      return PUNCT.has(c);
    case 'W':
      return !isWord(c);
    case 'D':
      return !isDigit(c);
    case 'S':
      return c !== 0x20;
    case '.':
      return true;
    case 't':
      return c === 0x09;
  }
}

/** Folds an ASCII upper-case letter to lower case; every other code is left alone (Wazuh's charmap). */
export function foldAscii(c: number): number {
  return isUpper(c) ? c | 0x20 : c;
}

/** Whether the ASCII code `c` (0-127) is accepted by `set`. */
export function acceptsAscii(set: AtomSet, c: number): boolean {
  return set.kind === 'class' ? classHasAscii(set.name, c) : foldAscii(set.code) === foldAscii(c);
}

/** Whether `set` accepts every code unit above 127 that is not named by a literal. */
export function acceptsAnyHigh(set: AtomSet): boolean {
  return set.kind === 'class' && (set.name === 'W' || set.name === 'D' || set.name === 'S' || set.name === '.');
}

const classRanges = new Map<ClassName, number[]>();

/** The code units `set` accepts, as ranges for the position automaton. */
export function atomRanges(set: AtomSet): number[] {
  if (set.kind === 'lit') return foldAsciiRanges([set.code, set.code]);
  let ranges = classRanges.get(set.name);
  if (ranges === undefined) {
    const raw: number[] = [];
    for (let c = 0; c < 128; c++) if (acceptsAscii(set, c)) raw.push(c, c);
    if (acceptsAnyHigh(set)) raw.push(128, MAX_CODE_UNIT);
    ranges = normalizeRanges(raw);
    classRanges.set(set.name, ranges);
  }
  return ranges;
}
