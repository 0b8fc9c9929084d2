import { readFile } from 'node:fs/promises';
import { ConfigError } from '../core/errors.ts';
import type { AwsmonConfig, WodleConfig } from './types.ts';
import { readXml, type XmlElement } from './xml.ts';
import { Collector, Section } from './section.ts';
import { buildWodle } from './wodle.ts';
import { parseOnlyLogsAfter as checkOnlyLogsAfter, parseYesNo } from './validators.ts';
import { DEFAULT_ALERT_LEVELS, emptyRuleset, readAlertLevels, readRuleset } from './detection.ts';

export * from './types.ts';
export { AWS_REGIONS } from './regions.ts';
export { DEFAULT_ALERT_LEVELS, emptyRuleset } from './detection.ts';

/**
 * Reads a whole Wazuh `ossec.conf` (several `<ossec_config>` roots allowed) and validates every
 * `<wodle name="aws-s3">` block, `<global><logall_json>`, `<alerts>` levels and `<ruleset>` rule
 * directories and lists; everything else is ignored.
 * Throws ConfigError CONFIG_XML_SYNTAX for malformed XML, CONFIG_INVALID listing every problem.
 */
export function parseConfig(xml: string, options: { file?: string } = {}): AwsmonConfig {
  const roots = readXml(xml, options.file).filter((e) => e.name === 'ossec_config');
  const where = options.file === undefined ? '' : `${options.file}: `;
  if (roots.length === 0) {
    throw new ConfigError('CONFIG_INVALID', [`${where}no <ossec_config> element found (expected <ossec_config> around the configuration)`]);
  }
  const out = new Collector();
  const wodles: WodleConfig[] = [];
  let logAllJson = false;
  let alerts = DEFAULT_ALERT_LEVELS;
  const ruleset = emptyRuleset(options.file);
  for (const child of roots.flatMap((r) => r.children)) {
    if (child.name === 'wodle' && child.attrs.name === 'aws-s3') {
      wodles.push(buildWodle(out, wodles.length + 1, child));
    } else if (child.name === 'global') {
      // Later <global> sections override earlier ones, as Wazuh merges them in order.
      logAllJson = readLogAllJson(out, child) ?? logAllJson;
    } else if (child.name === 'alerts') {
      alerts = readAlertLevels(out, child, alerts);
    } else if (child.name === 'ruleset') {
      readRuleset(out, child, ruleset);
    }
  }
  if (out.problems.length > 0) {
    throw new ConfigError('CONFIG_INVALID', out.problems.map((p) => `${where}${p}`));
  }
  return deepFreeze({ ...(options.file === undefined ? {} : { file: options.file }), wodles, logAllJson, alerts, ruleset, warnings: out.warnings });
}

/** Reads and parses an `ossec.conf` file; CONFIG_FILE_UNREADABLE when it cannot be read. */
export async function loadConfig(file: string): Promise<AwsmonConfig> {
  let xml: string;
  try {
    xml = await readFile(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : (err as Error).message;
    throw new ConfigError('CONFIG_FILE_UNREADABLE', [`cannot read the configuration file '${file}': ${reason}`], { cause: err });
  }
  return parseConfig(xml, { file });
}

/** Parses a `YYYY-MMM-DD` date (e.g. 2018-AUG-21) into `YYYY-MM-DD`; throws CONFIG_INVALID when it is not one. */
export function parseOnlyLogsAfter(value: string): string {
  const result = checkOnlyLogsAfter(value.trim());
  if (result.ok) return result.value;
  throw new ConfigError('CONFIG_INVALID', [`only_logs_after '${value}' ${result.reason} (expected ${result.expected})`]);
}

function readLogAllJson(out: Collector, global: XmlElement): boolean | undefined {
  // Only <logall_json> matters here; the other <global> options belong to Wazuh and are not checked.
  const only = { ...global, children: global.children.filter((c) => c.name === 'logall_json') };
  return new Section(out, '<global>', only, ['logall_json']).read('logall_json', parseYesNo);
}

/** Freezes an object graph. RegExps stay unfrozen: some String methods write their lastIndex. */
function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || value instanceof RegExp || Object.isFrozen(value)) return value;
  for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}
