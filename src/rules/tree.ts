/**
 * The rule tree, built like analysisd builds it (reference §3): rules are placed in load order,
 * each under the rules it names (`if_sid`: every listed rule; `if_group`: every earlier rule
 * whose group string matches; `if_level`: every earlier rule of at least that level;
 * `if_matched_sid`/`if_matched_group` imply the same parents when no `if_sid`/`if_group` is
 * given), the rest at the top. Siblings are kept sorted by level, highest first with level 0
 * before all (stable). `overwrite="yes"` replaces a rule's definition in place: position and
 * children stay.
 */
import { RuleError } from '../core/index.ts';
import { compilePattern } from './regex/index.ts';
import type { RuleDef } from './rule-def.ts';

/** A place in the tree; `def` is replaced by an overwrite. */
export interface TreeNode {
  def: RuleDef;
  readonly children: TreeNode[];
}

/** The tree and what building it noticed. */
export interface Tree {
  roots: TreeNode[];
  /** Every rule, in load order (an overwritten rule keeps its first place). */
  nodes: TreeNode[];
  byId: Map<string, TreeNode>;
  warnings: string[];
}

/** Sort key of a sibling: level 0 is tried first (Wazuh treats it as 99), then high to low. */
function rank(level: number): number {
  return level === 0 ? 99 : level;
}

/** Inserts a rule among its siblings: after every sibling of the same or a higher rank. */
export function insertSibling(list: TreeNode[], node: TreeNode): void {
  const r = rank(node.def.level);
  let i = 0;
  while (i < list.length && rank(list[i]!.def.level) >= r) i++;
  list.splice(i, 0, node);
}

/** Whether a rule's group string matches an `if_group`/`if_matched_group` value (OS_Match: substring, case-insensitive, `|` alternatives). */
export function groupMatcher(value: string): (groups: string) => boolean {
  const m = compilePattern('osmatch', value);
  return (groups) => m.test(groups);
}

/** Builds the tree from rules in load order. */
export function buildTree(defs: readonly RuleDef[]): Tree {
  const tree: Tree = { roots: [], nodes: [], byId: new Map(), warnings: [] };
  for (const def of defs) {
    const existing = tree.byId.get(def.id);
    if (existing !== undefined) {
      if (!def.overwrite) {
        throw new RuleError('RULE_SYNTAX', { file: def.file, line: def.line, ruleId: def.id }, `rule id ${def.id} is already defined at ${existing.def.file}:${existing.def.line} (add overwrite="yes" to replace it)`);
      }
      existing.def = def;
      continue;
    }
    const node: TreeNode = { def, children: [] };
    const parents = findParents(def, tree);
    if (parents === undefined) insertSibling(tree.roots, node);
    else for (const p of parents) insertSibling(p.children, node);
    tree.nodes.push(node);
    tree.byId.set(def.id, node);
  }
  return tree;
}

function findParents(def: RuleDef, tree: Tree): TreeNode[] | undefined {
  const where = { file: def.file, line: def.line, ruleId: def.id };
  const bySid = (sids: readonly string[], element: string): TreeNode[] => {
    const found: TreeNode[] = [];
    const missing: string[] = [];
    for (const sid of new Set(sids)) {
      const n = tree.byId.get(sid);
      if (n === undefined) missing.push(sid);
      else found.push(n);
    }
    if (found.length === 0) {
      throw new RuleError('RULE_SYNTAX', where, `${element} names rule${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, not defined before this rule (rules load in file-name order, shipped rules before user rules)`);
    }
    if (missing.length > 0) tree.warnings.push(`${def.file}:${def.line}, rule ${def.id}: ${element} rule${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not defined before this rule; ignored`);
    return found;
  };
  const byGroup = (value: string, element: string): TreeNode[] => {
    const test = groupMatcher(value);
    const found = tree.nodes.filter((n) => test(n.def.groups));
    if (found.length === 0) tree.warnings.push(`${def.file}:${def.line}, rule ${def.id}: no rule loaded before it has a group matching ${element} '${value}'; the rule is never reached`);
    return found;
  };
  if (def.ifSid.length > 0) return bySid(def.ifSid, 'if_sid');
  if (def.ifGroup !== undefined) return byGroup(def.ifGroup, 'if_group');
  if (def.ifLevel !== undefined) {
    const level = def.ifLevel;
    return tree.nodes.filter((n) => n.def.level >= level);
  }
  if (def.ifMatchedSid !== undefined) return bySid([def.ifMatchedSid], 'if_matched_sid');
  if (def.ifMatchedGroup !== undefined) return byGroup(def.ifMatchedGroup, 'if_matched_group');
  return undefined;
}
