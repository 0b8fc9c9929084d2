/**
 * Message bodies, out of DuckDB: append-only segment files `<dir>/segment-NNNNNN.dat`. The writer
 * appends a group's bodies to the current segment and fsyncs it before the DuckDB transaction
 * that records the segment's new size (`output_commits`, output `segment-NNNNNN`) commits; on
 * open every segment is cut back to its recorded size, so bytes of a group whose commit never
 * happened are dropped, like archives.json. A group's bodies never straddle two segments: the
 * writer rotates to a new segment before a group once the current one reached `rotateBytes`.
 */
import { mkdir, open, readdir, rm, stat, truncate } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../core/index.ts';
import { syncDir } from '../outputs/index.ts';

/** The `output_commits.output` name of segment `n`. */
export function segmentOutput(n: number): string {
  return `segment-${String(n).padStart(6, '0')}`;
}

const FILE = /^segment-(\d{6,})\.dat$/;
const MAX_READERS = 8;

/** The body segment files of one store. */
export class BodySegments {
  readonly dir: string;
  readonly #rotateBytes: number;
  #segment: number;
  #size: number;
  #writer: FileHandle | undefined;
  readonly #readers = new Map<number, Promise<FileHandle>>();

  private constructor(dir: string, rotateBytes: number, segment: number, size: number) {
    this.dir = dir;
    this.#rotateBytes = rotateBytes;
    this.#segment = segment;
    this.#size = size;
  }

  /**
   * Opens the folder, cutting every segment back to its committed size (`committed`: segment →
   * size) and deleting segments that never had a commit; continues the greatest committed one.
   */
  static async open(dir: string, committed: ReadonlyMap<number, number>, rotateBytes: number, logger?: Logger): Promise<BodySegments> {
    await mkdir(dir, { recursive: true });
    for (const name of await readdir(dir)) {
      const m = FILE.exec(name);
      if (!m) continue;
      const n = Number(m[1]);
      const path = join(dir, name);
      const want = committed.get(n);
      const size = (await stat(path)).size;
      if (want === undefined) {
        await rm(path, { force: true });
        if (size > 0) logger?.warn({ file: path, truncatedBytes: size }, 'bodies: dropped a segment no commit recorded');
      } else if (size > want) {
        await truncate(path, want);
        logger?.warn({ file: path, truncatedBytes: size - want }, 'bodies: dropped bytes of groups whose commit did not happen');
      } else if (size < want) {
        logger?.error({ file: path, size, recorded: want }, 'bodies: segment is shorter than recorded; messages past its end cannot be read');
      }
    }
    const last = Math.max(0, ...committed.keys());
    const segments = new BodySegments(dir, rotateBytes, Math.max(1, last), committed.get(last) ?? 0);
    return segments;
  }

  /** The current segment number and its size (the next body's position). */
  get position(): { segment: number; size: number } {
    return { segment: this.#segment, size: this.#size };
  }

  /**
   * Appends `chunks` as one group (rotating first when the current segment is full), fsyncs,
   * and returns where they start. On failure the segment is cut back (see `undo`).
   */
  async append(chunks: readonly Buffer[]): Promise<{ segment: number; base: number; after: number }> {
    const total = chunks.reduce((n, c) => n + c.length, 0);
    if (this.#size >= this.#rotateBytes && total > 0) await this.#rotate();
    const segment = this.#segment;
    const base = this.#size;
    if (total === 0) return { segment, base, after: base };
    try {
      const created = this.#writer === undefined;
      this.#writer ??= await open(this.#path(segment), 'a');
      for (const chunk of chunks) {
        let off = 0;
        while (off < chunk.length) off += (await this.#writer.write(chunk, off, chunk.length - off)).bytesWritten;
      }
      await this.#writer.sync();
      if (created && base === 0) await syncDir(this.dir);
      this.#size = base + total;
      return { segment, base, after: this.#size };
    } catch (err) {
      await this.undo(segment, base).catch(() => undefined);
      throw err;
    }
  }

  /** Cuts `segment` back to `size`, undoing an append whose commit failed. */
  async undo(segment: number, size: number): Promise<void> {
    if (segment !== this.#segment) return;
    await truncate(this.#path(segment), size).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    this.#size = size;
  }

  /** Reads `len` bytes at `offset` of `segment`. */
  async read(segment: number, offset: number, len: number): Promise<Buffer> {
    let fh = this.#readers.get(segment);
    if (fh === undefined) {
      if (this.#readers.size >= MAX_READERS) {
        const [oldest, handle] = this.#readers.entries().next().value as [number, Promise<FileHandle>];
        this.#readers.delete(oldest);
        void handle.then((h) => h.close()).catch(() => undefined);
      }
      fh = open(this.#path(segment), 'r');
      this.#readers.set(segment, fh);
      fh.catch(() => this.#readers.delete(segment));
    }
    const handle = await fh;
    const buf = Buffer.allocUnsafe(len);
    let got = 0;
    while (got < len) {
      const { bytesRead } = await handle.read(buf, got, len - got, offset + got);
      if (bytesRead === 0) throw new Error(`segment ${segmentOutput(segment)} ends before byte ${offset + len}`);
      got += bytesRead;
    }
    return buf;
  }

  /** Closes every open file. */
  async close(): Promise<void> {
    await this.#writer?.close().catch(() => undefined);
    this.#writer = undefined;
    for (const fh of this.#readers.values()) await fh.then((h) => h.close()).catch(() => undefined);
    this.#readers.clear();
  }

  async #rotate(): Promise<void> {
    await this.#writer?.close();
    this.#writer = undefined;
    this.#segment += 1;
    this.#size = 0;
  }

  #path(n: number): string {
    return join(this.dir, `${segmentOutput(n)}.dat`);
  }
}
