/**
 * Parser of Wazuh's OS_Regex language into branches of atoms.
 *
 * The language (Wazuh "Regular Expression Syntax", and what `OSRegex_Compile` accepts):
 * - escapes `\w \d \s \p \W \D \S \. \t` are classes; `\$ \( \) \\ \| \<` are the literal
 *   characters; any other escape is an error;
 * - `+` and `*` right after an escape repeat it; anywhere else they are plain characters
 *   (Wazuh documents "`\d+` is supported, `0+` is not": its matcher then compares the `+` as a
 *   character, and so does awsmon, so a rule that loads in Wazuh behaves the same here);
 * - `(` `)` group without changing what matches, one level deep, and no `|` inside them;
 * - `|` separates branches; `^` first in a branch anchors it to the start, `$` last to the end;
 *   anywhere else they are plain characters;
 * - everything else is a literal character, compared ASCII case-insensitively;
 * - a pattern longer than 2048 characters is refused (Wazuh's OS_PATTERN_MAXSIZE).
 */
import { PatternSyntaxError } from './errors.ts';

/** Longest OS_Regex / OS_Match pattern Wazuh compiles (OS_PATTERN_MAXSIZE). */
export const MAX_PATTERN_LENGTH = 2048;

/** The character classes of OS_Regex, by escape letter, plus `lit` for one literal code unit. */
export type ClassName = 'w' | 'd' | 's' | 'p' | 'W' | 'D' | 'S' | '.' | 't';

/** What one atom consumes: a class, or one literal code unit (compared ASCII case-insensitively). */
export type AtomSet = { readonly kind: 'class'; readonly name: ClassName } | { readonly kind: 'lit'; readonly code: number };

/** How often an atom repeats. */
export type Repeat = 'one' | 'plus' | 'star';

/** One character position of a branch. */
export interface Atom {
  readonly set: AtomSet;
  readonly repeat: Repeat;
}

/** One `|` alternative: its atoms and its anchors. */
export interface Branch {
  readonly atoms: readonly Atom[];
  readonly anchorStart: boolean;
  readonly anchorEnd: boolean;
}

const CLASS_ESCAPES: Readonly<Record<string, ClassName>> = { w: 'w', d: 'd', s: 's', p: 'p', W: 'W', D: 'D', S: 'S', '.': '.', t: 't' };
const LITERAL_ESCAPES = new Set(['$', '(', ')', '\\', '|', '<']);

/** A token of one branch before anchors are taken off: escapes are resolved, groups are gone. */
type Token = { kind: 'atom'; set: AtomSet; escaped: boolean } | { kind: 'quant'; repeat: Repeat };

/** Parses an OS_Regex pattern into its branches; throws PatternSyntaxError naming the problem. */
export function parseOsRegex(pattern: string): Branch[] {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new PatternSyntaxError(pattern, `is ${pattern.length} characters long; OS_Regex patterns may have at most ${MAX_PATTERN_LENGTH} (Wazuh's limit)`);
  }
  const branches: Token[][] = [[]];
  let depth = 0;
  let openAt = -1;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    const current = branches[branches.length - 1]!;
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) throw new PatternSyntaxError(pattern, 'ends with a lone backslash (write \\\\ for a backslash)');
      const cls = CLASS_ESCAPES[next];
      if (cls !== undefined) current.push({ kind: 'atom', set: { kind: 'class', name: cls }, escaped: true });
      else if (LITERAL_ESCAPES.has(next)) current.push({ kind: 'atom', set: { kind: 'lit', code: next.charCodeAt(0) }, escaped: true });
      else {
        throw new PatternSyntaxError(
          pattern,
          `has the unknown escape \\${next} at offset ${i} (OS_Regex knows \\w \\d \\s \\p \\W \\D \\S \\. \\t and the escaped characters \\$ \\( \\) \\\\ \\| \\<)`,
        );
      }
      i++;
      // A quantifier repeats the escape it follows directly.
      const q = pattern[i + 1];
      if (q === '+' || q === '*') {
        current.push({ kind: 'quant', repeat: q === '+' ? 'plus' : 'star' });
        i++;
      }
      continue;
    }
    if (ch === '(') {
      depth++;
      if (depth > 1) throw new PatternSyntaxError(pattern, `nests parentheses at offset ${i}; OS_Regex allows one level of groups`);
      openAt = i;
      continue;
    }
    if (ch === ')') {
      depth--;
      if (depth < 0) throw new PatternSyntaxError(pattern, `has an unbalanced ')' at offset ${i}`);
      continue;
    }
    if (ch === '|') {
      if (depth !== 0) throw new PatternSyntaxError(pattern, `has '|' inside parentheses at offset ${i}; OS_Regex allows '|' only between whole alternatives`);
      branches.push([]);
      continue;
    }
    current.push({ kind: 'atom', set: { kind: 'lit', code: ch.charCodeAt(0) }, escaped: false });
  }
  if (depth !== 0) throw new PatternSyntaxError(pattern, `has a '(' at offset ${openAt} that is never closed`);
  return branches.map(toBranch);
}

const CARET = 0x5e;
const DOLLAR = 0x24;

/** Takes the anchors off a branch's tokens and attaches quantifiers to their atoms. */
function toBranch(tokens: Token[]): Branch {
  let start = 0;
  let end = tokens.length;
  let anchorStart = false;
  let anchorEnd = false;
  const first = tokens[0];
  if (first?.kind === 'atom' && !first.escaped && first.set.kind === 'lit' && first.set.code === CARET) {
    anchorStart = true;
    start = 1;
  }
  const last = tokens[end - 1];
  if (end > start && last?.kind === 'atom' && !last.escaped && last.set.kind === 'lit' && last.set.code === DOLLAR) {
    anchorEnd = true;
    end--;
  }
  const atoms: Atom[] = [];
  for (let i = start; i < end; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if (t.kind === 'quant') continue;
    atoms.push({ set: t.set, repeat: i + 1 < end && next?.kind === 'quant' ? next.repeat : 'one' });
  }
  return { atoms, anchorStart, anchorEnd };
}
