/**
 * Loading a ruleset: rule files of each directory in file-name order, directory after directory
 * (shipped first), then the tree, the CDB lists and the compiled engine.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorMessage, RuleError } from '../core/index.ts';
import { CdbLists } from './cdb.ts';
import { WazuhRuleEngine } from './engine.ts';
import { loadRuleFile } from './loader.ts';
import { loadAttackData } from './mitre.ts';
import type { RuleDef } from './rule-def.ts';
import { buildTree } from './tree.ts';
import type { EngineOptions, RulesetSource } from './types.ts';

/** The package's `ruleset/` directory. */
export const SHIPPED_RULESET_DIR = fileURLToPath(new URL('../../ruleset/', import.meta.url));

/** The shipped ruleset: `ruleset/rules/*.xml`, list paths resolved under `ruleset/` (`etc/lists/x` → `ruleset/lists/x`). */
export function shippedRuleset(): RulesetSource {
  return { ruleDirs: [join(SHIPPED_RULESET_DIR, 'rules')], listDirs: [SHIPPED_RULESET_DIR] };
}

/** The shipped ruleset plus users' directories: their rules load after the shipped ones, their lists are found first. */
export function rulesetWithUserDirs(userDirs: readonly string[]): RulesetSource {
  const shipped = shippedRuleset();
  return { ruleDirs: [...shipped.ruleDirs, ...userDirs], listDirs: [...userDirs, ...shipped.listDirs] };
}

/**
 * Only the rules and lists in `dir` (`awsmon logtest --ruleset DIR`): its `*.xml` files, then
 * those of `dir/rules` when it exists; list paths resolve relative to `dir`.
 */
export function rulesetFromDir(dir: string): RulesetSource {
  const rules = join(dir, 'rules');
  return { ruleDirs: existsSync(rules) ? [dir, rules] : [dir], listDirs: [dir] };
}

/** Reads every rule file of a source, in load order. */
export async function readRuleDefs(source: RulesetSource): Promise<RuleDef[]> {
  const defs: RuleDef[] = [];
  const excluded = new Set(source.excludedFiles ?? []);
  const files: string[] = [];
  for (const dir of source.ruleDirs) {
    let names: string[];
    try {
      if (!(await stat(dir)).isDirectory()) throw new Error('not a directory');
      names = (await readdir(dir)).filter((n) => n.endsWith('.xml') && !excluded.has(n)).sort();
    } catch (err) {
      throw new RuleError('RULE_FILE_UNREADABLE', { file: dir }, `cannot read the rules directory: ${errorMessage(err)}`);
    }
    files.push(...names.map((name) => join(dir, name)));
  }
  files.push(...(source.ruleFiles ?? []));
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw new RuleError('RULE_FILE_UNREADABLE', { file }, `cannot read the rule file: ${errorMessage(err)}`);
    }
    defs.push(...loadRuleFile(text, file));
  }
  return defs;
}

/** Loads and compiles a ruleset; every problem is a RuleError naming file, line and rule. */
export async function loadRuleEngine(source: RulesetSource, options: EngineOptions = {}): Promise<WazuhRuleEngine> {
  const defs = await readRuleDefs(source);
  return new WazuhRuleEngine(buildTree(defs), new CdbLists(source.listDirs), loadAttackData(options.attackFile), options);
}
