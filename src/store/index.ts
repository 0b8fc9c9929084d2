/** The event store: events, per-object read-state, message bodies and output files, committed exactly once per object. */
export { openDuckDbStore } from './duckdb-store.ts';
export type { DuckDbStoreOptions } from './duckdb-store.ts';
export type { EventStore, ObjectRef, ObjectTransaction, ServicePosition, StateScope } from './types.ts';
export { DetailKind, SCHEMA_VERSION } from './schema.ts';
export { flowLine, rebuildMessage } from './rebuild.ts';
export type { FlowLine, FlowLineContext, StoredDetail, StoredObject } from './rebuild.ts';
export type * from './search-types.ts';
export { TERM_FIELDS, METRICS } from './search-types.ts';
export { createDuckDbSearch, autoInterval } from './duckdb-search.ts';
