/**
 * A JSON-lines output file (archives.json, later alerts.json) written exactly once per committed
 * object. The store's writer appends the lines of a whole group of objects (`append`: append +
 * fsync) and then records the new file size in the same database transaction that marks the
 * objects read; a transaction may instead stage its lines in a temp file beside the output and
 * `publish` them at commit. On open, `recover` cuts the file back to the last recorded size,
 * dropping lines of objects whose database commit never happened.
 */
import { mkdir, open, readdir, rm, stat, truncate } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { errorMessage, StoreError } from '../core/index.ts';

/** Lines of one object, staged until the object commits. */
export interface StagedLines {
  /** Appends bytes (whole lines, each ending in `\n`) to the staging file. */
  write(chunk: Uint8Array): Promise<void>;
  /** Bytes staged so far. */
  readonly bytes: number;
  /** Deletes the staging file; the lines are never published. */
  discard(): Promise<void>;
}

/** The file sizes around one publish: truncate to `before` to undo it. */
export interface Published {
  before: number;
  after: number;
}

const COPY_CHUNK = 4 * 1024 * 1024;

class StagingFile implements StagedLines {
  readonly path: string;
  #fh: FileHandle | undefined;
  #bytes = 0;
  #closed = false;
  constructor(path: string) {
    this.path = path;
  }
  get bytes(): number {
    return this.#bytes;
  }
  async write(chunk: Uint8Array): Promise<void> {
    if (this.#closed) throw new Error(`staging file '${this.path}' is already closed`);
    if (chunk.length === 0) return;
    this.#fh ??= await open(this.path, 'w+');
    let off = 0;
    while (off < chunk.length) off += (await this.#fh.write(chunk, off, chunk.length - off)).bytesWritten;
    this.#bytes += chunk.length;
  }
  /** Streams the staged bytes into `target` (the caller syncs it). */
  async copyTo(target: FileHandle): Promise<void> {
    if (!this.#fh) return;
    const buf = Buffer.allocUnsafe(Math.min(COPY_CHUNK, this.#bytes));
    for (let pos = 0; pos < this.#bytes;) {
      const { bytesRead } = await this.#fh.read(buf, 0, Math.min(buf.length, this.#bytes - pos), pos);
      if (bytesRead === 0) throw new Error(`staging file '${this.path}' ended early at byte ${pos} of ${this.#bytes}`);
      let off = 0;
      while (off < bytesRead) off += (await target.write(buf, off, bytesRead - off)).bytesWritten;
      pos += bytesRead;
    }
  }
  async discard(): Promise<void> {
    this.#closed = true;
    const fh = this.#fh;
    this.#fh = undefined;
    await fh?.close();
    await rm(this.path, { force: true });
  }
}

/** One JSON-lines output file with staged, exactly-once appends. */
export class JsonLinesFile {
  readonly file: string;
  readonly #dir: string;
  readonly #stagePrefix: string;
  #seq = 0;

  constructor(file: string) {
    this.file = file;
    this.#dir = dirname(file);
    this.#stagePrefix = `.${basename(file)}.staging-`;
  }

  /**
   * Creates the folder, removes stale staging files and cuts the file back to `committedSize`
   * (undefined: nothing recorded yet, the file is taken as it is). Returns the size now committed;
   * a file shorter than recorded was rotated or deleted by the user, and its size is taken as is.
   */
  async recover(committedSize: number | undefined): Promise<{ size: number; truncatedBytes: number }> {
    try {
      await mkdir(this.#dir, { recursive: true });
      for (const name of await readdir(this.#dir)) {
        if (name.startsWith(this.#stagePrefix)) await rm(join(this.#dir, name), { force: true });
      }
      const actual = await fileSize(this.file);
      if (committedSize !== undefined && actual > committedSize) {
        await truncate(this.file, committedSize);
        return { size: committedSize, truncatedBytes: actual - committedSize };
      }
      return { size: actual, truncatedBytes: 0 };
    } catch (err) {
      throw outputError(this.file, 'cannot recover', err);
    }
  }

  /** Opens a staging area for one object's lines. */
  stage(): StagedLines {
    return new StagingFile(join(this.#dir, `${this.#stagePrefix}${process.pid}-${++this.#seq}`));
  }

  /**
   * Appends the staged lines to the file and fsyncs it, then deletes the staging file. Callers
   * serialise publishes (and the commit that records `after`) under one lock.
   */
  async publish(staged: StagedLines): Promise<Published> {
    if (!(staged instanceof StagingFile)) throw new TypeError('staged lines come from another output');
    let fh: FileHandle | undefined;
    try {
      const existed = (await fileSize(this.file, -1)) >= 0;
      fh = await open(this.file, 'a');
      const before = (await fh.stat()).size;
      await staged.copyTo(fh);
      await fh.sync();
      const after = (await fh.stat()).size;
      await fh.close();
      fh = undefined;
      if (!existed) await syncDir(this.#dir);
      await staged.discard();
      return { before, after };
    } catch (err) {
      await fh?.close().catch(() => undefined);
      throw outputError(this.file, 'cannot append', err);
    }
  }

  /**
   * Appends in-memory lines (whole lines, each ending in `\n`) and fsyncs the file. Callers
   * serialise appends (and the commit that records `after`).
   */
  async append(chunks: readonly Uint8Array[]): Promise<Published> {
    let fh: FileHandle | undefined;
    try {
      const existed = (await fileSize(this.file, -1)) >= 0;
      fh = await open(this.file, 'a');
      const before = (await fh.stat()).size;
      let after = before;
      for (const chunk of chunks) {
        let off = 0;
        while (off < chunk.length) off += (await fh.write(chunk, off, chunk.length - off)).bytesWritten;
        after += chunk.length;
      }
      await fh.sync();
      await fh.close();
      fh = undefined;
      if (!existed) await syncDir(this.#dir);
      return { before, after };
    } catch (err) {
      await fh?.close().catch(() => undefined);
      throw outputError(this.file, 'cannot append', err);
    }
  }

  /** Cuts the file back to `size`, undoing a publish whose commit failed. */
  async truncate(size: number): Promise<void> {
    try {
      await truncate(this.file, size);
    } catch (err) {
      throw outputError(this.file, `cannot truncate to ${size} bytes`, err);
    }
  }
}

/** Opens `<file>` as an exactly-once JSON-lines output (call `recover` before use). */
export function createJsonLinesFile(file: string): JsonLinesFile {
  return new JsonLinesFile(file);
}

async function fileSize(file: string, missing = 0): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return missing;
    throw err;
  }
}

/** Makes a newly created file's directory entry durable (fsync of the directory). */
export async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

function outputError(file: string, what: string, err: unknown): StoreError {
  const reason = errorMessage(err);
  return new StoreError('OUTPUT_WRITE_FAILED', `output '${file}': ${what}: ${reason}`, { cause: err });
}
