import { lstat, open, readdir, rm, stat } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { SourceError } from '../core/index.ts';
import type { ErrorCode, Location, ObjectInfo, ObjectSource } from '../core/index.ts';
import { guardStream } from './guard-stream.ts';

/** Options of `createLocalSource`. */
export interface LocalSourceOptions {
  bucket?: string | undefined;
}

/** One directory entry as a key fragment: files as their key, folders as their key plus '/'. */
interface Entry {
  /** The key of the file, or the common prefix (ending in '/') of everything in the folder. */
  key: string;
  isDir: boolean;
  bytes: Buffer;
}

function fsError(err: unknown, location: Location, what: string): SourceError {
  const code = (err as NodeJS.ErrnoException).code;
  let mapped: ErrorCode = 'SOURCE_REQUEST_FAILED';
  if (code === 'EACCES' || code === 'EPERM') mapped = 'SOURCE_ACCESS_DENIED';
  else if (code === 'ENOENT' || code === 'ENOTDIR') mapped = location.key === undefined ? 'SOURCE_BUCKET_NOT_FOUND' : 'SOURCE_OBJECT_NOT_FOUND';
  return new SourceError(mapped, location, `${what} (${code ?? String(err)})`, { cause: err });
}

/**
 * A folder laid out like a bucket. Listings follow S3's order, the UTF-8 byte order of whole
 * keys, reached lazily: inside a folder, sub-folders sort as their name plus '/', so 'a-c'
 * ('-' is 0x2D) comes before every key under 'a/' and 'a0' after them.
 */
class LocalSource implements ObjectSource {
  readonly bucket: string;
  readonly #root: string;

  constructor(root: string, options: LocalSourceOptions) {
    this.#root = resolve(root);
    this.bucket = options.bucket ?? basename(this.#root);
  }

  /** The file behind a key; keys that would leave the folder name no file. */
  #path(key: string): string {
    const parts = key.split('/');
    if (key === '' || parts.some((p) => p === '..' || p === '.' || p === '') || key.includes('\0')) {
      throw new SourceError('SOURCE_OBJECT_NOT_FOUND', { bucket: this.bucket, key }, 'no such file: the key is not a plain relative path inside the folder');
    }
    return join(this.#root, ...parts);
  }

  async check(): Promise<void> {
    let info;
    try {
      info = await stat(this.#root);
    } catch (err) {
      throw fsError(err, { bucket: this.bucket }, `the folder '${this.#root}' cannot be read`);
    }
    if (!info.isDirectory()) {
      throw new SourceError('SOURCE_BUCKET_NOT_FOUND', { bucket: this.bucket }, `'${this.#root}' is not a folder`);
    }
  }

  /** The entries of the folder holding keys that start with `dirKey`, sorted as S3 would. */
  async #entries(dirKey: string): Promise<Entry[]> {
    const dir = dirKey === '' ? this.#root : join(this.#root, ...dirKey.slice(0, -1).split('/'));
    let dirents: Dirent[];
    try {
      dirents = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (dirKey !== '' && (code === 'ENOENT' || code === 'ENOTDIR')) return [];
      throw fsError(err, { bucket: this.bucket }, `the folder '${dir}' cannot be listed`);
    }
    const entries: Entry[] = [];
    for (const d of dirents) {
      let isDir = d.isDirectory();
      if (d.isSymbolicLink()) isDir = await stat(join(dir, d.name)).then((s) => s.isDirectory(), () => false);
      else if (!isDir && !d.isFile()) continue;
      const key = dirKey + d.name + (isDir ? '/' : '');
      entries.push({ key, isDir, bytes: Buffer.from(key) });
    }
    return entries.sort((a, b) => Buffer.compare(a.bytes, b.bytes));
  }

  /** Files under `dirKey` whose keys start with `prefix` and sort after `startAfter`, in order. */
  async *#walk(dirKey: string, prefix: string, startAfter: Buffer): AsyncGenerator<Entry> {
    for (const entry of await this.#entries(dirKey)) {
      const related = entry.key.startsWith(prefix) || (entry.isDir && prefix.startsWith(entry.key));
      if (!related) continue;
      if (!entry.isDir) {
        if (Buffer.compare(entry.bytes, startAfter) > 0) yield entry;
        continue;
      }
      // Skip a folder whose every key sorts before the marker: it is not a prefix of the marker
      // and sorts before it.
      const holdsMarker = startAfter.subarray(0, entry.bytes.length).equals(entry.bytes);
      if (!holdsMarker && Buffer.compare(entry.bytes, startAfter) < 0) continue;
      yield* this.#walk(entry.key, prefix, startAfter);
    }
  }

  async #hasFile(dirKey: string): Promise<boolean> {
    for await (const _ of this.#walk(dirKey, dirKey, Buffer.alloc(0))) return true;
    return false;
  }

  async listPrefixes(prefix: string): Promise<string[]> {
    await this.check();
    const dirKey = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    const prefixes: string[] = [];
    for (const entry of await this.#entries(dirKey)) {
      // S3 has no empty folders: a prefix exists only while an object lives under it.
      if (entry.isDir && entry.key.startsWith(prefix) && await this.#hasFile(entry.key)) prefixes.push(entry.key);
    }
    return prefixes;
  }

  async *listObjects(prefix: string, startAfter?: string): AsyncIterable<ObjectInfo> {
    await this.check();
    const marker = Buffer.from(startAfter ?? '');
    for await (const entry of this.#walk('', prefix, marker)) {
      let info;
      try {
        info = await stat(this.#path(entry.key));
      } catch {
        continue; // deleted between the listing and now, as an S3 object can be
      }
      yield { key: entry.key, size: info.size, lastModified: info.mtime };
    }
  }

  async getObject(key: string): Promise<Readable> {
    const location = { bucket: this.bucket, key };
    const path = this.#path(key);
    // Open first so a missing file is reported here, not later on the stream.
    const handle = await open(path, 'r').catch((err: unknown) => {
      throw fsError(err, location, 'the file cannot be opened');
    });
    const info = await handle.stat();
    if (!info.isFile()) {
      await handle.close();
      throw new SourceError('SOURCE_OBJECT_NOT_FOUND', location, 'no such file: the key names a folder');
    }
    return guardStream(handle.createReadStream(), location, (err, loc) => fsError(err, loc, 'the file could not be read'));
  }

  async deleteObject(key: string): Promise<void> {
    const location = { bucket: this.bucket, key };
    const path = this.#path(key);
    const info = await lstat(path).catch(() => undefined);
    if (info?.isDirectory()) throw new SourceError('SOURCE_OBJECT_NOT_FOUND', location, 'no such file: the key names a folder');
    // Deleting a missing key succeeds, as it does on S3.
    await rm(path, { force: true }).catch((err: unknown) => {
      throw fsError(err, location, 'the file cannot be deleted');
    });
  }
}

/** An ObjectSource over a local folder laid out like a bucket (an analyst's copy of exported logs). */
export function createLocalSource(root: string, options: LocalSourceOptions = {}): ObjectSource {
  return new LocalSource(root, options);
}
