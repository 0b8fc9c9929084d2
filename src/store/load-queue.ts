/**
 * The temp files of one object transaction: encoded pieces are appended to the current file in
 * the background while the next ones are encoded, and a full file is loaded by DuckDB after the
 * previous load finished (at most one load in flight, so JS encodes while DuckDB parses).
 */
import { open, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

interface LoadFile {
  path: string;
  bytes: number;
  /** Settles when every appended piece is written. */
  written: Promise<FileHandle | undefined>;
}

let seq = 0;

/** Streams encoded pieces into temp files and loads each full file with `load`. */
export class LoadQueue {
  readonly #dir: string;
  readonly #load: (path: string) => Promise<void>;
  readonly #paths = new Set<string>();
  #file: LoadFile | undefined;
  #loading: Promise<void> = Promise.resolve();
  #error: unknown;

  constructor(dir: string, load: (path: string) => Promise<void>) {
    this.#dir = dir;
    this.#load = load;
  }

  /** Bytes appended to the current (not yet loaded) file. */
  get fileBytes(): number {
    return this.#file?.bytes ?? 0;
  }

  /** The first error of a background write or load, if any. */
  get error(): unknown {
    return this.#error;
  }

  /** Appends a piece to the current file, in the background; the piece must not be reused. */
  append(piece: Buffer): void {
    if (piece.length === 0) return;
    if (this.#file === undefined) {
      const path = join(this.#dir, `load-${process.pid}-${++seq}.csv`);
      this.#paths.add(path);
      this.#file = { path, bytes: 0, written: open(path, 'w') };
    }
    const file = this.#file;
    file.bytes += piece.length;
    file.written = file.written.then(async (fh) => {
      if (fh === undefined) return undefined;
      try {
        let off = 0;
        while (off < piece.length) off += (await fh.write(piece, off, piece.length - off)).bytesWritten;
        return fh;
      } catch (err) {
        await fh.close().catch(() => undefined);
        return this.#fail(err);
      }
    }, (err: unknown) => this.#fail(err));
  }

  /**
   * Closes the current file and starts its load once the previous load finished; resolves when
   * the load is started (so the caller encodes the next file meanwhile).
   */
  async flush(): Promise<void> {
    const file = this.#file;
    this.#file = undefined;
    await this.#loading;
    if (file === undefined) return;
    this.#loading = (async () => {
      const fh = await file.written;
      if (fh === undefined) return;
      await fh.close();
      if (this.#error !== undefined) return;
      await this.#load(file.path);
      await rm(file.path, { force: true });
      this.#paths.delete(file.path);
    })().catch((err: unknown) => {
      this.#fail(err);
    });
  }

  /** Loads what is left and waits for every load; throws the first error. */
  async drain(): Promise<void> {
    await this.flush();
    await this.#loading;
    if (this.#error !== undefined) throw asError(this.#error);
  }

  /** Waits for the background work and removes every temp file. */
  async dispose(): Promise<void> {
    const file = this.#file;
    this.#file = undefined;
    await this.#loading;
    const fh = await file?.written;
    await fh?.close().catch(() => undefined);
    for (const path of this.#paths) await rm(path, { force: true }).catch(() => undefined);
    this.#paths.clear();
  }

  #fail(err: unknown): undefined {
    this.#error ??= err;
    return undefined;
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
