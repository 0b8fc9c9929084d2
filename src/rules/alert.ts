/**
 * Alerts in the Wazuh alert JSON schema (reference §6, `to_json.c`): key order timestamp, rule,
 * agent, manager, id, [previous_output], [full_log], decoder, data, location.
 */
import { STATIC_KEYS, stringifyLeaf } from './fields.ts';
import { mitreBlock } from './mitre.ts';
import type { AttackData } from './mitre.ts';

/** Compliance group prefixes and the `rule` array each fills, in Wazuh's output order. */
const COMPLIANCE: readonly (readonly [prefix: string, key: string])[] = [
  ['pci_dss_', 'pci_dss'], ['gpg13_', 'gpg13'], ['gdpr_', 'gdpr'], ['hipaa_', 'hipaa'], ['nist_800_53_', 'nist_800_53'], ['tsc_', 'tsc'], ['cis_', 'cis'],
];

/** The parts of `rule` that do not change between alerts of one rule. */
export interface RuleTemplate {
  groups: string[];
  compliance: [key: string, values: string[]][];
  mitre: { id: string[]; tactic: string[]; technique: string[] } | undefined;
}

/** Splits a rule's group string into plain groups and compliance arrays, and resolves its MITRE ids. */
export function ruleTemplate(groupString: string, mitreIds: readonly string[], attack: AttackData): RuleTemplate {
  const groups: string[] = [];
  const compliance = new Map<string, string[]>();
  for (const raw of groupString.split(',')) {
    const g = raw.trim();
    if (g === '') continue;
    const c = COMPLIANCE.find(([prefix]) => g.startsWith(prefix));
    if (c === undefined) groups.push(g);
    else {
      const list = compliance.get(c[1]) ?? [];
      list.push(g.slice(c[0].length));
      compliance.set(c[1], list);
    }
  }
  const ordered = COMPLIANCE.filter(([, key]) => compliance.has(key)).map(([, key]) => [key, compliance.get(key)!] as [string, string[]]);
  return { groups, compliance: ordered, mitre: mitreIds.length > 0 ? mitreBlock(mitreIds, attack) : undefined };
}

/** Everything one alert needs. */
export interface AlertParts {
  now: number;
  counter: number;
  level: number;
  description: string;
  ruleId: string;
  template: RuleTemplate;
  frequency: number | undefined;
  firedtimes: number | undefined;
  mail: boolean;
  agent: { id: string; name: string; ip?: string };
  manager: { name: string };
  previousOutput: string[] | undefined;
  fullLog: string | undefined;
  message: unknown;
  location: string;
}

/** Builds the alert object; JSON.stringify of it is the alerts.json line. */
export function buildAlert(p: AlertParts): Record<string, unknown> {
  const rule: Record<string, unknown> = {};
  if (p.level !== 0) rule['level'] = p.level;
  rule['description'] = p.description;
  rule['id'] = p.ruleId;
  if (p.template.mitre !== undefined) rule['mitre'] = { id: [...p.template.mitre.id], tactic: [...p.template.mitre.tactic], technique: [...p.template.mitre.technique] };
  if (p.frequency !== undefined) rule['frequency'] = p.frequency;
  if (p.firedtimes !== undefined) rule['firedtimes'] = p.firedtimes;
  rule['mail'] = p.mail;
  rule['groups'] = [...p.template.groups];
  for (const [key, values] of p.template.compliance) rule[key] = [...values];
  const alert: Record<string, unknown> = {
    timestamp: formatTimestamp(p.now),
    rule,
    agent: p.agent.ip === undefined ? { id: p.agent.id, name: p.agent.name } : { id: p.agent.id, name: p.agent.name, ip: p.agent.ip },
    manager: { name: p.manager.name },
    id: `${Math.floor(p.now / 1000)}.${p.counter}`,
  };
  if (p.previousOutput !== undefined && p.previousOutput.length > 0) alert['previous_output'] = p.previousOutput.join('\n');
  if (p.fullLog !== undefined) alert['full_log'] = p.fullLog;
  alert['decoder'] = { name: 'json' };
  alert['data'] = alertData(p.message);
  alert['location'] = p.location;
  return alert;
}

let lastMs = Number.NaN;
let lastText = '';
let lastOffset = Number.NaN;

