/**
 * Wazuh's normalisation of every bucket record (aws_bucket.py: `remove_none_fields` in
 * `get_alert_msg`, then `reformat_msg`), reproduced exactly so messages match Wazuh's:
 * both passes recurse through dicts only, never into lists, and the element that replaces a
 * one-element list is not itself processed.
 */

/** Wazuh's `\d+\.\d+.\d+.\d+` (the last two dots are unescaped in Wazuh), matched at the start. */
const IPV4_LIKE = /^\d+\.\d+.\d+.\d+/;

/** True for a JSON object (Python dict). */
export function isDict(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Wazuh's reformat of one record: nulls dropped, one-element lists unwrapped, `source_ip_address` and `tags` fixed. */
export function reformat(obj: Record<string, unknown>): Record<string, unknown> {
  return addDerivedFields(clean(obj));
}

/**
 * `obj` with null-valued keys dropped and one-element lists replaced by their element, through
 * nested dicts. Copy-on-write: a dict that needs no change is returned as it is (most records
 * need none, and copying every nested dict was the largest cost of building an event); `obj`
 * itself is never modified.
 */
export function clean(obj: Record<string, unknown>): Record<string, unknown> {
  return walk(obj, true);
}

/**
 * `obj` without null-valued keys, through nested dicts, lists left as they are: what the Wazuh
 * module's SQS subscribers do (no list unwrapping). Copy-on-write like `clean`.
 */
export function dropNulls(obj: Record<string, unknown>): Record<string, unknown> {
  return walk(obj, false);
}

function walk(obj: Record<string, unknown>, unwrapLists: boolean): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const key in obj) {
    const value = obj[key];
    if (value === null || value === undefined) {
      out ??= copyBefore(obj, key);
      continue;
    }
    let next: unknown = value;
    if (Array.isArray(value)) {
      if (unwrapLists && value.length === 1) next = value[0] as unknown;
    } else if (typeof value === 'object') {
      next = walk(value as Record<string, unknown>, unwrapLists);
    }
    if (out !== undefined) put(out, key, next);
    else if (next !== value) {
      out = copyBefore(obj, key);
      put(out, key, next);
    }
  }
  return out ?? obj;
}

/** A new dict with the entries of `obj` that come before `stop`, in order. */
function copyBefore(obj: Record<string, unknown>, stop: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in obj) {
    if (key === stop) break;
    put(out, key, obj[key]);
  }
  return out;
}

/** Sets a field; a `__proto__` key (JSON may hold one, Python keeps it as any key) stays a field instead of setting the prototype. */
function put(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** Appends `source_ip_address` (when `sourceIPAddress` looks like an IPv4 address) and wraps a non-dict `tags`; mutates `aws`. */
export function addDerivedFields(aws: Record<string, unknown>): Record<string, unknown> {
  const ip = aws['sourceIPAddress'];
  if (typeof ip === 'string' && IPV4_LIKE.test(ip)) aws['source_ip_address'] = ip;
  if ('tags' in aws && !isDict(aws['tags'])) aws['tags'] = { value: aws['tags'] };
  return aws;
}
