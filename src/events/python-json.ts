/**
 * Python's `json.dumps(value)` with its defaults (`ensure_ascii=True`, separators `", "` and
 * `": "`): the text the Wazuh module sends to analysisd for each message, which Wazuh keeps as
 * the alert's `full_log` and matches `<match>`/`<regex>` against.
 */
export function pythonJsonDumps(value: unknown): string {
  const out: string[] = [];
  write(value, out);
  return out.join('');
}

function write(value: unknown, out: string[]): void {
  if (value === null || value === undefined) out.push('null');
  else if (typeof value === 'string') out.push(pythonJsonString(value));
  else if (typeof value === 'number') out.push(pythonFloat(value));
  else if (typeof value === 'boolean') out.push(value ? 'true' : 'false');
  else if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(', ');
      write(value[i], out);
    }
    out.push(']');
  } else {
    out.push('{');
    let first = true;
    for (const key of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined) continue;
      if (!first) out.push(', ');
      first = false;
      out.push(pythonJsonString(key), ': ');
      write(v, out);
    }
    out.push('}');
  }
}

/**
 * A number as Python prints it: JSON integers and floats are both JS numbers, so a float with
 * no fraction (`2.0`) prints as the integer `2`; other floats use repr (`1e-05`, `1e+16`).
 */
function pythonFloat(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return String(n);
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
  const [mantissa = '', exp = '0'] = n.toExponential().split('e');
  const e = Number(exp);
  if (e < -4 || e >= 16) return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  const fixed = String(n);
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}

// Everything outside printable ASCII, plus `"` and `\`, is escaped (json's ESCAPE_ASCII).
const NEEDS_ESCAPE = /[^ -~]|["\\]/;
const SHORT: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** A string as Python's json module writes it with `ensure_ascii=True`. */
export function pythonJsonString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const code = s.charCodeAt(i);
    if (code >= 0x20 && code < 0x7f && c !== '"' && c !== '\\') out += c;
    else out += SHORT[c] ?? `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return out + '"';
}
