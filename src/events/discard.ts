/** The `discard_regex` of a bucket: records whose `field` matches `regex` are not sent. */
export interface DiscardRule {
  field?: string;
  regex: RegExp;
}

/** Sticky copies of the configured regexes: Python's `re.match` only matches at the start. */
const anchored = new WeakMap<RegExp, RegExp>();

function anchoredCopy(regex: RegExp): RegExp {
  let copy = anchored.get(regex);
  if (copy === undefined) {
    copy = new RegExp(regex.source, regex.flags.replace(/[gy]/g, '') + 'y');
    anchored.set(regex, copy);
  }
  return copy;
}

/** Whether `regex` matches at the start of `text` (Python's `re.match`; a cached sticky copy, so no regex is made per record). */
export function matchesAtTextStart(text: string, regex: RegExp): boolean {
  const sticky = anchoredCopy(regex);
  sticky.lastIndex = 0;
  return sticky.test(text);
}

function matchesAtStart(regex: RegExp, value: unknown): boolean {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return false;
  regex.lastIndex = 0;
  return regex.test(String(value));
}

/**
 * Wazuh's discard check (`event_should_be_skipped`): resolves the dotted `field` in the raw record,
 * descending into every element of a list on the way; a list value matches when any element
 * matches. A missing field, or no field configured, keeps the record.
 */
export function shouldDiscard(record: Record<string, unknown>, discard: DiscardRule | undefined): boolean {
  if (discard?.field === undefined || discard.field === '') return false;
  return check(record, discard.field.split('.'), 0, anchoredCopy(discard.regex));
}

function check(item: unknown, path: readonly string[], depth: number, regex: RegExp): boolean {
  if (Array.isArray(item)) return item.some((element) => check(element, path, depth, regex));
  if (typeof item !== 'object' || item === null || !Object.hasOwn(item, path[depth]!)) return false;
  const value = (item as Record<string, unknown>)[path[depth]!];
  if (depth === path.length - 1) {
    return Array.isArray(value) ? value.some((v) => matchesAtStart(regex, v)) : matchesAtStart(regex, value);
  }
  return check(value, path, depth + 1, regex);
}
