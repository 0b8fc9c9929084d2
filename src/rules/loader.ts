/**
 * Reads rule files in the Wazuh XML rule language into validated `RuleDef`s. Every element and
 * attribute of the language is recognised; one that is not is rejected with a hint, and every
 * problem names the file, line and rule id (docs/rule-language.md lists the language as awsmon
 * runs it).
 */
import { RuleError } from '../core/index.ts';
import type { PatternType } from './regex/index.ts';
import type { FieldDef, ListLookup, PatternDef, RuleDef } from './rule-def.ts';
import { parseXml } from './xml.ts';
import type { XmlElement } from './xml.ts';

const RULE_ATTRS = new Set(['id', 'level', 'maxsize', 'frequency', 'timeframe', 'ignore', 'overwrite', 'noalert']);
const PATTERN_TYPES = new Set<PatternType>(['osregex', 'osmatch', 'pcre2']);
const LOOKUPS = new Set<ListLookup>(['match_key', 'not_match_key', 'match_key_value', 'address_match_key', 'not_address_match_key', 'address_match_key_value']);
const OPTIONS = new Set(['alert_by_email', 'no_email_alert', 'no_log', 'no_full_log', 'no_counter', 'no_ar', 'log_alert']);

/**
 * Static-field elements and the decoded static field each reads. For events decoded by Wazuh's
 * json decoder these are filled from top-level keys of the message only (`hostname`,
 * `program_name` and `location` come from the event's origin instead).
 */
const STATIC_ELEMENTS: Record<string, string> = {
  srcport: 'srcport', dstport: 'dstport', protocol: 'protocol', action: 'action', user: 'dstuser',
  system_name: 'system_name', id: 'id', url: 'url', status: 'status', data: 'data', extra_data: 'extra_data',
  program_name: '@program_name', hostname: '@hostname', location: '@location', srcgeoip: '@srcgeoip', dstgeoip: '@dstgeoip',
};

/** The static field each legacy `same_*`/`different_*` element compares. */
const LEGACY_FIELDS: Record<string, string> = {
  srcip: 'srcip', source_ip: 'srcip', dstip: 'dstip', srcport: 'srcport', src_port: 'srcport', dstport: 'dstport', dst_port: 'dstport',
  srcuser: 'srcuser', user: 'dstuser', protocol: 'protocol', action: 'action', data: 'data', extra_data: 'extra_data',
  status: 'status', system_name: 'system_name', url: 'url', id: 'id', location: '@location', agent: '@agent',
  srcgeoip: '@srcgeoip', dstgeoip: '@dstgeoip',
};

const ELEMENT_HINT = 'expected one of: match, regex, decoded_as, category, field, srcip, dstip, srcport, dstport, data, extra_data, user, system_name, program_name, protocol, hostname, id, url, action, status, location, srcgeoip, dstgeoip, time, weekday, if_sid, if_group, if_level, if_matched_sid, if_matched_group, same_field, different_field, distinct_field, global_frequency, list, description, group, mitre, info, options, check_diff, ignore, check_if_ignored, same_*/different_* (legacy)';

/** One rule file read into rule definitions, in file order. */
export function loadRuleFile(text: string, file: string): RuleDef[] {
  const vars = new Map<string, string>();
  const rules: RuleDef[] = [];
  for (const root of parseXml(text, file)) {
    if (root.name === 'var') {
      readVar(root, file, vars);
    } else if (root.name === 'group') {
      const name = root.attrs.find((a) => a.name === 'name');
      if (name === undefined) fail(file, root.line, undefined, '<group> needs a name attribute (e.g. <group name="amazon,aws,">)');
      const extra = root.attrs.find((a) => a.name !== 'name');
      if (extra !== undefined) fail(file, extra.line, undefined, `unknown attribute '${extra.name}' of <group> (expected: name)`);
      for (const child of root.children) {
        if (child.name === 'rule') rules.push(readRule(child, name.value, file, vars));
        else if (child.name === 'var') readVar(child, file, vars);
        else fail(file, child.line, undefined, `unknown element <${child.name}> in <group> (expected <rule>)`);
      }
    } else {
      fail(file, root.line, undefined, `unknown top-level element <${root.name}> (expected <group name="..."> or <var name="...">)`);
    }
  }
  return rules;
}

