/** Conversion between JS values and DuckDB for `query`: bound parameters in, plain rows out. */
import { DuckDBTypeId } from '@duckdb/node-api';
import type { DuckDBResultReader, DuckDBValue } from '@duckdb/node-api';

/** Converts one query parameter to a value DuckDB can bind; refuses anything else. */
export function toParam(value: unknown, index: number): DuckDBValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : value;
  if (value instanceof Date) return value.toISOString();
  throw new TypeError(`parameter $${index + 1} has unsupported type ${typeof value}`);
}

/** The reader's rows as plain objects: safe BIGINT → number (else string), timestamps → ISO, DATE → 'YYYY-MM-DD'. */
export function plainRows(reader: DuckDBResultReader): Record<string, unknown>[] {
  const dateColumns = new Set<string>();
  const names = reader.columnNames();
  reader.columnTypes().forEach((t, i) => {
    if (t.typeId === DuckDBTypeId.DATE) dateColumns.add(names[i]!);
  });
  return reader.getRowObjectsJS().map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) out[k] = plain(v, dateColumns.has(k));
    return out;
  });
}

function plain(v: unknown, isDate: boolean): unknown {
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return null;
    const iso = v.toISOString();
    return isDate ? iso.slice(0, 10) : iso;
  }
  if (Array.isArray(v)) return v.map((x) => plain(x, false));
  if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x, false)]));
  }
  return v;
}
