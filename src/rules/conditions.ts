/**
 * Compiles a rule's conditions into predicates run per event: field accessors and patterns are
 * built once here, so the per-event path is property reads and pattern tests. Cheap checks come
 * first; `<match>`/`<regex>` (which need the full log text) last.
 */
import { errorMessage, RuleError } from '../core/index.ts';
import type { EngineInput } from './types.ts';
import { addressLookup } from './cdb.ts';
import type { CdbLists } from './cdb.ts';
import { compileAccessor } from './fields.ts';
import type { Accessor, Origin } from './fields.ts';
import { compilePattern, PatternSyntaxError } from './regex/index.ts';
import type { Matcher } from './regex/index.ts';
import type { AddressDef, ListDef, PatternDef, RuleDef } from './rule-def.ts';
import { compileTime, compileWeekday } from './time-cond.ts';

/** One event being evaluated; `log` caches the full log once a rule asked for it. */
export interface EvalState {
  readonly message: unknown;
  readonly input: EngineInput;
  log: string | undefined;
}

/** The full log of the event, produced on first use. */
export function fullLogOf(s: EvalState): string {
  return (s.log ??= s.input.fullLog());
}

/** A compiled condition. */
export type Condition = (s: EvalState) => boolean;

/** Compiles a pattern, turning a syntax error into RULE_BAD_PATTERN naming the rule. */
export function pattern(def: RuleDef, p: PatternDef, element: string): Matcher {
  try {
    return compilePattern(p.type, p.pattern);
  } catch (err) {
    if (err instanceof PatternSyntaxError) {
      throw new RuleError('RULE_BAD_PATTERN', { file: def.file, line: p.line, ruleId: def.id }, `<${element}> ${p.type} pattern '${p.pattern}': ${err.reason}`, { cause: err });
    }
    throw err;
  }
}

/** A rule's compiled conditions. */
export interface CompiledConditions {
  /** Every condition except correlation, in evaluation order. */
  conds: Condition[];
  /** The condition of each `def.fields` entry, in that order (each is also in `conds`). */
  fieldConds: Condition[];
}

/** Every condition of a rule except correlation, in evaluation order. */
export function compileConditions(def: RuleDef, origin: Origin, lists: CdbLists): CompiledConditions {
  const conds: Condition[] = [];
  const fieldConds: Condition[] = [];
  const bad = (line: number, reason: string): never => {
    throw new RuleError('RULE_SYNTAX', { file: def.file, line, ruleId: def.id }, reason);
  };
  // Every event awsmon evaluates was decoded by Wazuh's json decoder, of type syslog.
  if (def.decodedAs !== undefined && def.decodedAs !== 'json') conds.push(() => false);
  if (def.category !== undefined && def.category !== 'syslog') conds.push(() => false);
  for (const f of def.fields) {
    const get = compileAccessor(f.name, origin);
    const m = pattern(def, f, f.element === 'field' ? `field name="${f.name}"` : f.element);
    const cond: Condition = f.negate ? (s) => { const v = get(s.message); return v !== undefined && !m.test(v); } : (s) => { const v = get(s.message); return v !== undefined && m.test(v); };
    conds.push(cond);
    fieldConds.push(cond);
  }
  for (const name of ['srcip', 'dstip'] as const) {
    const defs = def.addresses.filter((a) => a.name === name);
    if (defs.length > 0) conds.push(addressCondition(name, defs, origin, bad));
  }
  for (const l of def.lists) conds.push(listCondition(def, l, origin, lists));
  if (def.time !== undefined) {
    const t = def.time;
    const check = tryCompile(() => compileTime(t.value), t.line, bad);
    conds.push((s) => check(s.input.time));
  }
  if (def.weekday !== undefined) {
    const w = def.weekday;
    const check = tryCompile(() => compileWeekday(w.value), w.line, bad);
    conds.push((s) => check(s.input.time));
  }
  if (def.maxsize !== undefined) {
    const max = def.maxsize;
    conds.push((s) => fullLogOf(s).length >= max);
  }
  for (const [p, element] of [[def.match, 'match'], [def.regex, 'regex']] as const) {
    if (p === undefined) continue;
    const m = pattern(def, p, element);
    conds.push(p.negate ? (s) => !m.test(fullLogOf(s)) : (s) => m.test(fullLogOf(s)));
  }
  if (def.checkDiff) {
    // Matches when the log differs from the last one that reached this check.
    let last: string | undefined;
    conds.push((s) => {
      const log = fullLogOf(s);
      const changed = last !== undefined && last !== log;
      last = log;
      return changed;
    });
  }
  return { conds, fieldConds };
}