function readVar(el: XmlElement, file: string, vars: Map<string, string>): void {
  const name = el.attrs.find((a) => a.name === 'name')?.value;
  if (name === undefined || !/^[A-Za-z0-9_]+$/.test(name)) fail(file, el.line, undefined, '<var> needs a name attribute made of letters, digits and _');
  vars.set(name, el.text.trim());
}

function applyVars(text: string, vars: Map<string, string>): string {
  if (vars.size === 0 || !text.includes('$')) return text;
  // Longest names first so $BAD_WORDS_2 is not read as $BAD_WORDS followed by _2.
  const names = [...vars.keys()].sort((a, b) => b.length - a.length);
  return text.replace(/\$([A-Za-z0-9_]+)/g, (all, n: string) => {
    for (const name of names) if (n.startsWith(name)) return vars.get(name)! + n.slice(name.length);
    return all;
  });
}

function readRule(el: XmlElement, groupName: string, file: string, vars: Map<string, string>): RuleDef {
  const attr = (n: string) => el.attrs.find((a) => a.name === n);
  const idAttr = attr('id');
  if (idAttr === undefined) fail(file, el.line, undefined, '<rule> has no id attribute');
  if (!/^\d{1,6}$/.test(idAttr.value.trim()) || Number(idAttr.value) < 1) fail(file, idAttr.line, undefined, `rule id '${idAttr.value}' is not a number from 1 to 999999`);
  const id = String(Number(idAttr.value));
  const bad = (line: number, reason: string): never => fail(file, line, id, reason);
  for (const a of el.attrs) if (!RULE_ATTRS.has(a.name)) bad(a.line, `unknown attribute '${a.name}' of <rule> (expected: ${[...RULE_ATTRS].join(', ')})`);
  const levelAttr = attr('level');
  if (levelAttr === undefined) bad(el.line, '<rule> has no level attribute');
  const num = (a: { value: string; line: number } | undefined, what: string, min: number, max: number): number | undefined => {
    if (a === undefined) return undefined;
    const v = a.value.trim();
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) bad(a.line, `${what} '${a.value}' is not a number from ${min} to ${max}`);
    return Number(v);
  };
  const rule: RuleDef = {
    id, level: num(levelAttr, 'level', 0, 16)!, file, line: el.line, groups: groupName, description: '',
    overwrite: yesNo(attr('overwrite'), 'overwrite', bad), noalert: attr('noalert') !== undefined,
    ifSid: [], fields: [], addresses: [], lists: [], sameFields: [], differentFields: [], globalFrequency: false,
    checkDiff: false, ignoreFields: [], checkIgnoredFields: [], mitre: [], options: new Set(),
  };
  const maxsize = num(attr('maxsize'), 'maxsize', 1, 99999);
  if (maxsize !== undefined) rule.maxsize = maxsize;
  const frequency = num(attr('frequency'), 'frequency', 2, 9999);
  if (frequency !== undefined) rule.frequency = frequency;
  const timeframe = num(attr('timeframe'), 'timeframe', 1, 99999);
  if (timeframe !== undefined) rule.timeframe = timeframe;
  const ignore = num(attr('ignore'), 'ignore', 1, 999999);
  if (ignore !== undefined) rule.ignore = ignore;
  for (const child of el.children) readElement(rule, child, applyVars(child.text.trim(), vars), bad);
  validateCorrelation(rule, el.line, bad);
  return rule;
}

type Bad = (line: number, reason: string) => never;

