import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { formatError } from './context.ts';
import type { ParseContext } from './context.ts';

// Layout from PKWARE's APPNOTE.TXT: local file header (4.3.7), data descriptor (4.3.9), Zip64
// extended information extra field (4.5.3). Only the first member is read, as Wazuh does.
const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const LOCAL_HEADER_SIZE = 30;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_DATA_DESCRIPTOR = 0x0008;
const ZIP64_EXTRA_ID = 0x0001;

/** The zip methods awsmon reads: stored (0) and deflate (8). */
export type ZipMethod = 0 | 8;

/** What the first local file header says about the first member. */
export interface ZipMemberHeader {
  name: string;
  method: ZipMethod;
  /** Offset of the member's data from the start of the archive. */
  dataStart: number;
  /** Compressed size; Infinity when a data descriptor holds it (after the data). */
  compressedSize: number;
}

/**
 * Reads the first local file header from the archive's first bytes; undefined when more bytes are
 * needed. Fails with FORMAT_BAD_ZIP (encrypted, not a header, stored without a size) or
 * FORMAT_UNSUPPORTED_COMPRESSION (a method other than stored or deflate).
 */
export function readZipHeader(buf: Buffer, ctx: ParseContext): ZipMemberHeader | undefined {
  if (buf.length < LOCAL_HEADER_SIZE) return undefined;
  if (buf.readUInt32LE(0) !== LOCAL_HEADER_SIGNATURE) {
    throw formatError('FORMAT_BAD_ZIP', ctx, 'zip archive does not start with a local file header');
  }
  const nameLength = buf.readUInt16LE(26);
  const extraLength = buf.readUInt16LE(28);
  const dataStart = LOCAL_HEADER_SIZE + nameLength + extraLength;
  if (buf.length < dataStart) return undefined;
  const flags = buf.readUInt16LE(6);
  const method = buf.readUInt16LE(8);
  const name = buf.toString('utf8', LOCAL_HEADER_SIZE, LOCAL_HEADER_SIZE + nameLength);
  if ((flags & FLAG_ENCRYPTED) !== 0) throw formatError('FORMAT_BAD_ZIP', ctx, `zip member '${name}' is encrypted`);
  if (method !== 0 && method !== 8) {
    throw formatError('FORMAT_UNSUPPORTED_COMPRESSION', ctx, `zip member '${name}' uses compression method ${method} (only stored and deflate are read)`);
  }
  let size: number = buf.readUInt32LE(18);
  if (size === 0xffffffff) size = zip64CompressedSize(buf.subarray(LOCAL_HEADER_SIZE + nameLength, dataStart)) ?? Infinity;
  if ((flags & FLAG_DATA_DESCRIPTOR) !== 0 && size === 0) size = Infinity;
  if (size === Infinity && method === 0) {
    throw formatError('FORMAT_BAD_ZIP', ctx, `zip member '${name}' is stored with a data descriptor, so its size is unknown when streaming`);
  }
  return { name, method, dataStart, compressedSize: size };
}

/**
 * Streams the compressed bytes of a zip archive's first member, located by its local header (the
 * central directory at the end of the archive is never needed). With a data descriptor the size is
 * unknown: the deflate data is then passed on to the end of the archive and the raw inflater stops
 * at the deflate end-of-block marker, ignoring what follows.
 */
export class FirstZipMember extends Transform {
  readonly #ctx: ParseContext;
  #header: Buffer | undefined = Buffer.alloc(0);
  /** Bytes of member data still to pass on; Infinity when the size is unknown. */
  #remaining = 0;

  constructor(ctx: ParseContext) {
    super();
    this.#ctx = ctx;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      let data = chunk;
      if (this.#header !== undefined) {
        const header = this.#header.length === 0 ? chunk : Buffer.concat([this.#header, chunk]);
        const member = readZipHeader(header, this.#ctx);
        if (member === undefined) {
          this.#header = header;
          callback();
          return;
        }
        this.#header = undefined;
        this.#remaining = member.compressedSize;
        data = header.subarray(member.dataStart);
      }
      if (this.#remaining > 0 && data.length > 0) {
        const take = Math.min(this.#remaining, data.length);
        this.push(take === data.length ? data : data.subarray(0, take));
        this.#remaining -= take;
      }
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    if (this.#header !== undefined) {
      callback(formatError('FORMAT_BAD_ZIP', this.#ctx, 'zip archive ends inside the first local file header'));
    } else if (this.#remaining > 0 && this.#remaining !== Infinity) {
      callback(formatError('FORMAT_BAD_ZIP', this.#ctx, `zip archive is truncated: ${this.#remaining} bytes of the first member are missing`));
    } else {
      callback();
    }
  }
}

/** The compressed size from a Zip64 extra field, when present. */
function zip64CompressedSize(extra: Buffer): number | undefined {
  for (let i = 0; i + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(i);
    const length = extra.readUInt16LE(i + 2);
    // The Zip64 field holds the uncompressed size first, then the compressed size.
    if (id === ZIP64_EXTRA_ID && length >= 16 && i + 20 <= extra.length) return Number(extra.readBigUInt64LE(i + 12));
    i += 4 + length;
  }
  return undefined;
}
