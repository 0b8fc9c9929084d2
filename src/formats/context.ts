import { FormatError } from '../core/index.ts';
import type { ErrorCode, Location } from '../core/index.ts';

/** Which object is being read, and the safety limits that apply to it. */
export interface ParseContext {
  bucket: string;
  key: string;
  /** Largest single record or line, in bytes (default 4 MiB). */
  maxRecordBytes?: number;
  /** Largest decompressed size of one object, in bytes (default 20 GiB). */
  maxDecompressedBytes?: number;
  /** Largest ratio of decompressed to compressed bytes (default 1000). */
  maxRatio?: number;
}

/** Default largest record or line: 4 MiB (real CloudTrail records are a few KiB). */
export const DEFAULT_MAX_RECORD_BYTES = 4 * 1024 * 1024;
/** Default largest decompressed object: 20 GiB. */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 20 * 1024 ** 3;
/** Default largest decompression ratio: deflate tops out near 1032:1, real logs compress 10-30:1. */
export const DEFAULT_MAX_RATIO = 1000;

/** The record size limit of `ctx`, with its default applied. */
export function maxRecordBytes(ctx: ParseContext): number {
  return ctx.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
}

/** A FormatError located in `ctx`'s object, optionally at a line or record. */
export function formatError(
  code: ErrorCode,
  ctx: ParseContext,
  reason: string,
  at?: { line?: number; record?: number },
  cause?: unknown,
): FormatError {
  const location: Location = { bucket: ctx.bucket, key: ctx.key, ...at };
  return new FormatError(code, location, reason, cause === undefined ? undefined : { cause });
}

/** Whether `err` was raised by a format parser (so callers do not wrap it again). */
export function isFormatError(err: unknown): err is FormatError {
  return err instanceof FormatError;
}
