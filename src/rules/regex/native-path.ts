/**
 * A faster path for quantifier-free OS_Regex and OS_Match patterns: V8's native RegExp.
 *
 * Without `+` or `*` a pattern has no choice points other than its alternatives, so V8's
 * backtracking costs at most (input length × pattern atoms) steps — no catastrophic case exists.
 * To keep even that product small, inputs longer than a budget divided by the pattern size go to
 * the automaton instead, whose cost is linear with a constant that does not grow with the pattern.
 */
import type { AtomSet, Branch, ClassName } from './osregex-parse.ts';

/** Most backtracking steps one native test may take (a fraction of a millisecond). */
const STEP_BUDGET = 1 << 18;

/** V8 (non-unicode mode) spelling of each OS_Regex class, on UTF-16 code units. */
const V8_CLASS: Readonly<Record<ClassName, string>> = {
  w: '[\\-0-9@A-Z_a-z]',
  d: '[0-9]',
  s: ' ',
  p: "[!-'(-.:-?\\[\\]{-}]",
  W: '[^\\-0-9@A-Z_a-z]',
  D: '[^0-9]',
  S: '[^ ]',
  '.': '[^]',
  t: '\\t',
};

function v8Literal(code: number, foldLetters: boolean): string {
  const lower = code | 0x20;
  if (foldLetters && lower >= 0x61 && lower <= 0x7a) return `[${String.fromCharCode(lower & ~0x20)}${String.fromCharCode(lower)}]`;
  if ((code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) return String.fromCharCode(code);
  return code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

function v8Set(set: AtomSet, foldLetters: boolean): string {
  return set.kind === 'class' ? V8_CLASS[set.name] : v8Literal(set.code, foldLetters);
}

/** A native matcher for short inputs, or null when the branches have quantifiers. */
export interface NativePath {
  readonly regexp: RegExp;
  /** Longest input the native path takes; longer ones go to the automaton. */
  readonly maxInputLength: number;
}

/** Builds the native path for quantifier-free branches (empty branches must be removed first). */
export function nativePath(branches: readonly Branch[]): NativePath | null {
  if (branches.length === 0 || branches.some((b) => b.atoms.length === 0 || b.atoms.some((a) => a.repeat !== 'one'))) return null;
  // V8's `i` flag (non-unicode) folds only ASCII letters against ASCII letters — exactly Wazuh's
  // charmap — as long as the pattern itself has no non-ASCII letter it would also fold.
  const asciiOnly = branches.every((b) => b.atoms.every((a) => a.set.kind === 'class' || a.set.code < 0x80));
  const source = branches
    .map((b) => (b.anchorStart ? '^' : '') + b.atoms.map((a) => v8Set(a.set, !asciiOnly)).join('') + (b.anchorEnd ? '$' : ''))
    .join('|');
  const atoms = branches.reduce((n, b) => n + b.atoms.length, 0);
  return { regexp: new RegExp(source, asciiOnly ? 'i' : ''), maxInputLength: Math.floor(STEP_BUDGET / atoms) };
}
