/**
 * CDB lists in Wazuh's text format (one `key:value`, `key:` or `"quoted:key":value` per line) and
 * the lookups rules make on them. Wazuh compiles lists into CDB files; awsmon reads the text
 * into a Map once at load, which gives the same answers.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RuleError } from '../core/index.ts';

/** A loaded list: key → value (empty string for `key:`). */
export type CdbList = ReadonlyMap<string, string>;

/** Parses the text of a list file; a malformed line is RULE_BAD_LIST naming file and line. */
export function parseCdbList(text: string, file: string): CdbList {
  const list = new Map<string, string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.trim() === '') continue;
    let key: string;
    let rest: string;
    if (line.startsWith('"')) {
      const close = line.indexOf('"', 1);
      if (close < 0 || line[close + 1] !== ':') throw new RuleError('RULE_BAD_LIST', { file, line: i + 1 }, `malformed list line '${line.slice(0, 80)}' (a quoted key must be followed by ':', e.g. "a0:b1":value)`);
      key = line.slice(1, close);
      rest = line.slice(close + 2);
    } else {
      const colon = line.indexOf(':');
      if (colon <= 0) throw new RuleError('RULE_BAD_LIST', { file, line: i + 1 }, `malformed list line '${line.slice(0, 80)}' (expected key:value or key:)`);
      key = line.slice(0, colon);
      rest = line.slice(colon + 1);
    }
    // Keys are unique; like Wazuh's list compiler, the first one wins.
    if (!list.has(key)) list.set(key, rest);
  }
  return list;
}

/**
 * Resolves a rule's list path against the list directories, tried in order: `<dir>/<path>`,
 * then for Wazuh paths (`etc/lists/amazon/aws-eventnames`) `<dir>/lists/<rest>` and `<dir>/<rest>`
 * where `<rest>` is the path without `etc/lists/`. A `.cdb` suffix is ignored (the text is read).
 */
export function resolveListPath(path: string, listDirs: readonly string[]): string | undefined {
  const p = path.replace(/\.cdb$/, '');
  const rest = p.replace(/^(?:\/var\/ossec\/)?etc\/lists\//, '');
  const candidates = (dir: string) => (rest === p ? [join(dir, p), join(dir, 'lists', p)] : [join(dir, p), join(dir, 'lists', rest), join(dir, rest)]);
  for (const dir of listDirs) {
    for (const c of candidates(dir)) if (existsSync(c) && statSync(c).isFile()) return c;
  }
  return undefined;
}

/** Loads lists on first use and keeps them, so each file is read once per ruleset. */
export class CdbLists {
  readonly #dirs: readonly string[];
  readonly #loaded = new Map<string, CdbList>();

  constructor(listDirs: readonly string[]) {
    this.#dirs = listDirs;
  }

  /** The list a rule names; RULE_BAD_LIST (naming the rule's file and line) when it cannot be found. */
  get(path: string, where: { file: string; line: number; ruleId: string }): CdbList {
    const file = resolveListPath(path, this.#dirs);
    if (file === undefined) throw new RuleError('RULE_BAD_LIST', where, `CDB list '${path}' not found (looked in: ${this.#dirs.join(', ') || 'no list directories'})`);
    let list = this.#loaded.get(file);
    if (list === undefined) {
      list = parseCdbList(readFileSync(file, 'utf8'), file);
      this.#loaded.set(file, list);
    }
    return list;
  }
}

/**
 * The value stored for an address or for the network it belongs to, Wazuh's dotted-prefix
 * matching: `10.1.2.3` is looked up as `10.1.2.3`, then `10.1.2.`, `10.1.`, `10.`.
 */
export function addressLookup(list: CdbList, address: string): string | undefined {
  const exact = list.get(address);
  if (exact !== undefined) return exact;
  for (let i = address.length - 2; i >= 0; i--) {
    if (address.charCodeAt(i) === 46) {
      const v = list.get(address.slice(0, i + 1));
      if (v !== undefined) return v;
    }
  }
  return undefined;
}
