/**
 * The parts of `ossec.conf` that steer detection, read the way Wazuh's analysisd reads them:
 * `<alerts>` (`log_alert_level`, `email_alert_level`) and `<ruleset>` (`rule_dir`, `rule_include`,
 * `rule_exclude`, `list`). Paths in `<ruleset>` are relative to the Wazuh home (`/var/ossec`), the
 * folder above the one holding `ossec.conf`. Wazuh's own shipped rules and decoders
 * (`ruleset/...`) are replaced by awsmon's shipped ruleset, so those entries are skipped; decoder
 * options do not apply (every AWS event is decoded as JSON).
 */
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { AlertLevels, RulesetConfig } from './types.ts';
import type { Collector } from './section.ts';
import type { XmlElement } from './xml.ts';

/** Wazuh's defaults in its shipped `ossec.conf`. */
export const DEFAULT_ALERT_LEVELS: AlertLevels = { logAlertLevel: 3, emailAlertLevel: 12 };

const ALERT_OPTIONS = ['log_alert_level', 'email_alert_level'] as const;
const RULESET_USED = ['rule_dir', 'rule_include', 'rule_exclude', 'list'];
const RULESET_IGNORED = ['decoder_dir', 'decoder_include', 'decoder_exclude'];

/** Reads `<alerts>` over `base` (a later section overrides an earlier one, as Wazuh merges them). */
export function readAlertLevels(out: Collector, el: XmlElement, base: AlertLevels): AlertLevels {
  const levels = { ...base };
  for (const child of el.children) {
    const name = child.name as (typeof ALERT_OPTIONS)[number];
    // Wazuh's other <alerts> options (geoip, ...) do not concern awsmon.
    if (!ALERT_OPTIONS.includes(name)) continue;
    const value = child.text.trim();
    if (!/^\d{1,2}$/.test(value) || Number(value) > 16) {
      out.problems.push(`<alerts>: <${name}> '${value}' is not a rule level (expected a whole number from 0 to 16)`);
      continue;
    }
    if (name === 'log_alert_level') levels.logAlertLevel = Number(value);
    else levels.emailAlertLevel = Number(value);
  }
  return levels;
}

/** The Wazuh home relative `<ruleset>` paths hang off: the folder above the one holding ossec.conf. */
export function wazuhHome(file: string | undefined): string {
  return file === undefined ? process.cwd() : dirname(dirname(resolve(file)));
}

/** Reads one `<ruleset>` section into `into` (sections add up, as Wazuh's do). */
export function readRuleset(out: Collector, el: XmlElement, into: RulesetConfig): void {
  for (const child of el.children) {
    if (RULESET_IGNORED.includes(child.name)) continue;
    if (!RULESET_USED.includes(child.name)) {
      out.problems.push(`<ruleset>: unknown element <${child.name}> (expected one of ${[...RULESET_USED, ...RULESET_IGNORED].map((n) => `<${n}>`).join(', ')})`);
      continue;
    }
    const value = child.text.trim();
    if (value === '') {
      out.problems.push(`<ruleset>: <${child.name}> is empty (expected a path)`);
      continue;
    }
    if (child.name === 'rule_exclude') {
      into.excludedFiles.push(value.split('/').pop() ?? value);
      continue;
    }
    // Wazuh's own ruleset: awsmon ships its own in its place.
    if (/^ruleset\//.test(value)) continue;
    const path = isAbsolute(value) ? value : join(into.home, value);
    if (child.name === 'rule_dir') into.ruleDirs.push(path);
    else if (child.name === 'rule_include') into.ruleFiles.push(path);
    else into.lists.push(path);
  }
}

/** A ruleset section with nothing in it (no `<ruleset>` in the file, or a configuration built in code). */
export function emptyRuleset(file?: string): RulesetConfig {
  return { home: wazuhHome(file), ruleDirs: [], ruleFiles: [], excludedFiles: [], lists: [] };
}
