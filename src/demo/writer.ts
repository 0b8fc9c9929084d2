/**
 * Writes the demo's objects into a folder laid out like a bucket, idempotently: unchanged files
 * are left alone (their modification time too), stale ones removed. File operations are
 * synchronous on purpose: thousands of small files go several times faster that way than
 * through the thread pool, and generation runs once, at start-up.
 */
import { gzipSync } from 'node:zlib';
import { mkdirSync, readFileSync, readdirSync, rmSync, rmdirSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One object: its key, bytes and the time S3 would report as LastModified. */
export interface DemoObject {
  key: string;
  body: Buffer;
  /** Epoch milliseconds, used as the file's modification time. */
  lastModified: number;
}

// zlib sets the header's OS byte per platform; fixing it makes the bytes platform-independent.
const UNIX = 3;

/**
 * Gzip with fixed options so equal input gives equal bytes: level 6, header mtime 0 (zlib's
 * default), OS byte 3 (Unix).
 */
export function gzipDeterministic(data: string | Uint8Array): Buffer {
  const out = gzipSync(data, { level: 6 });
  out[9] = UNIX;
  return out;
}

function listFiles(dir: string, out: string[] = []): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return out;
    throw err;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) listFiles(path, out);
    else out.push(path);
  }
  return out;
}

/** Deletes empty folders below `dir` (not `dir` itself), deepest first; true when `dir` ends empty. */
function pruneEmpty(dir: string): boolean {
  let empty = true;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && pruneEmpty(path)) rmdirSync(path);
    else empty = false;
  }
  return empty;
}

function readIfExists(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** What a write changed. */
export interface WriteResult {
  written: number;
  unchanged: number;
  removed: number;
}

/**
 * Makes `root` hold exactly `objects` (all keyed under `AWSLogs/`): writes what differs, removes
 * other files under `root/AWSLogs` and nothing outside it.
 */
export function writeObjects(root: string, objects: readonly DemoObject[]): WriteResult {
  const logs = join(root, 'AWSLogs');
  const pathOf = (key: string): string => join(root, ...key.split('/'));
  const wanted = new Set(objects.map((o) => pathOf(o.key)));
  let removed = 0;
  for (const file of listFiles(logs)) {
    if (wanted.has(file)) continue;
    rmSync(file);
    removed++;
  }
  mkdirSync(logs, { recursive: true });
  pruneEmpty(logs);
  for (const dir of new Set([...wanted].map((path) => dirname(path)))) mkdirSync(dir, { recursive: true });
  let written = 0;
  for (const object of objects) {
    const path = pathOf(object.key);
    if (readIfExists(path)?.equals(object.body) === true) continue;
    writeFileSync(path, object.body);
    const time = new Date(object.lastModified);
    utimesSync(path, time, time);
    written++;
  }
  return { written, unchanged: objects.length - written, removed };
}
