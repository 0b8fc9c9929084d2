/** A growable byte buffer that strings and byte ranges are appended to, handed over whole. */
export class ByteBuffer {
  #buf: Buffer;
  #len = 0;

  constructor(capacity = 64 * 1024) {
    this.#buf = Buffer.allocUnsafe(capacity);
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
    this.#buf = Buffer.allocUnsafe(Math.min(this.#buf.length, 4 * 1024 * 1024));
    this.#len = 0;
    return out;
  }
  /** Drops everything and the memory. */
  clear(): void {
    this.#buf = Buffer.alloc(0);
    this.#len = 0;
  }

  #reserve(extra: number): void {
    const need = this.#len + extra;
    if (need <= this.#buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(need, this.#buf.length * 2, 1024));
    this.#buf.copy(next, 0, 0, this.#len);
    this.#buf = next;
  }
}
