/**
 * Field access the way Wazuh's json decoder exposes a message to rules (reference §2): dotted
 * paths of the decoded object, every leaf as a string. Accessors are compiled once per field
 * name; the per-event path is a few property reads.
 */

/** Reads one field of a message as a string; undefined when the event has no such field. */
export type Accessor = (message: unknown) => string | undefined;

/** What static pseudo-fields resolve to: they come from the event's origin, not its JSON. */
export interface Origin {
  location: string;
  hostname: string;
  agentId: string;
}

/**
 * The decoded static fields: for json-decoded events they are filled from these top-level keys
 * only (`user` is an alias of `dstuser`, `systemname` of `system_name`).
 */
export const STATIC_KEYS: Readonly<Record<string, readonly string[]>> = {
  srcip: ['srcip'], srcport: ['srcport'], srcuser: ['srcuser'], dstip: ['dstip'], dstport: ['dstport'],
  dstuser: ['dstuser', 'user'], protocol: ['protocol'], action: ['action'], id: ['id'], url: ['url'],
  data: ['data'], extra_data: ['extra_data'], status: ['status'], system_name: ['system_name', 'systemname'],
};

/**
 * A leaf value as the json decoder writes it: integers that fit C's `int` with `%i`, other
 * numbers with `%f` (six decimals), booleans, `null`, arrays as their JSON text. Objects are
 * not leaves (undefined).
 */
export function stringifyLeaf(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string': return v;
    case 'number': return Number.isInteger(v) && v <= 2147483647 && v >= -2147483648 ? String(v) : v.toFixed(6);
    case 'boolean': return v ? 'true' : 'false';
    case 'object':
      if (v === null) return 'null';
      if (Array.isArray(v)) return JSON.stringify(v);
      return undefined;
    default: return undefined;
  }
}

/** Compiles the accessor of a field name: a static field, a pseudo-field (`@location`) or a dotted path. */
export function compileAccessor(name: string, origin: Origin): Accessor {
  switch (name) {
    case '@location': return () => origin.location;
    case '@hostname': return () => origin.hostname;
    case '@agent': return () => origin.agentId;
    case '@program_name': case '@srcgeoip': case '@dstgeoip': return () => undefined;
    default: break;
  }
  const keys = STATIC_KEYS[name];
  if (keys !== undefined) {
    if (keys.length === 1) return compilePath(name);
    const [a, b] = keys.map(compilePath) as [Accessor, Accessor];
    return (m) => a(m) ?? b(m);
  }
  return compilePath(name);
}

/** Compiles a dotted-path accessor: exact keys first, then Wazuh's case-insensitive name match. */
export function compilePath(name: string): Accessor {
  const segs = name.split('.');
  const slow = createSlowLookup(segs);
  if (segs.length === 1) {
    const k = segs[0]!;
    return (m) => {
      if (m === null || typeof m !== 'object') return undefined;
      // Field names come from rules; a prototype member (a function) is not a leaf and falls through.
      const v = (m as Record<string, unknown>)[k];
      if (v !== undefined) {
        const s = stringifyLeaf(v);
        if (s !== undefined) return s;
      }
      return slow(m);
    };
  }
  if (segs.length === 2) {
    const [k0, k1] = segs as [string, string];
    return (m) => {
      if (m === null || typeof m !== 'object') return undefined;
      const o = (m as Record<string, unknown>)[k0];
      if (o !== null && typeof o === 'object' && !Array.isArray(o)) {
        const v = (o as Record<string, unknown>)[k1];
        if (v !== undefined) {
          const s = stringifyLeaf(v);
          if (s !== undefined) return s;
        }
      }
      return slow(m);
    };
  }
  return (m) => {
    let o: unknown = m;
    for (let i = 0; i < segs.length; i++) {
      if (o === null || typeof o !== 'object' || Array.isArray(o)) { o = undefined; break; }
      const k = segs[i]!;
      o = (o as Record<string, unknown>)[k];
    }
    if (o !== undefined) {
      const s = stringifyLeaf(o);
      if (s !== undefined) return s;
    }
    return slow(m);
  };
}

/**
 * The general lookup: at each level a key matches one or more following segments
 * case-insensitively (keys may themselves hold dots: `{"a.b": 1}` is field `a.b`), the first key
 * in object order wins. Candidates are compared by length first, so a missing field costs one
 * length comparison per key.
 */
function createSlowLookup(segs: readonly string[]): (o: unknown) => string | undefined {
  // joins[i] = the lower-cased joins of segments i..j, with the index after them.
  const joins = segs.map((_, i) => {
    const out: { text: string; next: number }[] = [];
    for (let j = i; j < segs.length; j++) out.push({ text: segs.slice(i, j + 1).join('.').toLowerCase(), next: j + 1 });
    return out;
  });
  const lookup = (o: unknown, i: number): string | undefined => {
    if (i === segs.length) return stringifyLeaf(o);
    if (o === null || typeof o !== 'object' || Array.isArray(o)) return undefined;
    const candidates = joins[i]!;
    // for-in walks the object's enum cache without allocating a key array (messages are plain JSON objects).
    for (const key in o) {
      for (const c of candidates) {
        if (c.text.length === key.length && key.toLowerCase() === c.text) {
          const r = lookup((o as Record<string, unknown>)[key], c.next);
          if (r !== undefined) return r;
        }
      }
    }
    return undefined;
  };
  return (o) => lookup(o, 0);
}

/** Every decoded field of a message as `[dotted name, value]`, in message order (what `awsmon logtest` shows). */
export function decodedFields(message: unknown): [string, string][] {
  const out: [string, string][] = [];
  const walk = (o: unknown, prefix: string) => {
    if (o !== null && typeof o === 'object' && !Array.isArray(o)) {
      for (const k of Object.keys(o)) walk((o as Record<string, unknown>)[k], prefix === '' ? k : `${prefix}.${k}`);
      return;
    }
    const s = stringifyLeaf(o);
    if (s !== undefined && prefix !== '') out.push([prefix, s]);
  };
  walk(message, '');
  return out;
}
