/**
 * ATT&CK technique facts for `rule.mitre` of alerts: technique names and tactic names by id,
 * from `src/rules/mitre/attack-techniques.json` (or a file given to the engine).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { errorMessage, RuleError } from '../core/index.ts';

/** Technique id → name and tactics. */
export type AttackData = ReadonlyMap<string, { name: string; tactics: readonly string[] }>;

/** The bundled ATT&CK data file. */
export const DEFAULT_ATTACK_FILE = fileURLToPath(new URL('./mitre/attack-techniques.json', import.meta.url));

/** Loads an ATT&CK data file; an absent default file gives empty data (ids without names). */
export function loadAttackData(file: string = DEFAULT_ATTACK_FILE): AttackData {
  if (file === DEFAULT_ATTACK_FILE && !existsSync(file)) return new Map();
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new RuleError('RULE_FILE_UNREADABLE', { file }, `cannot read the ATT&CK data: ${errorMessage(err)}`);
  }
  const out = new Map<string, { name: string; tactics: readonly string[] }>();
  if (raw === null || typeof raw !== 'object') return out;
  for (const [id, v] of Object.entries(raw as Record<string, unknown>)) {
    const t = v as { name?: unknown; tactics?: unknown };
    if (typeof t.name === 'string') out.set(id, { name: t.name, tactics: Array.isArray(t.tactics) ? t.tactics.filter((x): x is string => typeof x === 'string') : [] });
  }
  return out;
}

/** `rule.mitre` of a rule's technique ids: ids as written, tactics deduplicated in order, technique names. */
export function mitreBlock(ids: readonly string[], data: AttackData): { id: string[]; tactic: string[]; technique: string[] } {
  const tactic: string[] = [];
  const technique: string[] = [];
  for (const id of ids) {
    const t = data.get(id);
    if (t === undefined) continue;
    technique.push(t.name);
    for (const name of t.tactics) if (!tactic.includes(name)) tactic.push(name);
  }
  return { id: [...ids], tactic, technique };
}
