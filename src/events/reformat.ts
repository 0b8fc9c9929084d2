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

/** A copy of `obj` with null-valued keys dropped and one-element lists replaced by their element, through nested dicts. */
export function clean(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in obj) {
    const value = obj[key];
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) out[key] = value.length === 1 ? value[0] : value;
    else if (typeof value === 'object') out[key] = clean(value as Record<string, unknown>);
    else out[key] = value;
  }
  return out;
}

/** Appends `source_ip_address` (when `sourceIPAddress` looks like an IPv4 address) and wraps a non-dict `tags`; mutates `aws`. */
export function addDerivedFields(aws: Record<string, unknown>): Record<string, unknown> {
  const ip = aws['sourceIPAddress'];
  if (typeof ip === 'string' && IPV4_LIKE.test(ip)) aws['source_ip_address'] = ip;
  if ('tags' in aws && !isDict(aws['tags'])) aws['tags'] = { value: aws['tags'] };
  return aws;
}
