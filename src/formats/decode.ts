import { Readable, pipeline } from 'node:stream';
import type { Transform } from 'node:stream';
import { createGunzip, createInflateRaw } from 'node:zlib';
import { DEFAULT_MAX_DECOMPRESSED_BYTES, DEFAULT_MAX_RATIO, formatError, isFormatError } from './context.ts';
import type { ParseContext } from './context.ts';
import { FirstZipMember, readZipHeader } from './zip.ts';
import { isParquet } from './parquet.ts';

type Kind = 'gzip' | 'zip' | 'text' | 'parquet';

/** Bytes read before deciding the compression: enough for every magic number below. */
const SNIFF_BYTES = 16;
/** Bytes of decoded content checked for being text. */
const TEXT_CHECK_BYTES = 4096;
/**
 * Output chunk of the decompressors. zlib's default (16 KB) sends a 1 MB object through the stream
 * machinery, the thread pool and the line splitter 64 times; larger chunks cost the same memory
 * per object in flight as a few more records.
 */
const INFLATE_CHUNK_BYTES = 128 * 1024;
/** The ratio limit only applies past this output, so tiny, very regular objects pass. */
const RATIO_FLOOR_BYTES = 1024 * 1024;

/** Magic numbers of compressions awsmon recognises but does not read. */
const UNSUPPORTED: readonly { name: string; magic: readonly number[] }[] = [
  // Snappy framing format, stream identifier chunk: https://github.com/google/snappy/blob/main/framing_format.txt
  { name: 'snappy', magic: [0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59] },
  { name: 'bzip2', magic: [0x42, 0x5a, 0x68] },
  { name: 'zstd', magic: [0x28, 0xb5, 0x2f, 0xfd] },
  { name: 'xz', magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
];

/**
 * Decompresses an object by its magic bytes (gzip, including AWS's concatenated multi-member
 * files; zip, first member, streamed), else passes it through as text. A Parquet object (which
 * compresses inside) passes through unchanged for a Parquet reader. The output is bytes; the
 * object is never held whole. Fails with FORMAT_* errors naming the object.
 */
export function decodeObject(body: Readable, ctx: ParseContext): Readable {
  return Readable.from(decodeChunks(body, ctx), { objectMode: false });
}

async function* decodeChunks(body: Readable, ctx: ParseContext): AsyncGenerator<Buffer, void, undefined> {
  const input = (body as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  let kind: Kind = 'text';
  try {
    if (/\.snappy$/i.test(ctx.key)) {
      throw formatError('FORMAT_UNSUPPORTED_COMPRESSION', ctx, 'snappy-compressed objects are not supported (use gzip)');
    }
    const head = await readAtLeast(input, [], SNIFF_BYTES);
    kind = sniff(Buffer.concat(head), ctx);
    const stages: Transform[] = [];
    // A gzip file is a series of members (RFC 1952, 2.2); AWS delivers concatenated ones and
    // zlib's gunzip reads on through every member (and ignores zero padding after the last).
    if (kind === 'gzip') stages.push(createGunzip({ chunkSize: INFLATE_CHUNK_BYTES }));
    if (kind === 'zip') {
      // The raw-inflate stage depends on the member's method, so read its whole local header first.
      let member = readZipHeader(Buffer.concat(head), ctx);
      while (member === undefined) {
        const before = head.length;
        await readAtLeast(input, head, totalLength(head) + 1);
        if (head.length === before) throw formatError('FORMAT_BAD_ZIP', ctx, 'zip archive ends inside the first local file header');
        member = readZipHeader(Buffer.concat(head), ctx);
      }
      stages.push(new FirstZipMember(ctx));
      if (member.method === 8) stages.push(createInflateRaw({ chunkSize: INFLATE_CHUNK_BYTES }));
    }
    const counter = { compressed: 0 };
    const source = replay(head, input, counter);
    const decoded: AsyncIterable<Buffer> =
      stages.length === 0 ? source : (pipeline([Readable.from(source, { objectMode: false }), ...stages], () => {}) as unknown as AsyncIterable<Buffer>);
    const maxSize = ctx.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
    const maxRatio = ctx.maxRatio ?? DEFAULT_MAX_RATIO;
    const textCheck = new TextCheck(ctx);
    let size = 0;
    for await (const chunk of decoded) {
      size += chunk.length;
      if (kind !== 'text' && (size > maxSize || (size > RATIO_FLOOR_BYTES && size > maxRatio * counter.compressed))) {
        throw formatError('FORMAT_ZIP_BOMB', ctx, `decompressing ${counter.compressed} bytes gave more than ${size} bytes (limits: ${maxSize} bytes, ratio ${maxRatio})`);
      }
      if (kind !== 'parquet') textCheck.check(chunk);
      yield chunk;
    }
  } catch (err) {
    throw translate(err, kind, ctx);
  } finally {
    body.destroy();
  }
}

/** Rejects content that is not UTF-8 text (a NUL byte or an invalid sequence) near its start. */
class TextCheck {
  readonly #ctx: ParseContext;
  readonly #decoder = new TextDecoder('utf-8', { fatal: true });
  #checked = 0;
  constructor(ctx: ParseContext) {
    this.#ctx = ctx;
  }
  check(chunk: Buffer): void {
    if (this.#checked >= TEXT_CHECK_BYTES) return;
    const part = chunk.subarray(0, TEXT_CHECK_BYTES - this.#checked);
    const offset = this.#checked;
    this.#checked += part.length;
    const nul = part.indexOf(0);
    if (nul >= 0) throw formatError('FORMAT_BINARY', this.#ctx, `content is binary, not text (NUL byte at offset ${offset + nul})`);
    try {
      this.#decoder.decode(part, { stream: true });
    } catch {
      throw formatError('FORMAT_BINARY', this.#ctx, `content is binary, not text (invalid UTF-8 near offset ${offset})`);
    }
  }
}

function sniff(head: Buffer, ctx: ParseContext): Kind {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) return 'zip';
  if (isParquet(head)) return 'parquet';
  if (head.length >= 4 && head.readUInt32LE(0) === 0x06054b50) throw formatError('FORMAT_BAD_ZIP', ctx, 'zip archive has no members');
  for (const { name, magic } of UNSUPPORTED) {
    if (head.length >= magic.length && magic.every((b, i) => head[i] === b)) {
      throw formatError('FORMAT_UNSUPPORTED_COMPRESSION', ctx, `${name}-compressed objects are not supported (use gzip)`);
    }
  }
  return 'text';
}

/** Turns decompressor errors into FORMAT_BAD_GZIP/FORMAT_BAD_ZIP; other errors (the source's) pass unchanged. */
function translate(err: unknown, kind: Kind, ctx: ParseContext): unknown {
  if (isFormatError(err) || kind === 'text' || kind === 'parquet') return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('Z_')) return err;
  const message = (err as Error).message;
  const reason = message === 'unexpected end of file' ? 'truncated (unexpected end of file)' : `corrupt (${message})`;
  return kind === 'gzip'
    ? formatError('FORMAT_BAD_GZIP', ctx, `gzip stream is ${reason}`, undefined, err)
    : formatError('FORMAT_BAD_ZIP', ctx, `zip member's deflate data is ${reason}`, undefined, err);
}

function totalLength(chunks: readonly Buffer[]): number {
  let n = 0;
  for (const c of chunks) n += c.length;
  return n;
}

/** Appends chunks from `input` to `into` until they hold at least `bytes` bytes or the input ends. */
async function readAtLeast(input: AsyncIterator<Buffer | string>, into: Buffer[], bytes: number): Promise<Buffer[]> {
  let have = totalLength(into);
  while (have < bytes) {
    const next = await input.next();
    if (next.done === true) break;
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    into.push(chunk);
    have += chunk.length;
  }
  return into;
}

/** The bytes already read, then the rest of the input, counting what passes. */
async function* replay(head: Buffer[], input: AsyncIterator<Buffer | string>, counter: { compressed: number }): AsyncGenerator<Buffer, void, undefined> {
  for (const chunk of head) {
    counter.compressed += chunk.length;
    yield chunk;
  }
  for (;;) {
    const next = await input.next();
    if (next.done === true) return;
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    counter.compressed += chunk.length;
    yield chunk;
  }
}
