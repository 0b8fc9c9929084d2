import { pythonFiniteNumber } from './python-str.ts';

/**
 * Python's `json.dumps(value)` with its defaults (`ensure_ascii=True`, separators `", "` and
 * `": "`): the text the Wazuh module sends to analysisd for each message, which Wazuh keeps as
 * the alert's `full_log` and matches `<match>`/`<regex>` against.
 */
export function pythonJsonDumps(value: unknown): string {
  return write(value);
}

// String concatenation rather than an array join: V8 builds ropes cheaply and flattens once.
function write(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return pythonJsonString(value);
  if (typeof value === 'number') return pythonFloat(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ', ' : '') + write(value[i]);
    return out + ']';
  }
  let out = '{';
  let first = true;
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    out += (first ? '' : ', ') + pythonJsonString(key) + ': ' + write(v);
    first = false;
  }
  return out + '}';
}

/** A number as `json.dumps` prints it (non-finite numbers as Python's `NaN`, `Infinity`). */
function pythonFloat(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
  return pythonFiniteNumber(n);
}

// JSON.stringify escapes `"`, `\\` and control characters exactly as Python does (short forms,
// else lowercase \u00xx); Python's ensure_ascii also escapes DEL and everything above ASCII.
const NON_ASCII = /[\u007f-\uffff]/;
const NON_ASCII_ALL = /[\u007f-\uffff]/g;

/** A string as Python's json module writes it with `ensure_ascii=True`. */
export function pythonJsonString(s: string): string {
  const json = JSON.stringify(s);
  return NON_ASCII.test(json) ? json.replace(NON_ASCII_ALL, escapeUnit) : json;
}

function escapeUnit(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