function readElement(rule: RuleDef, el: XmlElement, text: string, bad: Bad): void {
  const name = el.name;
  const allowed = (...names: string[]) => {
    for (const a of el.attrs) if (!names.includes(a.name)) bad(a.line, `unknown attribute '${a.name}' of <${name}>${names.length ? ` (expected: ${names.join(', ')})` : ' (it takes none)'}`);
  };
  const nonEmpty = () => { if (text === '') bad(el.line, `<${name}> is empty`); };
  const pattern = (defaultType: PatternType): PatternDef => {
    allowed('type', 'negate');
    nonEmpty();
    return { type: patternType(el, defaultType, bad), pattern: text, negate: yesNo(el.attrs.find((a) => a.name === 'negate'), 'negate', bad), line: el.line };
  };
  switch (name) {
    case 'match': {
      // Wazuh appends the text of repeated <match> elements to one pattern.
      const p = pattern('osmatch');
      rule.match = rule.match === undefined ? p : { ...p, pattern: rule.match.pattern + p.pattern };
      return;
    }
    case 'regex': {
      const p = pattern('osregex');
      rule.regex = rule.regex === undefined ? p : { ...p, pattern: rule.regex.pattern + p.pattern };
      return;
    }
    case 'field': {
      const fieldName = el.attrs.find((a) => a.name === 'name')?.value.trim();
      if (fieldName === undefined || fieldName === '') bad(el.line, '<field> needs a name attribute (a dotted field name such as aws.eventName)');
      allowed('name', 'type', 'negate');
      nonEmpty();
      rule.fields.push(fieldDef(fieldName, 'field', el, text, 'osregex', bad));
      return;
    }
    case 'srcip': case 'dstip': {
      allowed('negate');
      nonEmpty();
      const negated = text.startsWith('!');
      rule.addresses.push({ name, value: negated ? text.slice(1).trim() : text, negate: negated !== yesNo(el.attrs.find((a) => a.name === 'negate'), 'negate', bad), line: el.line });
      return;
    }
    case 'decoded_as': allowed(); nonEmpty(); rule.decodedAs = text; return;
    case 'category': allowed(); nonEmpty(); rule.category = text; return;
    case 'time': allowed(); nonEmpty(); rule.time = { value: text, line: el.line }; return;
    case 'weekday': allowed(); nonEmpty(); rule.weekday = { value: text, line: el.line }; return;
    case 'if_sid': {
      allowed(); nonEmpty();
      for (const sid of text.split(/[\s,]+/).filter(Boolean)) {
        if (!/^\d{1,6}$/.test(sid)) bad(el.line, `if_sid '${sid}' is not a rule id`);
        rule.ifSid.push(String(Number(sid)));
      }
      return;
    }
    case 'if_group': allowed(); nonEmpty(); rule.ifGroup = text; return;
    case 'if_level': {
      allowed(); nonEmpty();
      if (!/^\d+$/.test(text) || Number(text) > 16) bad(el.line, `if_level '${text}' is not a level from 0 to 16`);
      rule.ifLevel = Number(text);
      return;
    }
    case 'if_matched_sid': {
      allowed(); nonEmpty();
      if (!/^\d{1,6}$/.test(text)) bad(el.line, `if_matched_sid '${text}' is not one rule id`);
      rule.ifMatchedSid = String(Number(text));
      return;
    }
    case 'if_matched_group': allowed(); nonEmpty(); rule.ifMatchedGroup = text; return;
    case 'same_field': allowed(); nonEmpty(); rule.sameFields.push(text); return;
    case 'different_field': allowed(); nonEmpty(); rule.differentFields.push(text); return;
    case 'distinct_field': {
      allowed(); nonEmpty();
      if (rule.distinctField !== undefined) bad(el.line, 'only one <distinct_field> per rule');
      rule.distinctField = text;
      return;
    }
    case 'global_frequency': allowed(); rule.globalFrequency = true; return;
    case 'list': {
      allowed('field', 'lookup', 'check_value', 'type');
      nonEmpty();
      const field = el.attrs.find((a) => a.name === 'field')?.value.trim();
      if (field === undefined || field === '') bad(el.line, '<list> needs a field attribute');
      const lookup = (el.attrs.find((a) => a.name === 'lookup')?.value.trim() ?? 'match_key') as ListLookup;
      if (!LOOKUPS.has(lookup)) bad(el.line, `unknown list lookup '${lookup}' (expected: ${[...LOOKUPS].join(', ')})`);
      const check = el.attrs.find((a) => a.name === 'check_value');
      const def: RuleDef['lists'][number] = { field: STATIC_ELEMENTS[field] ?? field, lookup, path: text, line: el.line };
      if (check !== undefined) {
        if (lookup !== 'match_key_value' && lookup !== 'address_match_key_value') bad(el.line, `check_value only applies to lookup match_key_value or address_match_key_value, not ${lookup}`);
        def.checkValue = { type: patternType(el, 'osregex', bad), pattern: check.value, negate: false, line: check.line };
      }
      rule.lists.push(def);
      return;
    }
    case 'description': allowed(); rule.description = text; return;
    case 'group': allowed(); rule.groups += text; return;
    case 'mitre': {
      allowed();
      for (const c of el.children) {
        if (c.name !== 'id') bad(c.line, `unknown element <${c.name}> in <mitre> (expected <id>)`);
        const tid = c.text.trim();
        if (!/^T\d{4}(\.\d{3})?$/.test(tid)) bad(c.line, `'${tid}' is not an ATT&CK technique id (expected e.g. T1078 or T1078.004)`);
        rule.mitre.push(tid);
      }
      return;
    }
    case 'info': allowed('type'); return;
    case 'options': {
      allowed(); nonEmpty();
      for (const o of text.split(/[\s,]+/).filter(Boolean)) {
        if (!OPTIONS.has(o)) bad(el.line, `unknown option '${o}' (expected: ${[...OPTIONS].join(', ')})`);
        rule.options.add(o);
      }
      return;
    }
    case 'check_diff': allowed(); rule.checkDiff = true; return;
    case 'ignore': allowed(); nonEmpty(); rule.ignoreFields.push(...fieldList(text)); return;
    case 'check_if_ignored': allowed(); nonEmpty(); rule.checkIgnoredFields.push(...fieldList(text)); return;
    default: break;
  }
  const staticName = STATIC_ELEMENTS[name];
  if (staticName !== undefined) {
    allowed('type', 'negate');
    nonEmpty();
    rule.fields.push(fieldDef(staticName, name, el, text, 'osmatch', bad));
    return;
  }
  const legacy = /^(same|different|not_same)_(.+)$/.exec(name);
  const legacyField = legacy === null ? undefined : LEGACY_FIELDS[legacy[2]!];
  if (legacy !== null && legacyField !== undefined) {
    allowed();
    (legacy[1] === 'same' ? rule.sameFields : rule.differentFields).push(legacyField);
    return;
  }
  if (name === 'if_fts' || name === 'compiled_rule') bad(el.line, `<${name}> is not supported: it depends on Wazuh decoders or compiled C code that AWS JSON events do not use`);
  bad(el.line, `unknown element <${name}> in <rule> (${ELEMENT_HINT})`);
}

