/** Helpers for the rules tests: rulesets written into temporary directories. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createEngineInput } from './input.ts';
import { loadRuleEngine } from './load.ts';
import type { WazuhRuleEngine } from './engine.ts';
import type { EngineInput, EngineOptions } from './types.ts';

/** A small ATT&CK data fixture. */
export const ATTACK_FIXTURE = {
  T1078: { name: 'Valid Accounts', tactics: ['Defense Evasion', 'Persistence', 'Privilege Escalation', 'Initial Access'] },
  T1110: { name: 'Brute Force', tactics: ['Credential Access'] },
  'T1078.004': { name: 'Cloud Accounts', tactics: ['Defense Evasion', 'Persistence', 'Privilege Escalation', 'Initial Access'] },
};

/** Writes files (path → text) under a new temporary directory and returns it. */
export function writeTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'awsmon-rules-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Fixed engine options: clock, host names, the ATT&CK fixture. */
export function fixedOptions(dir: string, extra: EngineOptions = {}): EngineOptions {
  const attackFile = join(dir, 'attack.json');
  writeFileSync(attackFile, JSON.stringify(ATTACK_FIXTURE));
  return { now: () => Date.UTC(2024, 0, 2, 3, 4, 5, 678), agent: { id: '000', name: 'awsmon-host' }, manager: { name: 'awsmon-host' }, attackFile, ...extra };
}

/** An engine over one rule file (`rules/rules.xml`) and lists (`lists/<name>`), with fixed options. */
export async function engineOf(rulesXml: string, lists: Record<string, string> = {}, extra: EngineOptions = {}): Promise<WazuhRuleEngine> {
  const files: Record<string, string> = { 'rules/rules.xml': rulesXml };
  for (const [name, text] of Object.entries(lists)) files[`lists/${name}`] = text;
  const dir = writeTree(files);
  return loadRuleEngine({ ruleDirs: [join(dir, 'rules')], listDirs: [dir] }, fixedOptions(dir, extra));
}

/** A Wazuh AWS message `{"integration":"aws","aws":{...}}`. */
export function awsMessage(aws: Record<string, unknown>): Record<string, unknown> {
  return { integration: 'aws', aws };
}

/** The input of an AWS message at a given second of 2024-01-01 UTC. */
export function at(second: number, aws: Record<string, unknown>): EngineInput {
  return createEngineInput(awsMessage(aws), Date.UTC(2024, 0, 1) + second * 1000);
}

/** The final rule id of each event, `-` when none. */
export function finalIds(engine: WazuhRuleEngine, inputs: EngineInput[]): string[] {
  return inputs.map((i) => engine.evaluate(i).rule?.id ?? '-');
}
