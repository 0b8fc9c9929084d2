/** Reads back what a collection run stored. */
import type { EventStore } from '../../src/store/index.ts';

/** Every stored message, parsed, ordered by object key and then by position in the object. */
export async function storedMessages(store: EventStore): Promise<{ aws: Record<string, unknown> & { log_info: { log_file: string } } }[]> {
  const rows = await store.query('SELECT id FROM events_v ORDER BY log_key, id');
  const texts = await store.readMessages(rows.map((r) => Number(r.id)));
  return texts.map((t) => JSON.parse(t!) as { aws: Record<string, unknown> & { log_info: { log_file: string } } });
}

/** The exact stored JSON text of every message, in the same order. */
export async function storedTexts(store: EventStore): Promise<string[]> {
  const rows = await store.query('SELECT id FROM events_v ORDER BY log_key, id');
  return (await store.readMessages(rows.map((r) => Number(r.id)))).map((t) => t!);
}