function tryCompile<T>(f: () => T, line: number, bad: (line: number, reason: string) => never): T {
  try {
    return f();
  } catch (err) {
    return bad(line, errorMessage(err));
  }
}

function listCondition(def: RuleDef, l: ListDef, origin: Origin, lists: CdbLists): Condition {
  const list = lists.get(l.path, { file: def.file, line: l.line, ruleId: def.id });
  const get: Accessor = compileAccessor(l.field, origin);
  const check = l.checkValue === undefined ? undefined : pattern(def, l.checkValue, 'list check_value');
  const valueOk = (v: string | undefined) => v !== undefined && (check === undefined || check.test(v));
  switch (l.lookup) {
    case 'match_key': return (s) => { const k = get(s.message); return k !== undefined && list.has(k); };
    case 'not_match_key': return (s) => { const k = get(s.message); return k !== undefined && !list.has(k); };
    case 'match_key_value': return (s) => { const k = get(s.message); return k !== undefined && valueOk(list.get(k)); };
    case 'address_match_key': return (s) => { const k = get(s.message); return k !== undefined && addressLookup(list, k) !== undefined; };
    case 'not_address_match_key': return (s) => { const k = get(s.message); return k !== undefined && addressLookup(list, k) === undefined; };
    case 'address_match_key_value': return (s) => { const k = get(s.message); return k !== undefined && valueOk(addressLookup(list, k)); };
  }
}

/**
 * `<srcip>`/`<dstip>`: the static field must be one of the listed addresses or networks
 * (IPv4 `a.b.c.d`, `a.b.c.d/len` or `a.b.c.d/mask`; other addresses compare as text) and none of
 * the negated ones.
 */
function addressCondition(name: string, defs: AddressDef[], origin: Origin, bad: (line: number, reason: string) => never): Condition {
  const get = compileAccessor(name, origin);
  const compile = (d: AddressDef) => {
    const m = compileAddress(d.value);
    if (m === undefined) bad(d.line, `<${name}> '${d.value}' is not an IP address or network (expected e.g. 10.0.0.0/8)`);
    return m;
  };
  const wanted = defs.filter((d) => !d.negate).map(compile);
  const refused = defs.filter((d) => d.negate).map(compile);
  return (s) => {
    const ip = get(s.message);
    if (ip === undefined) return false;
    if (wanted.length > 0 && !wanted.some((m) => m(ip))) return false;
    return !refused.some((m) => m(ip));
  };
}

function ipv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  if (m === null) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

/** A matcher for one address or network, or undefined when the text is neither. */
export function compileAddress(value: string): ((ip: string) => boolean) | undefined {
  const [addr = '', maskText] = value.trim().split('/');
  const base = ipv4(addr);
  if (base === undefined) {
    if (!/^[0-9a-fA-F:.]+$/.test(addr) || !addr.includes(':')) return undefined;
    const lower = value.trim().toLowerCase();
    return (ip) => ip.toLowerCase() === lower;
  }
  let mask = 0xffffffff;
  if (maskText !== undefined) {
    if (/^\d{1,2}$/.test(maskText) && Number(maskText) <= 32) mask = Number(maskText) === 0 ? 0 : (0xffffffff << (32 - Number(maskText))) >>> 0;
    else {
      const m = ipv4(maskText);
      if (m === undefined) return undefined;
      mask = m;
    }
  }
  const net = (base & mask) >>> 0;
  return (ip) => {
    const v = ipv4(ip);
    return v !== undefined && ((v & mask) >>> 0) === net;
  };
}

/** Compiles a description: `$(name)` becomes the field's value, empty when the event lacks it. */
export function compileDescription(text: string, origin: Origin): (message: unknown) => string {
  const parts: (string | Accessor)[] = [];
  let last = 0;
  for (const m of text.matchAll(/\$\(([^)]+)\)/g)) {
    parts.push(text.slice(last, m.index));
    const name = m[1]!.trim();
    const alias: Record<string, string> = { user: 'dstuser', hostname: '@hostname', program_name: '@program_name', location: '@location' };
    parts.push(compileAccessor(alias[name] ?? name, origin));
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  if (parts.length === 1) return () => text;
  // Wazuh caps a rule comment at OS_COMMENT_MAX (1024) bytes.
  return (message) => {
    let out = '';
    for (const p of parts) out += typeof p === 'string' ? p : (p(message) ?? '');
    return out.length > 1024 ? out.slice(0, 1024) : out;
  };
}