function fieldDef(name: string, element: string, el: XmlElement, text: string, defaultType: PatternType, bad: Bad): FieldDef {
  return { name, element, type: patternType(el, defaultType, bad), pattern: text, negate: yesNo(el.attrs.find((a) => a.name === 'negate'), 'negate', bad), line: el.line };
}

function fieldList(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean).map((f) => LEGACY_FIELDS[f] ?? f);
}

function patternType(el: XmlElement, def: PatternType, bad: Bad): PatternType {
  const t = el.attrs.find((a) => a.name === 'type');
  if (t === undefined) return def;
  const v = t.value.trim().toLowerCase() as PatternType;
  if (!PATTERN_TYPES.has(v)) bad(t.line, `unknown pattern type '${t.value}' of <${el.name}> (expected osregex, osmatch or pcre2)`);
  return v;
}

function yesNo(a: { value: string; line: number } | undefined, what: string, bad: Bad): boolean {
  if (a === undefined) return false;
  const v = a.value.trim().toLowerCase();
  if (v === 'yes') return true;
  if (v === 'no') return false;
  return bad(a.line, `${what}="${a.value}" must be yes or no`);
}

function validateCorrelation(rule: RuleDef, line: number, bad: Bad): void {
  const correlated = rule.ifMatchedSid !== undefined || rule.ifMatchedGroup !== undefined;
  if (correlated) {
    if (rule.distinctField !== undefined && rule.frequency === undefined) bad(line, '<distinct_field> needs a frequency attribute (the number of distinct values that fires the rule)');
    return;
  }
  const needs = (what: string) => bad(line, `${what} needs <if_matched_sid> or <if_matched_group> (the events it counts)`);
  if (rule.frequency !== undefined) needs('frequency');
  if (rule.timeframe !== undefined) needs('timeframe');
  if (rule.sameFields.length > 0) needs('same_field');
  if (rule.differentFields.length > 0) needs('different_field');
  if (rule.distinctField !== undefined) needs('distinct_field');
}

function fail(file: string, line: number, ruleId: string | undefined, reason: string): never {
  throw new RuleError('RULE_SYNTAX', { file, line, ruleId }, reason);
}