/** `YYYY-MM-DDTHH:MM:SS.mmm+hhmm` in the local time zone, as Wazuh writes `timestamp`. */
export function formatTimestamp(ms: number): string {
  // Alerts of one batch share their processing millisecond: format it once (per zone offset).
  const d = new Date(ms);
  const off = -d.getTimezoneOffset();
  if (ms === lastMs && off === lastOffset) return lastText;
  lastMs = ms;
  lastOffset = off;
  lastText = formatLocal(d, off);
  return lastText;
}

function formatLocal(d: Date, off: number): string {
  const abs = Math.abs(off);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}T${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}${off < 0 ? '-' : '+'}${p2(Math.floor(abs / 60))}${p2(abs % 60)}`;
}

// Static fields in the order Wazuh writes them, and the top-level keys that fill each.
const STATIC_ORDER = Object.keys(STATIC_KEYS);
const STATIC_TOP_KEYS = new Set(Object.values(STATIC_KEYS).flat());

/**
 * The alert's `data`: the decoded fields re-nested on `.`; values stay strings except arrays,
 * empty strings are left out, static fields (top-level `srcip`, `user`...) come first under
 * their static names.
 */
export function alertData(message: unknown): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  if (message === null || typeof message !== 'object' || Array.isArray(message)) return data;
  const msg = message as Record<string, unknown>;
  for (const field of STATIC_ORDER) {
    for (const key of STATIC_KEYS[field]!) {
      if (!Object.hasOwn(msg, key)) continue;
      const v = leafOut(msg[key]);
      if (v !== undefined) {
        data[field] = v;
        break;
      }
    }
  }
  for (const key of Object.keys(msg)) {
    if (STATIC_TOP_KEYS.has(key)) continue;
    addNested(data, key.includes('.') ? key.split('.') : [key], msg[key]);
  }
  return data;
}

function addNested(target: Record<string, unknown>, path: string[], value: unknown): void {
  if (path.length === 1 && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    // The common case, a key without dots holding an object: descend without building paths.
    const k = path[0]!;
    let sub = target[k];
    if (sub === undefined) {
      for (const key of Object.keys(value)) {
        const v = (value as Record<string, unknown>)[key];
        if (sub === undefined && leafOrObjectEmpty(v)) continue;
        if (sub === undefined) target[k] = sub = {};
        if (sub === null || typeof sub !== 'object' || Array.isArray(sub)) return;
        addNested(sub as Record<string, unknown>, key.includes('.') ? key.split('.') : [key], v);
      }
      return;
    }
    if (sub === null || typeof sub !== 'object' || Array.isArray(sub)) return;
    for (const key of Object.keys(value)) addNested(sub as Record<string, unknown>, key.includes('.') ? key.split('.') : [key], (value as Record<string, unknown>)[key]);
    return;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const k of Object.keys(value)) addNested(target, [...path, ...k.split('.')], (value as Record<string, unknown>)[k]);
    return;
  }
  const out = leafOut(value);
  if (out === undefined) return;
  let o = target;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i]!;
    const next = o[k];
    if (next === undefined) {
      const created: Record<string, unknown> = {};
      o[k] = created;
      o = created;
    } else if (next !== null && typeof next === 'object' && !Array.isArray(next)) {
      o = next as Record<string, unknown>;
    } else {
      return; // a field already holds a value here: first occurrence wins
    }
  }
  const last = path[path.length - 1]!;
  if (!Object.hasOwn(o, last)) o[last] = out;
}

/** Whether a value adds nothing to `data` (an empty string, or an object of such). */
function leafOrObjectEmpty(v: unknown): boolean {
  if (v === '' || v === undefined) return true;
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    for (const k of Object.keys(v)) if (!leafOrObjectEmpty((v as Record<string, unknown>)[k])) return false;
    return true;
  }
  return false;
}

function leafOut(value: unknown): unknown {
  const s = stringifyLeaf(value);
  if (s === undefined || s === '') return undefined;
  if (s.charCodeAt(0) === 91 /* [ */) {
    try {
      const parsed: unknown = JSON.parse(s);
      if (Array.isArray(parsed)) return parsed;
    } catch {
      // not JSON: stays a string
    }
  }
  return s;
}
