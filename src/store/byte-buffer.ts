const EMPTY = Buffer.alloc(0);

/**
 * A growable byte buffer that strings and byte ranges are appended to, handed over whole. Memory
 * is taken on the first append, not up front: most objects are small, and the last hand-over of
 * a transaction is never followed by another append.
 */
export class ByteBuffer {
  #buf = EMPTY;
  #len = 0;
  /** Size of the first allocation after a hand-over. */
  #capacity: number;

  constructor(capacity = 64 * 1024) {
    this.#capacity = capacity;
  }
  /** Bytes written. */
  get length(): number {
    return this.#len;
  }
  /** The underlying buffer (valid up to `length` until the next append). */
  get buffer(): Buffer {
    return this.#buf;
  }
  /** Appends a string as UTF-8; returns its byte length. */
  write(s: string): number {
    this.#reserve(s.length * 3);
    const n = this.#buf.write(s, this.#len);
    this.#len += n;
    return n;
  }
  /** Appends bytes [start, end) of `src`. */
  copy(src: Buffer, start = 0, end = src.length): void {
    this.#reserve(end - start);
    this.#len += src.copy(this.#buf, this.#len, start, end);
  }
  /** Appends one byte. */
  byte(b: number): void {
    this.#reserve(1);
    this.#buf[this.#len++] = b;
  }
  /** Hands over the bytes written and starts empty (keeping the capacity, in a fresh buffer). */
  take(): Buffer {
    const out = this.#buf.subarray(0, this.#len);
    this.#capacity = Math.max(this.#capacity, Math.min(this.#buf.length, 4 * 1024 * 1024));
    this.#buf = EMPTY;
    this.#len = 0;
    return out;
  }
  /** Drops everything and the memory. */
  clear(): void {
    this.#buf = EMPTY;
    this.#len = 0;
  }

  #reserve(extra: number): void {
    const need = this.#len + extra;
    if (need <= this.#buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(need, this.#buf.length * 2, this.#capacity));
    this.#buf.copy(next, 0, 0, this.#len);
    this.#buf = next;
  }
}
